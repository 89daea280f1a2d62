package io.hybridcache.jcache;

import static io.hybridcache.jcache.FileConfiguredManagers.stringJCache;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.management.CacheStatisticsMXBean;
import javax.management.JMX;
import javax.management.MBeanServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code statisticsEnabled} and {@code managementEnabled} in the file turn a cache's JSR-107 statistics and MXBeans on
 * from its creation, for caches created with the JSR's default configuration (as Spring's JCache support creates
 * them) and for caches the file declares.
 */
class StatisticsSwitchTest {
  @RegisterExtension final FileConfiguredManagers managers = new FileConfiguredManagers();
  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

  @Test
  void statisticsEnabledInTheDefaultsCountsTheReadsOfACacheCreatedWithTheJsrDefaults() throws Exception {
    CacheManager manager = managers.open("stats.yaml", """
        defaults:
          statisticsEnabled: true
        """);
    Cache<String, String> cache = stringJCache(manager, "books");

    cache.put("k", "v");
    cache.get("k");
    cache.get("absent");

    @SuppressWarnings("unchecked")
    CompleteConfiguration<String, String> config = cache.getConfiguration(CompleteConfiguration.class);
    assertThat(config.isStatisticsEnabled()).isTrue();
    assertThat(config.isManagementEnabled()).isFalse();
    HybridJCache<?, ?> jcache = cache.unwrap(HybridJCache.class);
    CacheStatisticsMXBean stats = JMX.newMXBeanProxy(server,
        JmxRegistration.objectName(jcache, JmxRegistration.Kind.STATISTICS), CacheStatisticsMXBean.class);
    assertThat(stats.getCacheHits()).isEqualTo(1);
    assertThat(stats.getCacheMisses()).isEqualTo(1);
    assertThat(stats.getCachePuts()).isEqualTo(1);
    assertThat(server.isRegistered(JmxRegistration.objectName(jcache, JmxRegistration.Kind.CONFIGURATION)))
        .isFalse();
  }

  @Test
  void aCacheSectionTurnsManagementOnAndStatisticsOffForItsCacheAlone() throws Exception {
    CacheManager manager = managers.open("mixed.yaml", """
        defaults:
          statisticsEnabled: true
        caches:
          managed:
            statisticsEnabled: false
            managementEnabled: true
        """);
    Cache<String, String> managed = manager.getCache("managed");
    Cache<String, String> other = stringJCache(manager, "other");

    HybridJCache<?, ?> jManaged = managed.unwrap(HybridJCache.class);
    HybridJCache<?, ?> jOther = other.unwrap(HybridJCache.class);
    assertThat(server.isRegistered(JmxRegistration.objectName(jManaged, JmxRegistration.Kind.CONFIGURATION)))
        .isTrue();
    assertThat(server.isRegistered(JmxRegistration.objectName(jManaged, JmxRegistration.Kind.STATISTICS)))
        .isFalse();
    assertThat(server.isRegistered(JmxRegistration.objectName(jOther, JmxRegistration.Kind.STATISTICS))).isTrue();
    assertThat(server.isRegistered(JmxRegistration.objectName(jOther, JmxRegistration.Kind.CONFIGURATION)))
        .isFalse();
  }

  @Test
  void withoutTheKeysNoMxBeanIsRegistered() throws Exception {
    CacheManager manager = managers.open("plain.yaml", "keyPrefix: plain\n");
    HybridJCache<?, ?> cache = stringJCache(manager, "books").unwrap(HybridJCache.class);

    assertThat(server.isRegistered(JmxRegistration.objectName(cache, JmxRegistration.Kind.STATISTICS))).isFalse();
    assertThat(server.isRegistered(JmxRegistration.objectName(cache, JmxRegistration.Kind.CONFIGURATION)))
        .isFalse();
  }
}

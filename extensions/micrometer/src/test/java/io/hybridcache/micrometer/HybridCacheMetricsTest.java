package io.hybridcache.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hybridcache.EntryOptions;
import io.hybridcache.HybridCache;
import io.hybridcache.HybridCacheConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The meters of an L1-only cache count what its JCache and HybridCache calls do. */
class HybridCacheMetricsTest {
  private final CachingProvider provider = Caching.getCachingProvider();
  private final CacheManager manager = provider.getCacheManager();
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final String name = "books-" + UUID.randomUUID();

  @AfterEach
  void closeManager() {
    manager.close();
  }

  private Cache<String, String> jcache(HybridCacheConfiguration<String, String> configuration) {
    return manager.createCache(name, configuration.setTypes(String.class, String.class));
  }

  @SuppressWarnings("unchecked")
  private HybridCache<String, String> monitored(Cache<String, String> jcache) {
    return HybridCacheMetrics.monitor(registry, jcache.unwrap(HybridCache.class), "cacheManager", "main");
  }

  private double count(String meter, String... tags) {
    return registry.get(meter).tag("cache", name).tag("cacheManager", "main").tags(tags).functionCounter().count();
  }

  @Test
  void cacheGetsAndPutsCountTheJCacheAndTheHybridCacheCalls() {
    Cache<String, String> jcache = jcache(new HybridCacheConfiguration<>());
    HybridCache<String, String> cache = monitored(jcache);

    jcache.put("a", "1");
    assertThat(jcache.get("a")).isEqualTo("1");
    assertThat(jcache.get("absent")).isNull();
    assertThat(cache.getOrSet("b", ctx -> "2")).isEqualTo("2");
    assertThat(cache.getOrSet("b", ctx -> "never")).isEqualTo("2");
    cache.set("c", "3");

    assertThat(count("cache.gets", "result", "hit")).isEqualTo(2);
    assertThat(count("cache.gets", "result", "miss")).isEqualTo(2);
    assertThat(count("cache.puts")).isEqualTo(3);
    assertThat(count("hybridcache.factory.runs")).isEqualTo(1);
    assertThat(registry.get("cache.size").tag("cache", name).gauge().value()).isEqualTo(3);
  }

  @Test
  void anL1OnlyCacheReportsNoMessageSentAndAnEmptyRecoveryQueue() {
    HybridCache<String, String> cache = monitored(jcache(new HybridCacheConfiguration<>()));

    cache.set("a", "1");
    cache.remove("a");

    assertThat(count("hybridcache.backplane.sent")).isZero();
    assertThat(registry.get("hybridcache.recovery.queue").tag("cache", name).tag("cacheManager", "main").gauge()
        .value()).isZero();
  }

  @Test
  void evictionsCountWhatTheBoundDropsAndTheSizeStaysWithinIt() {
    HybridCache<String, String> cache = monitored(jcache(new HybridCacheConfiguration<String, String>()
        .setMaximumSize(10)));

    for (int i = 0; i < 50; i++) {
      cache.set("k" + i, "v");
    }

    // the memory level applies its bound on a pool thread, soon after the writes
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(count("cache.evictions")).isEqualTo(40);
      assertThat(registry.get("cache.size").tag("cache", name).gauge().value()).isEqualTo(10);
    });
  }

  @Test
  void aFailingFactoryCountsAnErrorAndTheFallbackItServedCountsAFailSafeActivation() {
    HybridCache<String, String> cache = monitored(jcache(new HybridCacheConfiguration<>()));
    EntryOptions failSafe = EntryOptions.builder().duration(Duration.ofMinutes(1)).failSafe(true).build();
    cache.set("k", "old", failSafe);
    cache.expire("k");

    String served = cache.getOrSet("k", ctx -> {
      throw new IllegalStateException("database down");
    }, failSafe);

    assertThat(served).isEqualTo("old");
    assertThat(count("hybridcache.factory.errors")).isEqualTo(1);
    assertThat(count("hybridcache.failsafe.activations")).isEqualTo(1);
    assertThat(count("hybridcache.expires")).isEqualTo(1);
  }

  @Test
  void monitorRejectsANullRegistryOrCacheAndAnOddNumberOfTagStrings() {
    HybridCache<String, String> cache = monitored(jcache(new HybridCacheConfiguration<>()));

    assertThatThrownBy(() -> HybridCacheMetrics.monitor(null, cache)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("registry");
    assertThatThrownBy(() -> HybridCacheMetrics.monitor(registry, (HybridCache<?, ?>) null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("cache");
    assertThatThrownBy(() -> HybridCacheMetrics.monitor(registry, cache, "cacheManager"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bindingTheSameCacheTwiceAddsNoMeter() {
    HybridCache<String, String> cache = monitored(jcache(new HybridCacheConfiguration<>()));
    int meters = registry.getMeters().size();

    HybridCacheMetrics.monitor(registry, cache, "cacheManager", "main");

    assertThat(registry.getMeters()).hasSize(meters);
  }
}

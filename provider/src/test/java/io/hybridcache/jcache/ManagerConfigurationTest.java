package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridcache.HybridCache;
import io.hybridcache.engine.FakeTimeSource;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The provider reads a manager's file from its URI and gives each cache its settings; a bad file fails fast. */
class ManagerConfigurationTest {
  private final CachingProvider provider = Caching.getCachingProvider(HybridCachingProvider.class.getName());
  private final ClassLoader loader = getClass().getClassLoader();
  private final FakeTimeSource time = new FakeTimeSource();
  @RegisterExtension final FileConfiguredManagers managers = new FileConfiguredManagers();

  @AfterEach
  void closeManagers() {
    provider.close(loader);
  }

  private CacheManager manager(String uri) {
    Properties properties = new Properties();
    properties.put(HybridCacheManager.TIME_SOURCE_PROPERTY, time);
    return provider.getCacheManager(URI.create(uri), loader, properties);
  }

  @Test
  void aCacheDeclaredInTheFileIsCreatedByGetCacheWithItsOwnDuration() {
    CacheManager manager = manager("classpath:provider-test.yaml");
    Cache<String, String> declared = manager.getCache("declared");

    assertThat(declared).as("getCache creates a cache the file declares").isNotNull();
    declared.put("k", "v");
    time.advance(Duration.ofSeconds(4));
    assertThat(declared.get("k")).isEqualTo("v");
    time.advance(Duration.ofSeconds(2));
    assertThat(declared.get("k")).as("gone after the file's 5 s").isNull();
  }

  @Test
  void aCacheCreatedOnTheFlyGetsTheFileDefaultsDurationAndBound() {
    CacheManager manager = manager("classpath:provider-test.yaml");
    Cache<Integer, Integer> onTheFly = manager.createCache("on-the-fly", new MutableConfiguration<>());
    assertThat(manager.getCache("never-declared")).as("undeclared names are not created by getCache").isNull();

    for (int i = 0; i < 5_000; i++) {
      onTheFly.put(i, i);
    }
    time.advance(Duration.ofSeconds(59));
    long held = onTheFly.unwrap(io.hybridcache.engine.HybridCacheEngine.class).memoryEntryCount();
    assertThat(held).as("bounded by the file's maximumSize").isLessThanOrEqualTo(500);
    onTheFly.put(-1, -1);
    time.advance(Duration.ofSeconds(61));
    assertThat(onTheFly.get(-1)).as("gone after the file's 1 m").isNull();
  }

  @Test
  void maxTagsPerEntryInTheFileBoundsTheTagsOfTheCachesEntries() throws Exception {
    CacheManager manager = managers.open("tags.yaml", """
        caches:
          narrow:
            maxTagsPerEntry: 2
        """);
    HybridCache<String, String> narrow = FileConfiguredManagers.stringCache(manager, "narrow");
    HybridCache<String, String> other = FileConfiguredManagers.stringCache(manager, "other");

    narrow.set("k", "v", narrow.defaultEntryOptions(), Set.of("a", "b"));
    assertThatThrownBy(() -> narrow.set("k", "v", narrow.defaultEntryOptions(), Set.of("a", "b", "c")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 2 tags (maxTagsPerEntry)");
    other.set("k", "v", other.defaultEntryOptions(), Set.of("a", "b", "c"));
    assertThat(narrow.tryGet("k")).contains("v");
  }

  @Test
  void aBadFileFailsGetCacheManagerNamingTheFileAndTheKey() {
    assertThatThrownBy(() -> manager("classpath:provider-test-typo.yaml"))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("provider-test-typo.yaml")
        .hasMessageContaining("defaults.durration")
        .hasMessageContaining("duration");
  }

  @Test
  void aMissingFileFailsGetCacheManagerInsteadOfFallingBackToDefaults() {
    assertThatThrownBy(() -> manager("classpath:no-such-file.yaml"))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("no-such-file.yaml");
  }

  @Test
  void oneManagerPerUriAndClassLoaderAndANewOneAfterClose() {
    CacheManager first = manager("test:one-per-uri");
    assertThat(manager("test:one-per-uri")).isSameAs(first);
    assertThat(manager("test:another-uri")).isNotSameAs(first);

    first.close();

    CacheManager reopened = manager("test:one-per-uri");
    assertThat(reopened).isNotSameAs(first);
    assertThat(reopened.isClosed()).isFalse();
  }
}

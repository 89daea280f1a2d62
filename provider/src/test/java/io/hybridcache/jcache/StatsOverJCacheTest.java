package io.hybridcache.jcache;

import static io.hybridcache.jcache.FileConfiguredManagers.stringJCache;
import static org.assertj.core.api.Assertions.assertThat;

import io.hybridcache.HybridCache;
import io.hybridcache.HybridCacheStats;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JCache operations count in the cache's {@link HybridCacheStats} as the {@link HybridCache} ones do, with JSR-107
 * statistics off: what Micrometer's meters read, whichever API an application calls.
 */
class StatsOverJCacheTest {
  @RegisterExtension final FileConfiguredManagers managers = new FileConfiguredManagers();

  @Test
  void jcacheReadsWritesAndRemovalsCountInTheHybridCacheStats() throws Exception {
    CacheManager manager = managers.open("plain.yaml", "keyPrefix: plain\n");
    Cache<String, String> cache = stringJCache(manager, "books");

    cache.put("a", "1");
    cache.putAll(Map.of("b", "2", "c", "3"));
    cache.get("a");
    cache.get("absent");
    cache.getAll(Set.of("b", "c", "absent"));
    cache.remove("a");

    @SuppressWarnings("unchecked")
    HybridCacheStats stats = cache.unwrap(HybridCache.class).stats();
    assertThat(stats.hits()).isEqualTo(3);
    assertThat(stats.misses()).isEqualTo(2);
    assertThat(stats.sets()).isEqualTo(3);
    assertThat(stats.removes()).isEqualTo(1);
  }

  @Test
  void aReadThroughMissIsCountedOnce() throws Exception {
    CacheManager manager = managers.open("plain.yaml", "keyPrefix: plain\n");
    CacheLoader<String, String> loader = new CacheLoader<>() {
      @Override
      public String load(String key) {
        return key.toUpperCase();
      }

      @Override
      public Map<String, String> loadAll(Iterable<? extends String> keys) {
        throw new UnsupportedOperationException();
      }
    };
    Cache<String, String> cache = manager.createCache("loaded", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class).setReadThrough(true)
        .setCacheLoaderFactory(new FactoryBuilder.SingletonFactory<>(loader)));

    assertThat(cache.get("a")).isEqualTo("A");
    assertThat(cache.get("a")).isEqualTo("A");

    @SuppressWarnings("unchecked")
    HybridCacheStats stats = cache.unwrap(HybridCache.class).stats();
    assertThat(stats.misses()).isEqualTo(1);
    assertThat(stats.hits()).isEqualTo(1);
    assertThat(stats.factoryRuns()).isEqualTo(1);
  }
}

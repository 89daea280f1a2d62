package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hybridcache.HybridCache;
import io.hybridcache.redis.harness.RedisServerExtension;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The observer a manager is given sees its caches' factory runs and distributed-level calls start and end, failures
 * included, and never a hit.
 */
class RedisObserverTest {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();
  @RegisterExtension final FileConfiguredManagers managers = new FileConfiguredManagers();
  private final CachingProvider provider = Caching.getCachingProvider(HybridCachingProvider.class.getName());

  private CacheManager open(URI file, Object observer) {
    Properties properties = new Properties();
    properties.put(HybridCacheManager.OBSERVER_PROPERTY, observer);
    return provider.getCacheManager(file, getClass().getClassLoader(), properties);
  }

  @SuppressWarnings("unchecked")
  private static HybridCache<String, String> cache(CacheManager manager) {
    return manager.createCache("books", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)).unwrap(HybridCache.class);
  }

  @Test
  void factoryRunsAndL2CallsAreObservedAndHitsAreNot() throws IOException {
    URI file = managers.write("observed.yaml", """
        keyPrefix: observed
        redis:
          singleServerConfig:
            address: "%s"
        """.formatted(redis.server().uri()));
    RecordingObserver observer = new RecordingObserver();
    CacheManager manager = open(file, observer);
    try {
      HybridCache<String, String> cache = cache(manager);

      assertThat(cache.getOrSet("k", ctx -> "v")).isEqualTo("v");
      await().atMost(Duration.ofSeconds(30)).until(() -> observer.seen.contains("stop:l2.set"));
      int afterMiss = observer.seen.size();
      assertThat(cache.getOrSet("k", ctx -> "never")).isEqualTo("v");
      assertThat(observer.seen).as("the hit is not observed").hasSize(afterMiss);
      assertThatThrownBy(() -> cache.getOrSet("bad", ctx -> {
        throw new IllegalStateException("database down");
      })).isInstanceOf(IllegalStateException.class);

      assertThat(observer.seen.subList(0, afterMiss)).containsSubsequence(
          "start:l2.get:books", "stop:l2.get", "start:factory:books", "stop:factory", "start:l2.set:books",
          "stop:l2.set");
      assertThat(observer.seen.subList(afterMiss, observer.seen.size())).containsSubsequence(
          "start:l2.get:books", "stop:l2.get", "start:factory:books", "failed:factory:database down", "stop:factory");
    } finally {
      manager.close();
    }
  }

  @Test
  void anObserverPropertyOfAnotherTypeFailsTheManagerNamingTheProperty() throws IOException {
    URI file = managers.write("wrong.yaml", "keyPrefix: wrong\n");

    assertThatThrownBy(() -> open(file, "not an observer")).isInstanceOf(CacheException.class)
        .hasMessageContaining(HybridCacheManager.OBSERVER_PROPERTY);
  }
}

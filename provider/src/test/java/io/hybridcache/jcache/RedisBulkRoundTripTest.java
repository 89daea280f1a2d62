package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridcache.HybridCache;
import io.hybridcache.redis.harness.RedisServerExtension;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A JCache {@code putAll} and the bulk calls of {@code HybridCache} are one distributed-level call each (as the
 * manager's observer sees them: one {@code l2.setAll} or {@code l2.getAll}, never one {@code l2.set} per key).
 */
class RedisBulkRoundTripTest {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();
  @RegisterExtension final FileConfiguredManagers managers = new FileConfiguredManagers();
  private final CachingProvider provider = Caching.getCachingProvider(HybridCachingProvider.class.getName());

  /** A manager (a node) of key prefix {@code prefix}, configured in its own file {@code name}. */
  private CacheManager open(String name, String prefix, RecordingObserver observer) throws IOException {
    URI file = managers.write(name + ".yaml", """
        keyPrefix: %s
        redis:
          singleServerConfig:
            address: "%s"
        """.formatted(prefix, redis.server().uri()));
    Properties properties = new Properties();
    properties.put(HybridCacheManager.OBSERVER_PROPERTY, observer);
    return provider.getCacheManager(file, getClass().getClassLoader(), properties);
  }

  private static Cache<String, String> books(CacheManager manager) {
    return manager.createCache("books", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
  }

  private static Map<String, String> entries() {
    Map<String, String> entries = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      entries.put("b" + i, "title " + i);
    }
    return entries;
  }

  private static List<String> starts(RecordingObserver observer) {
    return observer.seen.stream().filter(s -> s.startsWith("start:l2.")).toList();
  }

  @Test
  void aPutAllIsOneBulkWriteAndGetAllTryGetAllAndRemoveAllOneBulkCallEach() throws IOException {
    RecordingObserver writes = new RecordingObserver();
    RecordingObserver reads = new RecordingObserver();
    CacheManager writer = open("writer", "bulkjc", writes);
    CacheManager reader = open("reader", "bulkjc", reads);
    RecordingObserver thirds = new RecordingObserver();
    CacheManager thirdNode = open("third", "bulkjc", thirds);
    try {
      Cache<String, String> cache = books(writer);
      writes.seen.clear();
      cache.putAll(entries());
      assertThat(starts(writes)).containsExactly("start:l2.setAll:books");

      Cache<String, String> otherCache = books(reader);
      reads.seen.clear();
      assertThat(otherCache.getAll(entries().keySet())).isEqualTo(entries());
      assertThat(starts(reads)).containsOnlyOnce("start:l2.getAll:books").doesNotContain("start:l2.get:books");

      @SuppressWarnings("unchecked")
      HybridCache<String, String> third = books(thirdNode).unwrap(HybridCache.class); // its memory level is cold
      thirds.seen.clear();
      assertThat(third.tryGetAll(entries().keySet())).isEqualTo(entries());
      assertThat(starts(thirds)).containsOnlyOnce("start:l2.getAll:books").doesNotContain("start:l2.get:books");
      @SuppressWarnings("unchecked")
      HybridCache<String, String> other = otherCache.unwrap(HybridCache.class);
      reads.seen.clear();
      other.removeAll(entries().keySet());
      assertThat(starts(reads)).containsOnlyOnce("start:l2.removeAll:books").doesNotContain("start:l2.remove:books");
    } finally {
      thirdNode.close();
      reader.close();
      writer.close();
    }
  }
}

package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.HybridCache;
import io.hybridcache.redis.harness.RedisServerExtension;
import java.io.IOException;
import java.time.Duration;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.cache.support.NullValue;

/**
 * Spring's cache classes between two nodes on a real Redis, with nothing in the allow-list but its defaults: the
 * placeholder of a null that Spring caches on one node is read as that placeholder on the other, and the removal of
 * an entry under a {@link SimpleKey} on one node reaches the other's copy, whose key it decodes.
 */
class RedisSpringCacheClassesTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension
  static RedisServerExtension redis = new RedisServerExtension();

  @RegisterExtension
  final FileConfiguredManagers managers = new FileConfiguredManagers();

  @BeforeEach
  void emptyRedis() {
    redis.server().command("FLUSHALL");
  }

  private Cache<Object, Object> node(String name) throws IOException {
    CacheManager manager = managers.open(name + ".yaml", """
        keyPrefix: spring
        redis:
          singleServerConfig:
            address: "%s"
        """.formatted(redis.server().uri()));
    return manager.createCache("books", new MutableConfiguration<>());
  }

  @SuppressWarnings("unchecked")
  private static HybridCache<Object, Object> hybrid(Cache<Object, Object> cache) {
    return cache.unwrap(HybridCache.class);
  }

  @Test
  void aNullCachedByOneNodeAsNullValueIsReadAsTheSameSingletonOnTheOther() throws IOException {
    Cache<Object, Object> a = node("a");
    Cache<Object, Object> b = node("b");

    a.put(new SimpleKey("isbn", 42), NullValue.INSTANCE);

    assertThat(b.get(new SimpleKey("isbn", 42))).isSameAs(NullValue.INSTANCE);
    assertThat(hybrid(b).stats().serializationErrors()).isZero();
  }

  @Test
  void theRemovalOfAnEntryUnderASimpleKeyOnOneNodeDropsTheOthersCopy() throws IOException {
    Cache<Object, Object> a = node("a");
    Cache<Object, Object> b = node("b");
    SimpleKey key = new SimpleKey("a", 2);
    a.put(key, "v1");
    assertThat(b.get(key)).isEqualTo("v1"); // b holds v1 in L1
    await().atMost(WAIT).until(() -> hybrid(b).stats().backplaneMessages() >= 1); // the put's, applied

    a.remove(key);

    await().atMost(WAIT).until(() -> hybrid(b).stats().backplaneMessages() >= 2); // the removal's, applied
    assertThat(b.get(key)).isNull();
    assertThat(hybrid(b).stats().serializationErrors()).as("b decoded the message's key").isZero();
  }
}

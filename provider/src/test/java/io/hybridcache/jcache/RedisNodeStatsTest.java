package io.hybridcache.jcache;

import static io.hybridcache.jcache.FileConfiguredManagers.stringCache;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.HybridCache;
import io.hybridcache.HybridCacheNodeStats;
import io.hybridcache.redis.harness.RedisServerExtension;
import java.io.IOException;
import java.time.Duration;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A manager's node stats tell its distributed parts, the state of their circuit breakers and what waits for
 * auto-recovery; a cache's stats count its successful L2 writes.
 */
class RedisNodeStatsTest {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();
  @RegisterExtension final FileConfiguredManagers managers = new FileConfiguredManagers();

  @Test
  void aMemoryOnlyManagerHasNoNodeStats() throws IOException {
    CacheManager manager = managers.open("l1.yaml", "keyPrefix: l1\n");

    assertThat(manager.unwrap(HybridCacheManager.class).nodeStats()).isEmpty();
  }

  @Test
  void theDistributedLevelIsSkippedAfterAFailureWhileItsCircuitBreakerIsOpen() throws IOException {
    CacheManager manager = managers.open("node.yaml", """
        keyPrefix: stats
        redis:
          singleServerConfig:
            address: "%s"
            connectTimeout: 500
            timeout: 500
            retryAttempts: 0
        circuitBreakers:
          distributedLevel: 10m
        """.formatted(redis.server().uri()));
    HybridCache<String, String> cache = stringCache(manager, "books");
    cache.set("k", "v");
    HybridCacheNodeStats before = manager.unwrap(HybridCacheManager.class).nodeStats().orElseThrow();
    assertThat(before.distributedLevel()).isTrue();
    assertThat(before.backplane()).isTrue();
    assertThat(before.distributedLevelSkipped()).isFalse();
    assertThat(before.nodeId()).isNotBlank();
    assertThat(before.pendingRecoveries()).isZero();
    assertThat(cache.stats().distributedWrites()).isEqualTo(1);

    redis.server().kill();
    cache.set("k", "w");

    HybridCacheNodeStats after = manager.unwrap(HybridCacheManager.class).nodeStats().orElseThrow();
    assertThat(after.distributedLevelSkipped()).isTrue();
    assertThat(after.nodeId()).isEqualTo(before.nodeId());
    assertThat(after.pendingRecoveries()).as("the failed write waits for auto-recovery").isEqualTo(1);
    assertThat(cache.stats().distributedWrites()).isEqualTo(1);
  }

  @Test
  void withoutACircuitBreakerTheDistributedLevelIsFailingFromAFailedCallUntilACallSucceeds() throws IOException {
    CacheManager manager = managers.open("failing.yaml", """
        keyPrefix: failing
        redis:
          singleServerConfig:
            address: "%s"
            connectTimeout: 500
            timeout: 500
            retryAttempts: 0
        autoRecovery:
          enabled: false
        """.formatted(redis.server().uri()));
    HybridCacheManager node = manager.unwrap(HybridCacheManager.class);
    HybridCache<String, String> cache = stringCache(manager, "books");
    cache.set("k", "v");
    assertThat(node.nodeStats().orElseThrow().distributedLevelFailing()).isFalse();

    redis.server().kill();
    cache.set("k", "w");

    HybridCacheNodeStats down = node.nodeStats().orElseThrow();
    assertThat(down.distributedLevelFailing()).isTrue();
    assertThat(down.distributedLevelSkipped()).as("no breaker: never skipped").isFalse();

    redis.server().restart();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      cache.set("k", "x"); // the client may take a moment to reconnect: a failed write keeps it failing
      assertThat(node.nodeStats().orElseThrow().distributedLevelFailing()).isFalse();
    });
  }
}

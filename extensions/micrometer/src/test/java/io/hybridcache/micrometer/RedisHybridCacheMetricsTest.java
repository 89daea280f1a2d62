package io.hybridcache.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.HybridCache;
import io.hybridcache.redis.harness.RedisServerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The L2 and backplane meters of two nodes (two managers) sharing one Redis, through the published (shaded) provider.
 */
class RedisHybridCacheMetricsTest {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  private final CachingProvider provider = Caching.getCachingProvider();
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private CacheManager nodeA;
  private CacheManager nodeB;
  private HybridCache<String, String> a;
  private HybridCache<String, String> b;
  private Path dir;

  @BeforeEach
  void openTwoNodes() throws IOException {
    String yaml = """
        keyPrefix: m%s
        redis:
          singleServerConfig:
            address: "%s"
            connectTimeout: 500
            timeout: 500
            retryAttempts: 0
        """.formatted(UUID.randomUUID().toString().substring(0, 8), redis.server().uri());
    dir = Files.createTempDirectory("hybridcache-metrics-");
    ClassLoader loader = getClass().getClassLoader();
    nodeA = provider.getCacheManager(Files.writeString(dir.resolve("a.yaml"), yaml).toUri(), loader);
    nodeB = provider.getCacheManager(Files.writeString(dir.resolve("b.yaml"), yaml).toUri(), loader);
    a = HybridCacheMetrics.monitor(registry, cache(nodeA), "cacheManager", "a");
    b = HybridCacheMetrics.monitor(registry, cache(nodeB), "cacheManager", "b");
  }

  @SuppressWarnings("unchecked")
  private static HybridCache<String, String> cache(CacheManager manager) {
    return manager.createCache("books", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)).unwrap(HybridCache.class);
  }

  @AfterEach
  void closeNodes() throws IOException {
    nodeA.close();
    nodeB.close();
    Files.delete(dir.resolve("a.yaml"));
    Files.delete(dir.resolve("b.yaml"));
    Files.delete(dir);
  }

  private double count(String node, String meter, String... tags) {
    return registry.get(meter).tag("cache", "books").tag("cacheManager", node).tags(tags).functionCounter().count();
  }

  private double queue(String node) {
    return registry.get("hybridcache.recovery.queue").tag("cache", "books").tag("cacheManager", node).gauge().value();
  }

  @Test
  void aReadOfWhatAnotherNodeWroteCountsAnL2HitAndItsChangesCountBackplaneMessages() {
    a.set("k", "1");
    assertThat(count("a", "hybridcache.backplane.sent")).isEqualTo(1);
    assertThat(b.tryGet("k")).contains("1");
    assertThat(count("b", "hybridcache.backplane.sent")).as("a read publishes nothing").isZero();

    assertThat(count("b", "hybridcache.l2.reads", "result", "hit")).isEqualTo(1);
    assertThat(count("b", "cache.gets", "result", "hit")).isEqualTo(1);
    assertThat(count("a", "cache.puts")).isEqualTo(1);
    assertThat(count("a", "hybridcache.l2.writes")).isEqualTo(1);
    assertThat(b.tryGet("absent")).isEmpty();
    assertThat(count("b", "hybridcache.l2.reads", "result", "miss")).isEqualTo(1);

    a.set("k", "2");
    await().atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(count("b", "hybridcache.backplane.received")).isPositive());
  }

  @Test
  void writesWhileRedisIsDownCountL2ErrorsAndWaitInTheRecoveryQueueUntilReplayedWhenItIsBack() {
    redis.server().kill();

    a.set("k", "v");

    assertThat(count("a", "hybridcache.l2.errors")).isPositive();
    assertThat(count("a", "hybridcache.backplane.sent")).as("the failed write published nothing").isZero();
    assertThat(queue("a")).as("the failed write waits for auto-recovery").isEqualTo(1);
    assertThat(queue("b")).isZero();
    assertThat(a.tryGet("k")).as("the memory level still serves").contains("v");
    redis.server().restart();
    await().atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(count("a", "hybridcache.recovery.replays")).isPositive());
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(queue("a")).isZero());
  }
}

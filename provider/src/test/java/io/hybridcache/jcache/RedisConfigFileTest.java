package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hybridcache.HybridCache;
import io.hybridcache.redis.harness.RedisServerExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import javax.cache.Caching;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A configuration file's {@code redis} section connects the managers that read it to Redis, as nodes of one cache. */
class RedisConfigFileTest {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private final String keyPrefix = "yaml" + PREFIXES.incrementAndGet();
  private final CachingProvider provider = Caching.getCachingProvider(HybridCachingProvider.class.getName());
  private final List<CacheManager> managers = new ArrayList<>();

  @AfterEach
  void closeManagers() {
    managers.forEach(CacheManager::close);
  }

  private String redisSection(String address) {
    return """
        keyPrefix: %s
        redis:
          threads: 2
          nettyThreads: 4
          singleServerConfig:
            address: "%s"
            connectionMinimumIdleSize: 1
            connectionPoolSize: 4
            subscriptionConnectionMinimumIdleSize: 1
            subscriptionConnectionPoolSize: 2
            timeout: 1000
            connectTimeout: 1000
            retryAttempts: 1
        """.formatted(keyPrefix, address);
  }

  private URI file(String name, String yaml) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, yaml);
    return file.toUri();
  }

  private CacheManager manager(URI uri) {
    CacheManager manager = provider.getCacheManager(uri, getClass().getClassLoader());
    managers.add(manager);
    return manager;
  }

  private static Cache<String, String> products(CacheManager manager) {
    return manager.createCache("products", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
  }

  @Test
  void twoManagersOnTheSameRedisSectionAreTwoNodesOfOneCache() throws IOException {
    String yaml = redisSection(redis.server().uri());
    Cache<String, String> node1 = products(manager(file("node1.yaml", yaml)));
    Cache<String, String> node2 = products(manager(file("node2.yaml", yaml)));

    node1.put("p1", "first");
    assertThat(node2.get("p1")).isEqualTo("first");

    node1.put("p1", "second");
    await().atMost(WAIT).until(() -> "second".equals(node2.get("p1")));
  }

  @Test
  void withDistributedLockingInTheFileTwoNodesRunAColdKeysFactoryOnce() throws Exception {
    String yaml = redisSection(redis.server().uri()) + "distributedLocking: true\n";
    List<HybridCache<String, String>> nodes = List.of(hybrid(products(manager(file("node1.yaml", yaml)))),
        hybrid(products(manager(file("node2.yaml", yaml)))));
    AtomicInteger runs = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<String>> calls = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        HybridCache<String, String> node = nodes.get(i % 2);
        calls.add(pool.submit(() -> {
          start.await();
          return node.getOrSet("cold", ctx -> {
            runs.incrementAndGet();
            Thread.sleep(30);
            return "computed";
          });
        }));
      }
      start.countDown();
      for (Future<String> call : calls) {
        assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo("computed");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(runs).hasValue(1);
  }

  @SuppressWarnings("unchecked")
  private static HybridCache<String, String> hybrid(Cache<String, String> cache) {
    return cache.unwrap(HybridCache.class);
  }

  @Test
  void entriesAreStoredUnderReadableKeys() throws IOException {
    Cache<String, String> cache = products(manager(file("node.yaml", redisSection(redis.server().uri()))));

    cache.put("p1", "v1");

    assertThat(redis.server().command("EXISTS", keyPrefix + ":products:p1")).isEqualTo(":1");
  }

  @Test
  void aRemovalLeavesATombstoneForTheDurationTheFileGivesOrNoneForZero() throws IOException {
    Cache<String, String> remembering = products(manager(file("remembering.yaml",
        redisSection(redis.server().uri()) + "tombstones:\n  duration: 5s\n")));
    remembering.put("p1", "v1");
    remembering.remove("p1");

    long ttl = Long.parseLong(redis.server().command("PTTL", keyPrefix + ":products:p1").substring(1));
    assertThat(ttl).isBetween(1L, 5_000L);
    assertThat(remembering.get("p1")).isNull();

    managers.forEach(CacheManager::close);
    managers.clear();
    Cache<String, String> forgetting = products(manager(file("forgetting.yaml",
        redisSection(redis.server().uri()) + "tombstones:\n  duration: 0\n")));
    forgetting.put("p2", "v2");
    forgetting.remove("p2");
    assertThat(redis.server().command("EXISTS", keyPrefix + ":products:p2")).isEqualTo(":0");
  }

  @Test
  void closingTheManagerClosesItsRedisConnection() throws IOException {
    CacheManager manager = manager(file("node.yaml", redisSection(redis.server().uri())));
    long before = clients();

    manager.close();

    await().atMost(WAIT).until(() -> clients() < before);
  }

  private long clients() {
    String info = redis.server().command("INFO", "clients");
    return info.lines().filter(l -> l.startsWith("connected_clients:"))
        .mapToLong(l -> Long.parseLong(l.substring("connected_clients:".length()).strip())).findFirst()
        .orElseThrow();
  }

  @Test
  void aKeyRedissonDoesNotKnowFailsNamingTheFileAndTheRedisKey() throws IOException {
    URI uri = file("typo.yaml", redisSection(redis.server().uri()).replace("connectTimeout", "conectTimeout"));

    assertThatThrownBy(() -> manager(uri)).isInstanceOf(CacheException.class)
        .hasMessageContaining(uri.getPath())
        .hasMessageContaining("at redis.singleServerConfig.conectTimeout: Redisson has no such setting")
        .hasMessageContaining("fix or remove this key");
  }

  @Test
  void aValueRedissonCannotUseFailsNamingTheKeyAndTheValue() throws IOException {
    URI uri = file("value.yaml", redisSection(redis.server().uri()).replace("timeout: 1000", "timeout: soon"));

    assertThatThrownBy(() -> manager(uri)).isInstanceOf(CacheException.class)
        .hasMessageContaining(uri.getPath())
        .hasMessageContaining("at redis.singleServerConfig.timeout: Redisson cannot use this value")
        .hasMessageContaining("soon");
  }

  @Test
  void aSectionWithoutServersFailsSayingWhatToAdd() throws IOException {
    URI uri = file("noservers.yaml", "redis:\n  threads: 2\n");

    assertThatThrownBy(() -> manager(uri)).isInstanceOf(CacheException.class)
        .hasMessageContaining(uri.getPath()).hasMessageContaining("at redis:")
        .hasMessageContaining("names no Redis servers; add singleServerConfig");
  }

  @Test
  void anUnreachableRedisFailsAtStartupNamingTheAddress() throws IOException {
    String address = "redis://127.0.0.1:" + closedPort();
    URI uri = file("down.yaml", redisSection(address));

    assertThatThrownBy(() -> manager(uri)).isInstanceOf(CacheException.class)
        .hasMessageContaining(uri.getPath()).hasMessageContaining("at redis:")
        .hasMessageContaining("could not connect to Redis at " + address);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

package io.hybridcache.examples;

import io.hybridcache.HybridCache;
import io.hybridcache.HybridCacheStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * Scene 6: three nodes sharing one Redis, as three services would. Each node is a cache manager of its own (its own
 * memory level, node id and backplane subscription), opened from a configuration file whose {@code redis} section
 * names the server. A value loaded on one node is read by the others from Redis without a database query; a
 * {@code put} on one node reaches the memory level of the others through the backplane; a {@code remove} too.
 *
 * <p>Runs only when a Redis address is given, by the environment variable {@value #ADDRESS_VARIABLE} or the system
 * property {@value #ADDRESS_PROPERTY} (for example {@code redis://127.0.0.1:6379}); otherwise it says how to enable
 * it. Its keys live under the key prefix {@code hybridcache-demo} and are removed at the end (only the prefix's
 * notification counter, {@code hybridcache-demo:~seq}, stays).
 */
final class ClusterScene {
  static final String ADDRESS_VARIABLE = "HYBRIDCACHE_REDIS_ADDRESS";
  static final String ADDRESS_PROPERTY = "hybridcache.demo.redis";
  private static final String CACHE = "cluster-catalog";
  private static final String KEY = "product:7";
  private static final Duration PROPAGATION_LIMIT = Duration.ofSeconds(5);
  /** Polled often: the scene prints how long a change took to reach the other nodes. */
  private static final Duration POLL = Duration.ofMillis(1);
  private static final int NODES = 3;

  private ClusterScene() {}

  static String run(CachingProvider provider) throws Exception {
    Console.title(6, "Three nodes, one Redis");
    String address = System.getProperty(ADDRESS_PROPERTY, System.getenv(ADDRESS_VARIABLE));
    if (address == null || address.isBlank()) {
      Console.line("no Redis address given, so this scene runs no nodes. To see three nodes share an L2 and a");
      Console.line("backplane, start a Redis and run the demo with %s=redis://127.0.0.1:6379", ADDRESS_VARIABLE);
      Console.line("(or -D%s=...). Without Redis every cache manager is one node, memory level only.",
          ADDRESS_PROPERTY);
      return "cluster scene skipped (no Redis address)";
    }
    String keyPrefix = "hybridcache-demo";
    Path dir = Files.createTempDirectory("hybridcache-demo");
    List<CacheManager> managers = new ArrayList<>();
    try {
      FakeDatabase<Product> db = new FakeDatabase<>(Duration.ofMillis(100), Product::new);
      List<Cache<String, Product>> nodes = new ArrayList<>();
      for (int i = 1; i <= NODES; i++) {
        Path file = dir.resolve("node" + i + ".yaml");
        Files.writeString(file, "keyPrefix: " + keyPrefix + "\nredis:\n  singleServerConfig:\n    address: \""
            + address.trim() + "\"\nserialization:\n  allowedClasses: [io.hybridcache.examples.Product]\n");
        CacheManager manager = provider.getCacheManager(file.toUri(), ClusterScene.class.getClassLoader());
        managers.add(manager);
        nodes.add(manager.createCache(CACHE, new MutableConfiguration<String, Product>()
            .setTypes(String.class, Product.class)
            .setReadThrough(true)
            .setCacheLoaderFactory(FactoryBuilder.factoryOf(new DatabaseLoader(db)))));
      }
      Console.line("3 cache managers, each from a file with keyPrefix %s and redis: %s", keyPrefix, address);
      return show(nodes, db);
    } catch (CacheException e) {
      Console.line("could not run the nodes on %s: %s", address, e.getMessage());
      return "cluster scene failed (" + address + " unreachable?)";
    } finally {
      for (CacheManager manager : managers) {
        manager.destroyCache(CACHE); // removes the scene's keys from Redis too
        manager.close();
      }
      try (var files = Files.list(dir)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Files.delete(file);
        }
      }
      Files.delete(dir);
    }
  }

  private static String show(List<Cache<String, Product>> nodes, FakeDatabase<Product> db) throws Exception {
    Cache<String, Product> n1 = nodes.get(0);
    Cache<String, Product> n2 = nodes.get(1);
    Cache<String, Product> n3 = nodes.get(2);

    Console.line("node 1: get(\"%s\") -> %s (its loader queried the database)", KEY, n1.get(KEY));
    Console.line("node 2: get -> %s, node 3: get -> %s", n2.get(KEY), n3.get(KEY));
    Console.line("  database queries: %d; nodes 2 and 3 read it from Redis (L2 hits: %d, %d)", db.queries(),
        stats(n2).distributedHits(), stats(n3).distributedHits());

    Product changed = new Product(KEY, 99);
    long start = System.nanoTime();
    n2.put(KEY, changed);
    Console.line("node 2: put %s; one script writes Redis and notifies the others", changed);
    boolean seen = Polling.awaitTrue(() -> changed.equals(n1.get(KEY)) && changed.equals(n3.get(KEY)),
        PROPAGATION_LIMIT, POLL);
    Console.line("  nodes 1 and 3 %s %s after %s (their L1 copies were invalidated by the backplane)",
        seen ? "read" : "did NOT read", changed, Console.ms(System.nanoTime() - start));

    start = System.nanoTime();
    n3.remove(KEY);
    Console.line("node 3: remove(\"%s\")", KEY);
    boolean gone = Polling.awaitTrue(() -> !n1.containsKey(KEY) && !n2.containsKey(KEY), PROPAGATION_LIMIT, POLL);
    Console.line("  nodes 1 and 2 %s the entry after %s", gone ? "dropped" : "did NOT drop",
        Console.ms(System.nanoTime() - start));
    Console.line("  backplane messages applied: node 1 %d, node 2 %d, node 3 %d", stats(n1).backplaneMessages(),
        stats(n2).backplaneMessages(), stats(n3).backplaneMessages());
    return seen && gone ? "3 nodes in sync through Redis (" + db.queries() + " database query)"
        : "3 nodes did not converge in " + PROPAGATION_LIMIT.toSeconds() + " s";
  }

  private static HybridCacheStats stats(Cache<String, Product> cache) {
    return cache.unwrap(HybridCache.class).stats();
  }
}

package io.hybridcache.it.bucket4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/**
 * The cache managers a Bucket4j user would run, as a new user configures them: a YAML file per node (L1 only, or on
 * one Redis with L2 and backplane), caches created with a plain {@code MutableConfiguration}. With several nodes,
 * {@link #cache} hands out one {@code Cache} whose calls go to the nodes in turn, so one bucket is changed from every
 * node at once.
 */
final class Bucket4jNodes implements AutoCloseable {
  /** How many nodes, and whether they share a Redis. */
  enum Layout {
    L1_ONLY(1, false), ONE_REDIS_NODE(1, true), TWO_REDIS_NODES(2, true);

    final int nodes;
    final boolean redis;

    Layout(int nodes, boolean redis) {
      this.nodes = nodes;
      this.redis = redis;
    }
  }

  private final List<CacheManager> managers = new ArrayList<>();

  /**
   * Starts the nodes of {@code layout}, writing their files into {@code dir}; {@code redisUri} is the server's address
   * (unused for {@link Layout#L1_ONLY}).
   */
  Bucket4jNodes(Layout layout, Path dir, String redisUri) {
    String run = UUID.randomUUID().toString().substring(0, 8);
    // a bucket must outlive the test: entries of a plain MutableConfiguration live for the file's duration (30 s
    // when unset), which a rate limiter's state would outlive in production too. On Redis, reads skip L1, as
    // docs/distributed.md advises for a rate limiter's cache: its invokes read Redis anyway, and a plain get (the
    // compatibility check ends with one) must not answer from a copy another node's last invoke has not yet dropped
    String yaml = "keyPrefix: b4j" + run + "\n"
        + (layout.redis ? "redis:\n  singleServerConfig:\n    address: \"" + redisUri + "\"\n" : "")
        + "defaults:\n  duration: 1h\n" + (layout.redis ? "  skipMemoryCacheRead: true\n" : "");
    try {
      for (int i = 0; i < layout.nodes; i++) {
        Path file = Files.writeString(dir.resolve("b4j-" + run + "-node" + i + ".yaml"), yaml);
        managers.add(Caching.getCachingProvider().getCacheManager(file.toUri(), getClass().getClassLoader()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The cache {@code name} of every node, created with {@code configuration}; with several nodes, a {@code Cache}
   * whose every call goes to the next node in turn.
   */
  @SuppressWarnings("unchecked")
  <K, V> Cache<K, V> cache(String name, MutableConfiguration<K, V> configuration) {
    List<Cache<K, V>> caches = new ArrayList<>();
    for (CacheManager manager : managers) {
      caches.add(manager.createCache(name, configuration));
    }
    if (caches.size() == 1) {
      return caches.get(0);
    }
    AtomicInteger next = new AtomicInteger();
    return (Cache<K, V>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Cache.class},
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return method.invoke(caches.get(0), args);
          }
          Cache<K, V> target = caches.get(Math.floorMod(next.getAndIncrement(), caches.size()));
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Override
  public void close() {
    managers.forEach(CacheManager::close);
  }
}

package io.hybridcache.examples;

import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;

/**
 * A tour of HybridCache through JCache: the provider comes from {@link Caching#getCachingProvider()} and every cache
 * from its default {@link CacheManager} (embedded, memory level only). Scene 1 uses the standard JCache API only;
 * scenes 2 to 5 create their cache with a {@code HybridCacheConfiguration} and unwrap it to {@code HybridCache} for
 * stampede protection, fail-safe, soft timeout and eager refresh. Scene 6 runs three nodes on one Redis when an
 * address is given ({@value ClusterScene#ADDRESS_VARIABLE}), and says how to enable it otherwise. Each scene queries a
 * {@link FakeDatabase} that sleeps in real time, and prints timings and counters.
 *
 * <p>Run it from the repository root with {@code ./mvnw -q -Pdemo -pl examples -am process-classes}; it takes a few
 * seconds.
 */
public final class Demo {
  private Demo() {}

  /**
   * Runs the six scenes, closes the cache manager and prints a one-line summary.
   *
   * @param args ignored
   * @throws Exception if a scene fails unexpectedly
   */
  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    CachingProvider provider = Caching.getCachingProvider();
    String[] results;
    try (CacheManager manager = provider.getCacheManager()) {
      System.out.printf("Caching.getCachingProvider() -> %s, getCacheManager() -> %s%n",
          provider.getClass().getName(), manager.getURI());
      results = new String[] {
          JCacheScene.run(manager),
          StampedeScene.run(manager),
          FailSafeScene.run(manager),
          SoftTimeoutScene.run(manager),
          EagerRefreshScene.run(manager),
          ClusterScene.run(provider),
      };
    }
    System.out.printf("%nSummary: %s; all in %.1f s.%n", String.join("; ", results),
        Console.millisSince(start) / 1000.0);
  }
}

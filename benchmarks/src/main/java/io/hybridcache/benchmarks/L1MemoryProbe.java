package io.hybridcache.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import io.hybridcache.HybridCacheConfiguration;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.OptionalLong;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.spi.CachingProvider;

/**
 * Bytes of heap per L1 entry: each cache is filled with {@code entries} String keys (made beforehand and held
 * throughout, so that neither keys nor values are counted), all mapped to one String value, and the heap used after a
 * full GC is compared with the heap used before. What remains is what the cache itself holds per entry: its map
 * node, its eviction and expiry bookkeeping, and the entry object of HybridCache or the {@code Expirable} of
 * Caffeine's JCache adapter.
 *
 * <p>Compared, each bounded to {@code entries} (so nothing is evicted) where a bound is given:
 * <ul>
 *   <li>{@code hybrid-jcache}: HybridCache's JCache, by reference, a plain configuration bounded by
 *       {@code setMaximumSize} (its L1 is Caffeine bounded by size; freshness is the entry's own);</li>
 *   <li>{@code hybrid-jcache-created-1h}: the same with a one-hour {@code CreatedExpiryPolicy};</li>
 *   <li>{@code caffeine-expire-after-write}: raw Caffeine with the same size bound and {@code expireAfterWrite} of one
 *       hour, the baseline of the target;</li>
 *   <li>{@code caffeine-jcache}: Caffeine's JCache adapter, by reference, a plain configuration (unbounded, its
 *       default), and {@code caffeine-jcache-bounded}, the same bounded to {@code entries}.</li>
 * </ul>
 *
 * <p>Run with a heap large enough for every cache and a collector whose full GC compacts, e.g.:
 * {@code java -Xmx3g -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar io.hybridcache.benchmarks.L1MemoryProbe
 * 1000000}. Each cache is measured three times (a fresh cache each time); the lowest figure is printed.
 */
public final class L1MemoryProbe {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private static final String VALUE = "value";

  private L1MemoryProbe() {}

  /**
   * Prints the bytes per entry of each cache.
   *
   * @param args the number of entries (default 1,000,000)
   */
  public static void main(String[] args) {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    String[] keys = new String[entries];
    for (int i = 0; i < entries; i++) {
      keys[i] = "key-" + i;
    }
    ClassLoader loader = L1MemoryProbe.class.getClassLoader();
    CachingProvider hybrid = Caching.getCachingProvider("io.hybridcache.jcache.HybridCachingProvider", loader);
    CachingProvider caffeineJCache =
        Caching.getCachingProvider("com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider", loader);

    report("caffeine-expire-after-write", entries, () -> {
      Cache<String, String> c = Caffeine.newBuilder().maximumSize(entries)
          .expireAfterWrite(Duration.ofHours(1)).build();
      return fill(keys, c::put, c);
    });
    report("caffeine-jcache", entries, () -> jcache(caffeineJCache, keys,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class).setStoreByValue(false)));
    report("caffeine-jcache-bounded", entries, () -> {
      CaffeineConfiguration<String, String> c = new CaffeineConfiguration<>(
          new MutableConfiguration<String, String>().setTypes(String.class, String.class).setStoreByValue(false));
      c.setMaximumSize(OptionalLong.of(entries));
      return jcache(caffeineJCache, keys, c);
    });
    report("hybrid-jcache", entries, () -> jcache(hybrid, keys, new HybridCacheConfiguration<String, String>()
        .setTypes(String.class, String.class).setStoreByValue(false).setMaximumSize(entries)));
    report("hybrid-jcache-created-1h", entries, () -> jcache(hybrid, keys,
        new HybridCacheConfiguration<String, String>().setTypes(String.class, String.class).setStoreByValue(false)
        .setMaximumSize(entries).setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(javax.cache.expiry.Duration.ONE_HOUR))));
    if (keys.length != entries) {
      throw new AssertionError(); // keeps the keys reachable until the end
    }
  }

  /** A filled cache and what closes it. */
  private record Filled(Object cache, Runnable close) {
  }

  private static Filled fill(String[] keys, java.util.function.BiConsumer<String, String> put, Object cache) {
    for (String key : keys) {
      put.accept(key, VALUE);
    }
    return new Filled(cache, () -> { });
  }

  private static Filled jcache(CachingProvider provider, String[] keys,
      javax.cache.configuration.Configuration<String, String> configuration) {
    CacheManager manager = provider.getCacheManager(provider.getDefaultURI(), L1MemoryProbe.class.getClassLoader());
    javax.cache.Cache<String, String> cache = manager.createCache("memory-probe", configuration);
    fill(keys, cache::put, cache);
    return new Filled(cache, () -> {
      manager.destroyCache("memory-probe");
      manager.close();
    });
  }

  private static void report(String name, int entries, java.util.function.Supplier<Filled> make) {
    double best = Double.MAX_VALUE;
    for (int run = 0; run < 3; run++) {
      long before = usedAfterGc();
      Filled filled = make.get();
      long after = usedAfterGc();
      best = Math.min(best, (after - before) / (double) entries);
      keep(filled.cache());
      filled.close().run();
    }
    System.out.printf("%-28s %7.1f bytes per entry%n", name, best);
  }

  private static volatile Object sink;

  private static void keep(Object o) {
    sink = o;
    sink = null;
  }

  private static long usedAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}

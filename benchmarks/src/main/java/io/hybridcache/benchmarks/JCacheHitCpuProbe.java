package io.hybridcache.benchmarks;

import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import io.hybridcache.HybridCacheConfiguration;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.spi.CachingProvider;

/**
 * The JCache {@code get} hit in CPU time per read, for a machine other work loads: JMH's throughput counts the time
 * the benchmark thread waits for a core, and on a shared two-core machine that moved a ratio by 2x between runs. This
 * probe measures the reading thread's own CPU time ({@code ThreadMXBean.getCurrentThreadCpuTime}) over rounds of 2M
 * reads, the caches taking turns within each round so that a change of load falls on all of them, and prints each
 * cache's median nanoseconds per read and its ratio to Caffeine's adapter on the same configuration.
 *
 * <p>Caches (1,024 keys, read round-robin; each read by a loop of its own, so each call site stays monomorphic):
 * HybridCache and Caffeine's JCache adapter, each as its provider makes a cache no one bounds (HybridCache: 10,000
 * entries; Caffeine's adapter: unbounded) and explicitly bounded to 10,000 entries, by reference; and both by value (their default copiers: Kryo, Java serialization). Arguments:
 * {@code plain} or {@code created-1h}, then {@code true} for statistics on (default off).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.hybridcache.benchmarks.JCacheHitCpuProbe plain false</pre>
 */
public final class JCacheHitCpuProbe {
  private static final int KEYS = 1024;
  private static final int READS = 2_000_000;
  private static final int BY_VALUE_READS = 100_000;
  private static final String[] KEY = new String[KEYS];
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static long sink;

  private JCacheHitCpuProbe() {}

  public static void main(String[] args) {
    String jcache = args.length > 0 ? args[0] : "plain";
    boolean statistics = args.length > 1 && Boolean.parseBoolean(args[1]);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    for (int i = 0; i < KEYS; i++) {
      KEY[i] = "key-" + i;
    }
    ClassLoader loader = JCacheHitCpuProbe.class.getClassLoader();
    CacheManager hybrid = manager("io.hybridcache.jcache.HybridCachingProvider", loader);
    CacheManager caffeine = manager("com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider", loader);
    Cache<String, Product> hybridRef = hybrid.createCache("ref", config(jcache, statistics, false));
    Cache<String, Product> hybridBoundedRef = hybrid.createCache("bounded-ref",
        new HybridCacheConfiguration<>(config(jcache, statistics, false)).setMaximumSize(10_000));
    Cache<String, Product> caffeineRef = caffeine.createCache("ref", config(jcache, statistics, false));
    CaffeineConfiguration<String, Product> bounded = new CaffeineConfiguration<>(config(jcache, statistics, false));
    bounded.setMaximumSize(OptionalLong.of(10_000));
    Cache<String, Product> caffeineBoundedRef = caffeine.createCache("bounded-ref", bounded);
    Cache<String, Product> hybridValue = hybrid.createCache("value", config(jcache, statistics, true));
    Cache<String, Product> caffeineValue = caffeine.createCache("value", config(jcache, statistics, true));
    List<Cache<String, Product>> all =
        List.of(hybridRef, hybridBoundedRef, caffeineRef, caffeineBoundedRef, hybridValue, caffeineValue);
    String[] names = {"hybrid default by-ref", "hybrid bounded-10k by-ref", "caffeine default by-ref",
        "caffeine bounded-10k by-ref", "hybrid by-value", "caffeine by-value"};
    List<long[]> samples = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      samples.add(new long[rounds]);
    }
    for (int warm = 0; warm < 5; warm++) {
      round(all, new ArrayList<>(), -1);
    }
    for (int r = 0; r < rounds; r++) {
      round(all, samples, r);
    }
    System.out.printf("JCache get hit, %s, statistics %s, %d rounds: CPU ns per read (median, [min-max])%n",
        jcache, statistics ? "on" : "off", rounds);
    double[] median = new double[names.length];
    for (int i = 0; i < names.length; i++) {
      long[] s = samples.get(i).clone();
      Arrays.sort(s);
      int reads = i >= 4 ? BY_VALUE_READS : READS;
      median[i] = s[s.length / 2] / (double) reads;
      System.out.printf("  %-28s %8.2f  [%.2f-%.2f]%n", names[i], median[i], s[0] / (double) reads,
          s[s.length - 1] / (double) reads);
    }
    System.out.printf("  hybrid/caffeine throughput ratio: defaults %.2fx, both bounded %.2fx, hybrid default vs "
        + "caffeine bounded %.2fx, by value %.2fx; hybrid bounded/default cost %.2fx%n",
        median[2] / median[0], median[3] / median[1], median[3] / median[0], median[5] / median[4],
        median[1] / median[0]);
    System.out.println("(sink " + sink + ")");
    hybrid.close();
    caffeine.close();
  }

  /** One read loop per cache, in an order that turns each round; CPU times go into {@code samples[round]}. */
  private static void round(List<Cache<String, Product>> all, List<long[]> samples, int round) {
    fill(all); // again each round: HybridCache's entries on a plain configuration live 30 s
    int n = all.size();
    for (int k = 0; k < n; k++) {
      int i = Math.floorMod(k + round, n);
      long start = THREADS.getCurrentThreadCpuTime();
      switch (i) {
        case 0 -> sink += read0(all.get(0), READS);
        case 1 -> sink += read1(all.get(1), READS);
        case 2 -> sink += read2(all.get(2), READS);
        case 3 -> sink += read3(all.get(3), READS);
        case 4 -> sink += read4(all.get(4), BY_VALUE_READS);
        default -> sink += read5(all.get(5), BY_VALUE_READS);
      }
      long cpu = THREADS.getCurrentThreadCpuTime() - start;
      if (round >= 0) {
        samples.get(i)[round] = cpu;
      }
    }
  }

  private static void fill(List<Cache<String, Product>> all) {
    for (int i = 0; i < KEYS; i++) {
      Product p = new Product(i);
      for (Cache<String, Product> c : all) {
        c.put(KEY[i], p);
      }
    }
  }

  private static long read0(Cache<String, Product> c, int reads) {
    long sum = 0;
    for (int i = 0; i < reads; i++) {
      sum += c.get(KEY[i & (KEYS - 1)]).id();
    }
    return sum;
  }

  private static long read1(Cache<String, Product> c, int reads) {
    long sum = 0;
    for (int i = 0; i < reads; i++) {
      sum += c.get(KEY[i & (KEYS - 1)]).id();
    }
    return sum;
  }

  private static long read2(Cache<String, Product> c, int reads) {
    long sum = 0;
    for (int i = 0; i < reads; i++) {
      sum += c.get(KEY[i & (KEYS - 1)]).id();
    }
    return sum;
  }

  private static long read3(Cache<String, Product> c, int reads) {
    long sum = 0;
    for (int i = 0; i < reads; i++) {
      sum += c.get(KEY[i & (KEYS - 1)]).id();
    }
    return sum;
  }

  private static long read4(Cache<String, Product> c, int reads) {
    long sum = 0;
    for (int i = 0; i < reads; i++) {
      sum += c.get(KEY[i & (KEYS - 1)]).id();
    }
    return sum;
  }

  private static long read5(Cache<String, Product> c, int reads) {
    long sum = 0;
    for (int i = 0; i < reads; i++) {
      sum += c.get(KEY[i & (KEYS - 1)]).id();
    }
    return sum;
  }

  private static CacheManager manager(String providerClass, ClassLoader loader) {
    CachingProvider provider = Caching.getCachingProvider(providerClass, loader);
    return provider.getCacheManager(provider.getDefaultURI(), loader);
  }

  private static MutableConfiguration<String, Product> config(String jcache, boolean statistics, boolean byValue) {
    MutableConfiguration<String, Product> config = new MutableConfiguration<String, Product>()
        .setTypes(String.class, Product.class).setStoreByValue(byValue).setStatisticsEnabled(statistics);
    switch (jcache) {
      case "plain" -> { }
      case "created-1h" ->
          config.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(javax.cache.expiry.Duration.ONE_HOUR));
      default -> throw new IllegalArgumentException("jcache must be plain or created-1h, not " + jcache);
    }
    return config;
  }
}

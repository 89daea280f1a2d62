package io.hybridcache.benchmarks;

import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import io.hybridcache.HybridCacheConfiguration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.spi.CachingProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The JCache {@code get} hit of HybridCache against Caffeine's JCache adapter, each alone in its JVM: a fork creates
 * only the cache its benchmark reads (no Redis, no other provider), so neither compiles against the other's use of
 * shared code (see {@link TryGetBenchmark}). 1,024 keys, all present and fresh, read round-robin, as in
 * {@link L1HitBenchmark}.
 *
 * <p>Parameters: {@code jcache}, the configuration ({@code plain}: a {@code MutableConfiguration} with only its types,
 * as Spring and Hibernate create caches; {@code created-1h}: a one-hour {@code CreatedExpiryPolicy}); {@code
 * statistics}; {@code bound}, {@code none} (what each provider gives a cache no one bounds: 10,000 entries for
 * HybridCache, unbounded for Caffeine's adapter) or {@code 10000} (both bounded to 10,000 entries). By value, the value is copied on every read: Kryo for HybridCache,
 * Java serialization (the adapter's default copier) for Caffeine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class JCacheHitBenchmark {
  static final int KEYS = 1024;

  /** The caches' configuration: {@code plain} or {@code created-1h}. */
  @Param({"plain", "created-1h"})
  public String jcache;

  /** Whether the caches have statistics enabled. */
  @Param({"false", "true"})
  public boolean statistics;

  /** The caches' bound: {@code none} (each provider's default for a cache no one bounds) or a number of entries. */
  @Param("none")
  public String bound;

  private final String[] key = new String[KEYS];
  private CacheManager manager;
  private Cache<String, Product> cache;

  /** Each thread walks the keys from its own place. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  /** Creates and fills the one cache the running benchmark reads. */
  @Setup
  public void setUp(BenchmarkParams params) {
    String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
    boolean hybrid = method.startsWith("hybrid");
    boolean byValue = method.endsWith("ByValue");
    ClassLoader loader = getClass().getClassLoader();
    CachingProvider provider = Caching.getCachingProvider(hybrid ? "io.hybridcache.jcache.HybridCachingProvider"
        : "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider", loader);
    manager = provider.getCacheManager(provider.getDefaultURI(), loader);
    cache = manager.createCache(method, configuration(hybrid, byValue));
    if (hybrid != cache.getClass().getName().startsWith("io.hybridcache.")) {
      throw new IllegalStateException("cache " + method + " is not the expected provider's: " + cache.getClass());
    }
    for (int i = 0; i < KEYS; i++) {
      key[i] = "key-" + i;
      cache.put(key[i], new Product(i));
    }
  }

  private CompleteConfiguration<String, Product> configuration(boolean hybrid, boolean byValue) {
    MutableConfiguration<String, Product> config = new MutableConfiguration<String, Product>()
        .setTypes(String.class, Product.class).setStoreByValue(byValue).setStatisticsEnabled(statistics);
    switch (jcache) {
      case "plain" -> { }
      case "created-1h" ->
          config.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(javax.cache.expiry.Duration.ONE_HOUR));
      default -> throw new IllegalArgumentException("jcache must be plain or created-1h, not " + jcache);
    }
    if (bound.equals("none")) {
      return config;
    }
    long maximum = Long.parseLong(bound);
    if (hybrid) {
      return new HybridCacheConfiguration<>(config).setMaximumSize(maximum);
    }
    CaffeineConfiguration<String, Product> caffeine = new CaffeineConfiguration<>(config);
    caffeine.setMaximumSize(OptionalLong.of(maximum));
    return caffeine;
  }

  @TearDown
  public void tearDown() {
    manager.close();
  }

  private String next(Cursor c) {
    return key[c.next++ & (KEYS - 1)];
  }

  @Benchmark
  public Product hybridGetByReference(Cursor c) {
    return cache.get(next(c));
  }

  @Benchmark
  public Product caffeineGetByReference(Cursor c) {
    return cache.get(next(c));
  }

  @Benchmark
  public Product hybridGetByValue(Cursor c) {
    return cache.get(next(c));
  }

  @Benchmark
  public Product caffeineGetByValue(Cursor c) {
    return cache.get(next(c));
  }
}

package io.hybridcache.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import io.hybridcache.EntryOptions;
import io.hybridcache.HybridCache;
import io.hybridcache.engine.HybridCacheEngine;
import io.hybridcache.jcache.HybridCachingProvider;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheManager;
import javax.cache.Caching;
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
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.RedissonClient;

/**
 * The L1 hit: the read every cache is judged on. 1,024 keys, all present and fresh, read round-robin; throughput per
 * operation (higher is better), with 1 or 2 threads ({@code -t}). What is compared, in one run:
 *
 * <ul>
 *   <li>{@code hybridTryGet} ({@code HybridCache.tryGet} on an L1-only engine) against {@code caffeineGetIfPresent},
 *       raw Caffeine's {@code getIfPresent}: the floor any Caffeine-based cache stands on; {@code
 *       caffeineExpiringGetIfPresent} is Caffeine configured as HybridCache's L1 is (variable expiry through an
 *       {@code Expiry}, a ticker), to tell what the engine adds from what Caffeine's expiry costs;</li>
 *   <li>{@code hybridJCacheGetByReference} (our JCache {@code get}, store-by-reference) against
 *       {@code caffeineJCacheGetByReference} (Caffeine's own JCache adapter, unbounded as its default configuration
 *       makes it: a {@code ConcurrentHashMap} lookup), {@code caffeineBoundedJCacheGetByReference} (the same adapter
 *       bounded to 10,000 entries, HybridCache's default bound) and {@code ehcacheJCacheGetByReference};</li>
 *   <li>{@code hybridJCacheGetByValue} (store-by-value, the JSR's default: a Kryo copy per read) against
 *       {@code caffeineJCacheGetByValue} (its default copier, Java serialization) and {@code ehcacheJCacheGetByValue};</li>
 *   <li>{@code redissonLocalCachedMapGet} (Redisson's near cache, a local hit) and {@code jetcacheGet} (JetCache's
 *       two-level cache, a local hit): the multi-level peers on the same read.</li>
 * </ul>
 *
 * <p>Every JCache cache has the same configuration, one of two ({@code -p jcache=...}): {@code created-1h}, a
 * {@code CreatedExpiryPolicy} of one hour, or {@code plain}, a {@code MutableConfiguration} with only its types set
 * (what Spring's and Hibernate's caches get; the JSR default, an eternal policy). Statistics are off, or on with
 * {@code -p statistics=true}. The value is a small mutable {@link Product}, so store-by-value really copies.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class L1HitBenchmark {
  static final int KEYS = 1024;
  static final String[] KEY = new String[KEYS];

  static {
    for (int i = 0; i < KEYS; i++) {
      KEY[i] = "key-" + i;
    }
  }

  /** The Redis the two multi-level peers need (reads are local hits; the writes of the setup go there). */
  @Param("redis://127.0.0.1:6379")
  public String redis;

  /** The JCache caches' configuration: {@code created-1h} (one-hour {@code CreatedExpiryPolicy}) or {@code plain}. */
  @Param({"created-1h", "plain"})
  public String jcache;

  /** Whether the JCache caches have statistics enabled. */
  @Param("false")
  public boolean statistics;

  private Cache<String, Product> caffeine;
  private Cache<String, Product> caffeineExpiring;
  private HybridCacheEngine<String, Product> engine;
  private CacheManager hybridManager;
  private CacheManager caffeineManager;
  private CacheManager ehcacheManager;
  private javax.cache.Cache<String, Product> hybridByRef;
  private javax.cache.Cache<String, Product> hybridByValue;
  private javax.cache.Cache<String, Product> caffeineByRef;
  private javax.cache.Cache<String, Product> caffeineByValue;
  private javax.cache.Cache<String, Product> caffeineBoundedByRef;
  private javax.cache.Cache<String, Product> ehcacheByRef;
  private javax.cache.Cache<String, Product> ehcacheByValue;
  private RedissonClient redisson;
  private RLocalCachedMap<String, Product> localCachedMap;
  private Peers.JetCacheNode jetcacheNode;
  private com.alicp.jetcache.Cache<String, Product> jetcache;

  /** Each thread walks the keys from its own place. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    String key() {
      return KEY[next++ & (KEYS - 1)];
    }
  }

  @Setup
  public void setUp() {
    caffeine = Caffeine.newBuilder().maximumSize(10_000).build();
    caffeineExpiring = Caffeine.newBuilder().maximumSize(10_000).ticker(System::nanoTime)
        .expireAfter(Expiry.<String, Product>creating((k, v) -> Duration.ofHours(1))).build();
    engine = HybridCacheEngine.<String, Product>builder("l1-hit").maximumSize(10_000)
        .defaultEntryOptions(EntryOptions.builder().duration(Duration.ofHours(1)).build()).build();

    ClassLoader loader = getClass().getClassLoader();
    hybridManager = manager("io.hybridcache.jcache.HybridCachingProvider", loader);
    caffeineManager = manager("com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider", loader);
    ehcacheManager = manager("org.ehcache.jsr107.EhcacheCachingProvider", loader);
    hybridByRef = hybridManager.createCache("by-ref", config(false));
    hybridByValue = hybridManager.createCache("by-value", config(true));
    caffeineByRef = caffeineManager.createCache("by-ref", config(false));
    caffeineByValue = caffeineManager.createCache("by-value", config(true));
    CaffeineConfiguration<String, Product> bounded = new CaffeineConfiguration<>(config(false));
    bounded.setMaximumSize(OptionalLong.of(10_000));
    caffeineBoundedByRef = caffeineManager.createCache("bounded-by-ref", bounded);
    ehcacheByRef = ehcacheManager.createCache("by-ref", config(false));
    ehcacheByValue = ehcacheManager.createCache("by-value", config(true));

    redisson = Peers.redisson(redis);
    localCachedMap = Peers.localCachedMap(redisson, "bench-l1-rlcm", 10_000);
    jetcacheNode = new Peers.JetCacheNode(redisson, "bench-l1-jetcache");
    jetcache = jetcacheNode.cache("l1-hit", 10_000, Duration.ofHours(1));

    for (int i = 0; i < KEYS; i++) {
      Product p = new Product(i);
      caffeine.put(KEY[i], p);
      caffeineExpiring.put(KEY[i], p);
      engine.set(KEY[i], p);
      hybridByRef.put(KEY[i], p);
      hybridByValue.put(KEY[i], p);
      caffeineByRef.put(KEY[i], p);
      caffeineByValue.put(KEY[i], p);
      caffeineBoundedByRef.put(KEY[i], p);
      ehcacheByRef.put(KEY[i], p);
      ehcacheByValue.put(KEY[i], p);
      localCachedMap.fastPut(KEY[i], p);
      jetcache.put(KEY[i], p);
    }
    for (int i = 0; i < KEYS; i++) { // the near caches fill on read
      localCachedMap.get(KEY[i]);
      jetcache.get(KEY[i]);
    }
    if (!(hybridByRef.unwrap(HybridCache.class) instanceof HybridCache<?, ?>)
        || !HybridCachingProvider.class.getName().equals(hybridManager.getCachingProvider().getClass().getName())) {
      throw new IllegalStateException("the HybridCache cache is not ours");
    }
  }

  private static CacheManager manager(String providerClass, ClassLoader loader) {
    CachingProvider provider = Caching.getCachingProvider(providerClass, loader);
    return provider.getCacheManager(provider.getDefaultURI(), loader);
  }

  private MutableConfiguration<String, Product> config(boolean storeByValue) {
    MutableConfiguration<String, Product> config = new MutableConfiguration<String, Product>()
        .setTypes(String.class, Product.class).setStoreByValue(storeByValue).setStatisticsEnabled(statistics);
    switch (jcache) {
      case "plain" -> { }
      case "created-1h" ->
          config.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(javax.cache.expiry.Duration.ONE_HOUR));
      default -> throw new IllegalArgumentException("jcache must be plain or created-1h, not " + jcache);
    }
    return config;
  }

  @TearDown
  public void tearDown() {
    engine.close();
    hybridManager.close();
    caffeineManager.close();
    ehcacheManager.close();
    localCachedMap.delete();
    jetcacheNode.close();
    redisson.shutdown();
  }

  @Benchmark
  public Product caffeineGetIfPresent(Cursor c) {
    return caffeine.getIfPresent(c.key());
  }

  @Benchmark
  public Product caffeineExpiringGetIfPresent(Cursor c) {
    return caffeineExpiring.getIfPresent(c.key());
  }

  @Benchmark
  public Object hybridTryGet(Cursor c) {
    return engine.tryGet(c.key());
  }

  @Benchmark
  public Product caffeineJCacheGetByReference(Cursor c) {
    return caffeineByRef.get(c.key());
  }

  @Benchmark
  public Product caffeineBoundedJCacheGetByReference(Cursor c) {
    return caffeineBoundedByRef.get(c.key());
  }

  @Benchmark
  public Product hybridJCacheGetByReference(Cursor c) {
    return hybridByRef.get(c.key());
  }

  @Benchmark
  public Product ehcacheJCacheGetByReference(Cursor c) {
    return ehcacheByRef.get(c.key());
  }

  @Benchmark
  public Product caffeineJCacheGetByValue(Cursor c) {
    return caffeineByValue.get(c.key());
  }

  @Benchmark
  public Product hybridJCacheGetByValue(Cursor c) {
    return hybridByValue.get(c.key());
  }

  @Benchmark
  public Product ehcacheJCacheGetByValue(Cursor c) {
    return ehcacheByValue.get(c.key());
  }

  @Benchmark
  public Product redissonLocalCachedMapGet(Cursor c) {
    return localCachedMap.get(c.key());
  }

  @Benchmark
  public Product jetcacheGet(Cursor c) {
    return jetcache.get(c.key());
  }
}

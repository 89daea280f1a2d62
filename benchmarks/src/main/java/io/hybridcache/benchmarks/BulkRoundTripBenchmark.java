package io.hybridcache.benchmarks;

import io.hybridcache.EntryOptions;
import io.hybridcache.HybridCache;
import io.hybridcache.HybridCacheConfiguration;
import io.hybridcache.jcache.HybridCachingProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.redisson.Redisson;
import org.redisson.api.RBuckets;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * What a bulk read and a bulk write of {@link #keys} keys cost against Redis, next to Redisson's {@code RBuckets}
 * doing the least it could ({@code MGET}, {@code MSET}) in the same run. The targets of issue 21: {@code hybridGetAll}
 * (every key read from L2, the memory level skipped) within 2x {@code rawMget}; {@code jcachePutAll} and
 * {@code hybridSetAll} (L2 and backplane: one script call for the batch, comparing and writing each key, counting
 * and publishing its notices) within 3x {@code rawMset} (which sets no expiry and notifies nobody);
 * {@code jcacheGetAll} (JCache {@code getAll} of a cache whose default options skip L1, so that every call reads its
 * keys from L2, as a reader whose L1 is cold does) within 2x {@code rawMget}; {@code hybridGetOrSetAllCold}
 * ({@code getOrSetAll} of keys held nowhere: one L2 read, one factory call with every key, one bulk write of its
 * values, which live 5 s so that Redis does not fill up) within 3x {@code rawMget} plus the factory (which only builds
 * a map here).
 *
 * <p>Single-threaded average time per call; the figures that matter are the ratios within one run. Run (against a
 * Redis that is not the shared one: the benchmark writes keys):
 * {@code java -jar benchmarks/target/benchmarks.jar BulkRoundTripBenchmark -p redis=redis://127.0.0.1:PORT}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BulkRoundTripBenchmark {
  private static final String VALUE = "x".repeat(100);
  private static final EntryOptions FROM_L2 = EntryOptions.builder().skipMemoryCacheRead(true)
      .skipMemoryCacheWrite(true).build();
  private static final EntryOptions SILENT = EntryOptions.builder().skipBackplaneNotifications(true).build();
  private static final EntryOptions SHORT_LIVED = EntryOptions.builder().duration(Duration.ofSeconds(5)).build();

  /** The Redis to measure against (not the shared one in production: the benchmark writes and deletes keys). */
  @Param("redis://127.0.0.1:6379")
  public String redis;

  /** How many keys one call reads or writes. */
  @Param("100")
  public int keys;

  private RedissonClient raw;
  private RBuckets buckets;
  private String[] rawKeys;
  private Map<String, String> rawEntries;
  private CacheManager manager;
  private Cache<String, String> jcache;
  private Cache<String, String> l2Reader;
  private Set<String> coldKeys;
  private long coldRound;
  private HybridCache<String, String> cache;
  private Set<String> cacheKeys;
  private Map<String, String> cacheEntries;
  private Path config;

  @Setup
  public void connect() throws IOException {
    Config rawConfig = new Config();
    rawConfig.useSingleServer().setAddress(redis);
    raw = Redisson.create(rawConfig);
    buckets = raw.getBuckets(StringCodec.INSTANCE);
    rawKeys = new String[keys];
    rawEntries = new LinkedHashMap<>();
    cacheKeys = new LinkedHashSet<>();
    cacheEntries = new LinkedHashMap<>();
    for (int i = 0; i < keys; i++) {
      rawKeys[i] = "bench-raw-bulk:k" + i;
      rawEntries.put(rawKeys[i], VALUE);
      cacheKeys.add("k" + i);
      cacheEntries.put("k" + i, VALUE);
    }
    buckets.set(rawEntries);

    config = Files.createTempFile("hybridcache-bench", ".yaml");
    Files.writeString(config, "keyPrefix: bench-bulk\nredis:\n  singleServerConfig:\n    address: \"" + redis
        + "\"\n");
    ClassLoader loader = getClass().getClassLoader();
    manager = Caching.getCachingProvider(HybridCachingProvider.class.getName(), loader)
        .getCacheManager(config.toUri(), loader);
    jcache = manager.createCache("bench", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class).setStoreByValue(false));
    @SuppressWarnings("unchecked")
    HybridCache<String, String> unwrapped = jcache.unwrap(HybridCache.class);
    cache = unwrapped;
    cache.setAll(cacheEntries);
    l2Reader = manager.createCache("bench-l2-reader", new HybridCacheConfiguration<String, String>()
        .setTypes(String.class, String.class).setStoreByValue(false).setDefaultEntryOptions(FROM_L2));
    l2Reader.putAll(cacheEntries); // to L2 only: its options skip L1
  }

  /** A new set of key names that no call has used: held in neither level. */
  @Setup(Level.Invocation)
  public void nextColdKeys() {
    coldKeys = new LinkedHashSet<>();
    long round = coldRound++;
    for (int i = 0; i < keys; i++) {
      coldKeys.add("cold" + round + ":k" + i);
    }
  }

  @TearDown
  public void close() throws IOException {
    manager.destroyCache("bench");
    manager.destroyCache("bench-l2-reader");
    manager.close();
    raw.getKeys().delete(rawKeys);
    raw.shutdown();
    Files.deleteIfExists(config);
  }

  @Benchmark
  public Map<String, String> rawMget() {
    return buckets.get(rawKeys);
  }

  @Benchmark
  public void rawMset() {
    buckets.set(rawEntries);
  }

  @Benchmark
  public Map<String, String> hybridGetAll() {
    return cache.tryGetAll(cacheKeys, FROM_L2);
  }

  @Benchmark
  public void hybridSetAll() {
    cache.setAll(cacheEntries);
  }

  /** The same writes without their notifications: the scripts neither count nor publish. */
  @Benchmark
  public void hybridSetAllWithoutNotices() {
    cache.setAll(cacheEntries, SILENT);
  }

  @Benchmark
  public void jcachePutAll() {
    jcache.putAll(cacheEntries);
  }

  @Benchmark
  public Map<String, String> jcacheGetAll() {
    return l2Reader.getAll(cacheKeys);
  }

  @Benchmark
  public Map<String, String> hybridGetOrSetAllCold() {
    return cache.getOrSetAll(coldKeys, missing -> {
      Map<String, String> made = new HashMap<>();
      for (String key : missing) {
        made.put(key, VALUE);
      }
      return made;
    }, SHORT_LIVED);
  }
}

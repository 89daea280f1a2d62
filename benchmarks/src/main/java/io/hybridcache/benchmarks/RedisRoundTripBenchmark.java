package io.hybridcache.benchmarks;

import io.hybridcache.EntryOptions;
import io.hybridcache.HybridCache;
import io.hybridcache.jcache.HybridCachingProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
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
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.jcache.configuration.RedissonConfiguration;

/**
 * What one write and one L1-miss read cost against Redis, next to raw Redisson doing the least it could in the same
 * run. HybridCache's {@code set} with L2 and backplane is one script (write, sequence, publish): compare it with
 * {@code rawSet} (a bare SET, no notification at all) and {@code rawSetThenPublish} (what a cache that writes and then
 * notifies in two commands pays); {@code hybridSetWithoutNotice} is the same write without its notification. Its
 * L1-miss read ({@code hybridGetFromL2}, memory level skipped) is one GET: compare it with {@code rawGet}. Redisson's
 * own JCache ({@code redissonJCacheGet}, {@code redissonJCachePut}: its {@code JCachingProvider}, named explicitly, on
 * the raw client, store-by-reference, string values) is the JCache peer that keeps everything in Redis.
 *
 * <p>Single-threaded average time per operation, on one connection's worth of load; the figures that matter are the
 * ratios within one run. See {@code benchmarks/README.md} for the command.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RedisRoundTripBenchmark {
  private static final String VALUE = "x".repeat(100);
  private static final EntryOptions FROM_L2 = EntryOptions.builder().skipMemoryCacheRead(true)
      .skipMemoryCacheWrite(true).build();
  private static final EntryOptions SILENT = EntryOptions.builder().skipBackplaneNotifications(true).build();

  /** The Redis to measure against (not the shared one in production: the benchmark writes and deletes keys). */
  @Param("redis://127.0.0.1:6379")
  public String redis;

  /**
   * Netty I/O threads of both Redisson clients (Redisson's default 32). With 1, the writing node reads its own
   * notification on the thread that reads the write's reply, in the same wake-up.
   */
  @Param("32")
  public int nettyThreads;

  private RedissonClient raw;
  private RBucket<String> bucket;
  private RTopic topic;
  private CacheManager manager;
  private HybridCache<String, String> cache;
  private Path config;
  private CacheManager redissonManager;
  private javax.cache.Cache<String, String> redissonJCache;

  @Setup
  public void connect() throws IOException {
    Config rawConfig = new Config();
    rawConfig.setNettyThreads(nettyThreads);
    rawConfig.useSingleServer().setAddress(redis);
    raw = Redisson.create(rawConfig);
    bucket = raw.getBucket("bench-raw:k", StringCodec.INSTANCE);
    topic = raw.getTopic("bench-raw:channel", StringCodec.INSTANCE);

    config = Files.createTempFile("hybridcache-bench", ".yaml");
    Files.writeString(config, "keyPrefix: bench-hybrid\nredis:\n  nettyThreads: " + nettyThreads
        + "\n  singleServerConfig:\n    address: \"" + redis
        + "\"\n");
    ClassLoader loader = getClass().getClassLoader();
    manager = Caching.getCachingProvider(HybridCachingProvider.class.getName(), loader)
        .getCacheManager(config.toUri(), loader);
    @SuppressWarnings("unchecked")
    HybridCache<String, String> unwrapped = manager.createCache("bench", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)).unwrap(HybridCache.class);
    cache = unwrapped;
    cache.set("k", VALUE);
    bucket.set(VALUE, Duration.ofSeconds(30));

    redissonManager = Caching.getCachingProvider("org.redisson.jcache.JCachingProvider", loader)
        .getCacheManager();
    redissonJCache = redissonManager.createCache("bench-redisson-jcache", RedissonConfiguration.fromInstance(raw,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class).setStoreByValue(false)));
    redissonJCache.put("k", VALUE);
  }

  @TearDown
  public void close() throws IOException {
    manager.destroyCache("bench");
    manager.close();
    redissonManager.destroyCache("bench-redisson-jcache");
    redissonManager.close();
    bucket.delete();
    raw.shutdown();
    Files.deleteIfExists(config);
  }

  @Benchmark
  public void rawSet() {
    bucket.set(VALUE, Duration.ofSeconds(30));
  }

  @Benchmark
  public long rawSetThenPublish() {
    bucket.set(VALUE, Duration.ofSeconds(30));
    return topic.publish("k");
  }

  @Benchmark
  public void hybridSet() {
    cache.set("k", VALUE);
  }

  /** The same write without its notification: the script neither counts nor publishes, nothing comes back. */
  @Benchmark
  public void hybridSetWithoutNotice() {
    cache.set("k", VALUE, SILENT);
  }

  @Benchmark
  public String rawGet() {
    return bucket.get();
  }

  @Benchmark
  public Object hybridGetFromL2() {
    return cache.tryGet("k", FROM_L2);
  }

  @Benchmark
  public void redissonJCachePut() {
    redissonJCache.put("k", VALUE);
  }

  @Benchmark
  public String redissonJCacheGet() {
    return redissonJCache.get("k");
  }
}

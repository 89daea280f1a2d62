package io.hybridcache.benchmarks;

import io.hybridcache.EntryOptions;
import io.hybridcache.engine.ClusterNode;
import io.hybridcache.engine.ClusterNodeBuilder;
import io.hybridcache.engine.HybridCacheEngine;
import io.hybridcache.kryo.KryoValueSerializer;
import io.hybridcache.redis.RedisConnection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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

/**
 * What distributed locking costs a {@code getOrSet} miss when nobody else holds the lock: every call is a key never
 * seen (L1 and L2 miss), its factory returns at once, and the entry is written to L2 with its notice. With
 * {@code locking=on} the miss also takes the key's Redisson lock, reads L2 again and releases the lock after the
 * write; {@code off} is the same node without it, in the same run. Single-threaded average time per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DistributedLockingBenchmark {
  private static final String VALUE = "x".repeat(100);

  /** The Redis to measure against (not a shared one: the benchmark writes keys, each living 30 s). */
  @Param("redis://127.0.0.1:6379")
  public String redis;

  @Param({"off", "on"})
  public String locking;

  private HybridNodes nodes;
  private HybridCacheEngine<String, String> cache;
  private final AtomicLong keys = new AtomicLong();

  @Setup
  public void connect() {
    nodes = new HybridNodes(redis, "lockbench" + System.nanoTime() % 100_000);
    RedisConnection connection = nodes.connect();
    ClusterNodeBuilder builder = ClusterNode.builder(connection.keyPrefix()).nodeId("n1")
        .distributedLevel(connection.level()).backplane(connection.backplane())
        .valueSerializer(new KryoValueSerializer(getClass().getClassLoader()));
    if (locking.equals("on")) {
      builder.distributedLocker(connection.locker());
    }
    ClusterNode node = builder.build();
    cache = nodes.engine("products", node, 100_000, EntryOptions.defaults());
  }

  @Benchmark
  public String coldGetOrSet() {
    return cache.getOrSet("k" + keys.incrementAndGet(), ctx -> VALUE);
  }

  @TearDown
  public void close() {
    nodes.close();
  }
}

package io.hybridcache.benchmarks;

import io.hybridcache.EntryOptions;
import io.hybridcache.engine.ClusterNode;
import io.hybridcache.engine.HybridCacheEngine;
import io.hybridcache.redis.RedisConnection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.AuxCounters;
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

/**
 * Invalidation propagation on loopback: node A changes a key, and the operation ends when node B's memory level has
 * applied the notice. JMH's sample mode gives the distribution (p50, p99, p99.9) of that whole path: A's write (its
 * L2 write and publish, one script), Redis pub/sub, B's subscription thread, B's L1 update. Two nodes in one JVM,
 * each with its own Redis client.
 *
 * <ul>
 *   <li>{@code hybridSetSeenByOtherNode}, {@code hybridRemoveSeenByOtherNode}: HybridCache {@code set} / {@code
 *       remove} on A until B's L1 marked the key (B's backplane wrapped by {@link SignallingBackplane});</li>
 *   <li>{@code hybridSetOnly}: A's {@code set} alone, so that the propagation beyond the write can be read off.</li>
 * </ul>
 *
 * <p>No peer here: Redisson's {@code LocalCacheInvalidateListener} on B did not fire for a key B did not hold
 * locally (every wait timed out), and re-reading the key on B inside the measured operation would measure a Redis
 * read instead of the propagation.
 *
 * <p>A notice that does not arrive within a second is counted in {@code lost} and the operation ends anyway.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class InvalidationPropagationBenchmark {
  private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final String VALUE = "x".repeat(100);

  @Param("redis://127.0.0.1:6379")
  public String redis;

  private HybridNodes nodes;
  private HybridCacheEngine<String, String> nodeA;
  private HybridCacheEngine<String, String> nodeB;

  private final AtomicLong seen = new AtomicLong();
  private volatile Thread waiter;
  private long expected;
  private long next;

  /** Notices that never arrived. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Lost {
    public long lost;

    @Setup(Level.Iteration)
    public void reset() {
      lost = 0;
    }
  }

  @Setup
  public void setUp() {
    String prefix = "bench-inval-" + System.nanoTime();
    nodes = new HybridNodes(redis, prefix);
    EntryOptions options = EntryOptions.builder().duration(Duration.ofMinutes(10)).build();
    nodeA = nodes.engine("inval", nodes.node("node-a"), 100_000, options);
    RedisConnection b = nodes.connect();
    ClusterNode clusterB = nodes.node("node-b", b.level(), new SignallingBackplane(b.backplane(), m -> {
      if (m.cacheName().equals("inval")) {
        signal();
      }
    }));
    nodeB = nodes.engine("inval", clusterB, 100_000, options);
  }

  private void signal() {
    seen.incrementAndGet();
    Thread w = waiter;
    if (w != null) {
      LockSupport.unpark(w);
    }
  }

  @TearDown
  public void tearDown() {
    nodes.close();
  }

  private String key() {
    return "k" + (next++ & 1023);
  }

  /** Waits until B has seen every notice so far, or a second passed. */
  private void awaitSeen(Lost lost) {
    expected++;
    if (seen.get() >= expected) {
      return;
    }
    waiter = Thread.currentThread();
    long deadline = System.nanoTime() + WAIT_NANOS;
    while (seen.get() < expected) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        lost.lost++;
        expected = seen.get();
        break;
      }
      LockSupport.parkNanos(left);
    }
    waiter = null;
  }

  @Setup(Level.Iteration)
  public void resync() {
    expected = seen.get();
  }

  @Benchmark
  public void hybridSetSeenByOtherNode(Lost lost) {
    nodeA.set(key(), VALUE);
    awaitSeen(lost);
  }

  @Benchmark
  public void hybridRemoveSeenByOtherNode(Lost lost) {
    nodeA.remove(key());
    awaitSeen(lost);
  }

  @Benchmark
  public void hybridSetOnly() {
    nodeA.set(key(), VALUE);
  }


}

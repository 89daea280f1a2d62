package io.hybridcache.benchmarks;

import io.hybridcache.EntryOptions;
import io.hybridcache.engine.ClusterNode;
import io.hybridcache.engine.HybridCacheEngine;
import io.hybridcache.redis.RedisConnection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
 * The reference's background distributed operations example (reference/BackgroundDistributedOperations.md): a
 * {@code getOrSet} miss whose factory takes 100 ms, whose L2 write takes 20 ms more and whose backplane publish
 * another 20 ms, in its three modes: {@code foreground} (both options off: about 141 ms expected),
 * {@code backgroundBackplane} (the default: about 121 ms) and {@code backgroundBoth} (about 101 ms).
 *
 * <p>The node runs on a real Redis, with the level that does not publish (so the engine publishes on the backplane
 * itself, as the reference's two steps), and both wrapped by {@link DelayedLevel} and {@link DelayedBackplane} to add
 * the 20 ms. Average time of one call on a new key (lower is better); the baseline is the factory alone
 * ({@code factoryOnly}) and the same miss on an L1-only engine ({@code memoryOnlyMiss}), run in the same fork.
 *
 * <p>Before measuring, the setup makes {@value #WARM_UP_MISSES} misses (and as many hits) with an instant factory on a
 * node of the same shape without the delays: with a 100 ms factory a fork makes only a few dozen calls, which the JIT
 * leaves to the interpreter, and the figures would then measure the interpreter (4 to 8 ms a call in a probe) rather
 * than the engine. A production service runs this path warm.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class BackgroundOperationsBenchmark {
  static final Duration FACTORY = Duration.ofMillis(100);
  static final Duration L2_WRITE = Duration.ofMillis(20);
  static final Duration PUBLISH = Duration.ofMillis(20);
  static final int WARM_UP_MISSES = 5_000;

  @Param("redis://127.0.0.1:6379")
  public String redis;

  @Param({"foreground", "backgroundBackplane", "backgroundBoth"})
  public String mode;

  private HybridNodes nodes;
  private HybridCacheEngine<String, String> cache;
  private HybridCacheEngine<String, String> memoryOnly;
  private long next;

  @Setup
  public void setUp() {
    nodes = new HybridNodes(redis, "bench-bg-" + System.nanoTime());
    RedisConnection connection = nodes.connect();
    ClusterNode node = nodes.node("bg-node", new DelayedLevel(connection.silentLevel(), L2_WRITE),
        new DelayedBackplane(connection.backplane(), PUBLISH));
    EntryOptions.Builder options = EntryOptions.builder().duration(Duration.ofMinutes(5));
    switch (mode) {
      case "foreground" -> options.backgroundDistributedCacheOperations(false).backgroundBackplaneOperations(false);
      case "backgroundBackplane" -> options.backgroundDistributedCacheOperations(false)
          .backgroundBackplaneOperations(true);
      case "backgroundBoth" -> options.backgroundDistributedCacheOperations(true).backgroundBackplaneOperations(true);
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
    cache = nodes.engine("background", node, 100_000, options.build());
    memoryOnly = HybridCacheEngine.<String, String>builder("memory-only").maximumSize(100_000)
        .defaultEntryOptions(options.build()).build();
    RedisConnection undelayed = nodes.connect();
    HybridCacheEngine<String, String> warmUp = nodes.engine("background-warm-up",
        nodes.node("bg-warm-up", undelayed.silentLevel(), undelayed.backplane()), 100_000, options.build());
    for (int i = 0; i < WARM_UP_MISSES; i++) {
      String key = "warm-up-" + i;
      warmUp.getOrSet(key, ctx -> "value");
      warmUp.getOrSet(key, ctx -> "value");
      memoryOnly.getOrSet(key, ctx -> "value");
    }
  }

  @TearDown
  public void tearDown() throws InterruptedException {
    Thread.sleep(200); // the background writes of the last calls finish before the connections close
    memoryOnly.close();
    nodes.close();
  }

  private static String slowFactory() throws InterruptedException {
    Thread.sleep(FACTORY.toMillis());
    return "value";
  }

  /** A miss: the factory, then L1, then L2 and the backplane as the mode says. */
  @Benchmark
  public String getOrSetMiss() {
    return cache.getOrSet("key-" + next++, ctx -> slowFactory());
  }

  /** The same miss on an L1-only engine (no L2 read, nothing distributed): what the engine adds to the factory. */
  @Benchmark
  public String memoryOnlyMiss() {
    return memoryOnly.getOrSet("key-" + next++, ctx -> slowFactory());
  }

  /** The factory's 100 ms alone, measured the same way: what the sleep really takes on this machine. */
  @Benchmark
  public String factoryOnly() throws InterruptedException {
    return slowFactory();
  }
}

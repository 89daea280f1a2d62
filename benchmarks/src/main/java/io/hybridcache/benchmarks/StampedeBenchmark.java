package io.hybridcache.benchmarks;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hybridcache.EntryOptions;
import io.hybridcache.engine.HybridCacheEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Cache stampede: 1,000 concurrent callers ask for the same cold key at once; the factory takes 50 ms. One
 * invocation is one stampede on a new key. It counts the factory runs (reported as the {@code factoryRuns} and
 * {@code stampedes} counters: one run per stampede is the goal) and measures, for every caller that was waiting, how
 * long after the factory returned it was released ({@code releaseOver1ms} counts the waiters released later than
 * 1 ms; the p50/p99/max of each measurement iteration are printed by the forked VM).
 *
 * <p>{@code callers=threads}: 1,000 platform threads each call the blocking {@code getOrSet} (HybridCache) or
 * {@code Cache.get(key, mappingFunction)} (raw Caffeine, the baseline, whose waiters block on its map's lock).
 * {@code callers=virtual} (not a default: JDK 21 and later) does the same on 1,000 virtual threads.
 * {@code callers=async}: one thread makes 1,000 calls of {@code getOrSetAsync} (HybridCache) or
 * {@code AsyncCache.get} (Caffeine), with a factory that completes on another thread; release is when each caller's
 * future callback runs. Average time of a whole stampede (lower is better) is the primary score; nothing is asserted.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class StampedeBenchmark {
  static final long FACTORY_MILLIS = 50;
  /**
   * Small stampedes made before the first iteration, with factories that return at once: at 20 stampedes a second the
   * iterations alone leave the miss, flight and release paths interpreted (a probe measured 250 us from the factory's
   * return to the first release that way, 1 to 25 us compiled), where a service that misses runs them compiled.
   */
  static final int WARM_UP_STAMPEDES = 4_000;
  private static final int WARM_UP_CALLERS = 4;

  @Param({"hybrid", "caffeine"})
  public String impl;

  @Param({"threads", "async"})
  public String callers;

  @Param("1000")
  public int count;

  private HybridCacheEngine<String, String> engine;
  private Cache<String, String> caffeine;
  private AsyncCache<String, String> asyncCaffeine;
  /**
   * The thread the async factories complete on, a pool thread as an HTTP or database client's would be. Not the
   * default of {@code delayedExecutor}: below three processors its async pool starts a new thread per task, and a new
   * thread's first deep call stack (page faults, a first allocation buffer) was measured at up to 100 us, which fell on
   * whichever cache's code ran there.
   */
  private final ExecutorService factoryPool = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "stampede-factory");
    t.setDaemon(true);
    return t;
  });
  private final Executor factoryThread = CompletableFuture.delayedExecutor(FACTORY_MILLIS, TimeUnit.MILLISECONDS,
      factoryPool);

  private final AtomicInteger runs = new AtomicInteger();
  private volatile long factoryEnd;
  private volatile String key;
  private long[] started;
  private long[] released;
  private Thread[] workers;
  private Phaser start;
  private Phaser done;
  private volatile boolean stopping;
  private long next;

  private long[] latencies = new long[1 << 16];
  private int latencyCount;
  private boolean measuring;

  /** The counters JMH reports beside the score, summed over the measurement iterations. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Counters {
    public long stampedes;
    public long factoryRuns;
    public long waiters;
    public long releaseOver1ms;

    @Setup(Level.Iteration)
    public void reset() {
      stampedes = 0;
      factoryRuns = 0;
      waiters = 0;
      releaseOver1ms = 0;
    }
  }

  @Setup
  public void setUp() {
    engine = HybridCacheEngine.<String, String>builder("stampede").maximumSize(1_000_000)
        .defaultEntryOptions(EntryOptions.builder().duration(Duration.ofMinutes(10)).build()).build();
    caffeine = Caffeine.newBuilder().maximumSize(1_000_000).build();
    asyncCaffeine = Caffeine.newBuilder().maximumSize(1_000_000).buildAsync();
    warmUp();
    started = new long[count];
    released = new long[count];
    if (!callers.equals("async")) {
      start = new Phaser(count + 1);
      done = new Phaser(count + 1);
      workers = new Thread[count];
      for (int i = 0; i < count; i++) {
        int me = i;
        workers[i] = caller(() -> work(me), "stampede-caller-" + i);
        workers[i].start();
      }
    }
  }

  /** A new caller thread: a platform daemon thread, or with {@code callers=virtual} a virtual one (JDK 21+). */
  private Thread caller(Runnable task, String name) {
    if (!callers.equals("virtual")) {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    }
    try { // by reflection: the module compiles for JDK 17, which has no virtual threads
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      Class<?> type = Class.forName("java.lang.Thread$Builder");
      builder = type.getMethod("name", String.class).invoke(builder, name);
      return (Thread) type.getMethod("unstarted", Runnable.class).invoke(builder, task);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("callers=virtual needs JDK 21 or later; this is " + Runtime.version(), e);
    }
  }

  /** Runs the stampede code of {@link #impl} compiled before it is measured: async and blocking, leader and waiters. */
  private void warmUp() {
    ExecutorService factories = Executors.newSingleThreadExecutor();
    ExecutorService callerThreads = Executors.newFixedThreadPool(WARM_UP_CALLERS);
    try {
      for (int i = 0; i < WARM_UP_STAMPEDES; i++) {
        String async = "warm-async-" + i;
        CompletableFuture<?>[] calls = new CompletableFuture<?>[WARM_UP_CALLERS];
        for (int c = 0; c < calls.length; c++) {
          calls[c] = (impl.equals("hybrid")
              ? engine.getOrSetAsync(async, ctx -> CompletableFuture.supplyAsync(() -> "v", factories))
              : asyncCaffeine.get(async, (k, executor) -> CompletableFuture.supplyAsync(() -> "v", factories)))
              .thenRun(() -> { });
        }
        CompletableFuture.allOf(calls).join();
        String blocking = "warm-blocking-" + i;
        List<Future<String>> waits = new ArrayList<>();
        for (int c = 0; c < WARM_UP_CALLERS; c++) {
          waits.add(callerThreads.submit(() -> impl.equals("hybrid")
              ? engine.getOrSet(blocking, ctx -> briefly("v"))
              : caffeine.get(blocking, k -> briefly("v"))));
        }
        for (Future<String> wait : waits) {
          wait.get();
        }
      }
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("the warm-up failed", e);
    } finally {
      factories.shutdown();
      callerThreads.shutdown();
    }
  }

  /** {@code value} after about 20 us: long enough for the other warm-up callers to wait for it. */
  private static String briefly(String value) {
    long until = System.nanoTime() + 20_000;
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    return value;
  }

  private void work(int me) {
    while (true) {
      start.arriveAndAwaitAdvance();
      if (stopping) {
        return;
      }
      started[me] = System.nanoTime();
      String k = key;
      String value = impl.equals("hybrid") ? engine.getOrSet(k, ctx -> slowValue(k)) : caffeine.get(k, this::slowValue);
      released[me] = System.nanoTime();
      if (value == null) {
        throw new IllegalStateException("no value");
      }
      done.arrive();
    }
  }

  private String slowValue(String k) {
    try {
      Thread.sleep(FACTORY_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    runs.incrementAndGet();
    factoryEnd = System.nanoTime();
    return "value-of-" + k;
  }

  private CompletableFuture<String> slowValueAsync(String k) {
    return CompletableFuture.supplyAsync(() -> {
      runs.incrementAndGet();
      factoryEnd = System.nanoTime();
      return "value-of-" + k;
    }, factoryThread);
  }

  @Setup(Level.Iteration)
  public void startIteration(IterationParams params) {
    measuring = params.getType() == IterationType.MEASUREMENT;
    latencyCount = 0;
  }

  @TearDown(Level.Iteration)
  public void endIteration() {
    if (!measuring || latencyCount == 0) {
      return;
    }
    long[] sorted = Arrays.copyOf(latencies, latencyCount);
    Arrays.sort(sorted);
    System.out.printf("%n[stampede impl=%s callers=%s] waiters=%d release after factory: min=%.1f us, p50=%.1f us, "
        + "p99=%.1f us, max=%.1f us%n", impl, callers, latencyCount, sorted[0] / 1e3, sorted[latencyCount / 2] / 1e3,
        sorted[(int) Math.min(latencyCount - 1, Math.ceil(latencyCount * 0.99) - 1)] / 1e3,
        sorted[latencyCount - 1] / 1e3);
  }

  @TearDown
  public void tearDown() throws InterruptedException {
    if (workers != null) {
      stopping = true;
      start.arriveAndDeregister();
      for (Thread w : workers) {
        w.join(5_000);
      }
    }
    engine.close();
    factoryPool.shutdown();
  }

  @Benchmark
  public int stampede(Counters counters) {
    runs.set(0);
    factoryEnd = 0;
    key = "cold-" + next++;
    if (!callers.equals("async")) {
      start.arriveAndAwaitAdvance();
      done.arriveAndAwaitAdvance();
    } else {
      String k = key;
      @SuppressWarnings("unchecked")
      CompletableFuture<Void>[] all = new CompletableFuture[count];
      for (int i = 0; i < count; i++) {
        int me = i;
        started[i] = System.nanoTime();
        CompletableFuture<String> f = impl.equals("hybrid")
            ? engine.getOrSetAsync(k, ctx -> slowValueAsync(k))
            : asyncCaffeine.get(k, (key, executor) -> slowValueAsync(key));
        all[i] = f.thenRun(() -> released[me] = System.nanoTime());
      }
      CompletableFuture.allOf(all).join();
    }
    long end = factoryEnd;
    counters.stampedes++;
    counters.factoryRuns += runs.get();
    for (int i = 0; i < count; i++) {
      if (started[i] < end) { // it was waiting for the factory (a later caller found the value in L1)
        long latency = Math.max(0, released[i] - end);
        counters.waiters++;
        if (latency > 1_000_000) {
          counters.releaseOver1ms++;
        }
        if (measuring) {
          if (latencyCount == latencies.length) {
            latencies = Arrays.copyOf(latencies, latencyCount * 2);
          }
          latencies[latencyCount++] = latency;
        }
      }
    }
    return runs.get();
  }
}

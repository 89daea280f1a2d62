package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridcache.AsyncFactory;
import io.hybridcache.EntryOptions;
import io.hybridcache.Factory;
import io.hybridcache.HybridCacheListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many threads against one engine on the real clock and the default background executor: whenever the threads pause
 * (and at the end), the state of every key is one its last writers could have left; an explicit write started while a
 * factory runs wins even when it lands during the run's save; concurrent misses on a key share one factory run,
 * synchronously and asynchronously.
 */
class ConcurrencyStressTest {
  private static final EntryOptions PLAIN = EntryOptions.builder().duration(Duration.ofHours(1)).build();
  private static final EntryOptions FAIL_SAFE = EntryOptions.builder().duration(Duration.ofHours(1))
      .failSafe(true, Duration.ofHours(2), Duration.ofSeconds(30)).build();
  private static final EntryOptions ALLOW_STALE = EntryOptions.builder().allowStaleOnReadOnly(true).build();

  private final Map<String, AtomicInteger> misses = new ConcurrentHashMap<>();
  private HybridCacheEngine<String, String> cache;

  @BeforeEach
  void createCache() {
    cache = HybridCacheEngine.<String, String>builder("stress").build(); // system clock, default background executor
    cache.addListener(new HybridCacheListener<String>() {
      @Override
      public void onMiss(String key) {
        misses.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      }
    });
  }

  @AfterEach
  void closeCache() {
    cache.close();
  }

  // ================================================================ (a) last writer wins under a random mix

  private static final int THREADS = 8;
  private static final int KEYS = 8;
  private static final int ROUNDS = 200;
  private static final int OPS_PER_ROUND = 100; // 20,000 operations per thread in all

  /** The write-like operations; a getOrSet counts only when its factory ran in the calling thread. */
  private enum Kind { SET, REMOVE, EXPIRE, FACTORY }

  /**
   * One write-like operation. {@code start} and {@code end} are tickets of one global counter drawn right before the
   * call and right after it returned; {@code factoryStart} is drawn as the factory's first action (FACTORY only).
   * Because the counter is atomic, a ticket drawn after another one is ordered after it (happens-before).
   */
  private record Write(int thread, Kind kind, String value, long start, long factoryStart, long end) {
    @Override
    public String toString() {
      return "t" + thread + ":" + kind + (value == null ? "" : "(" + value + ")") + "[start=" + start
          + (kind == Kind.FACTORY ? ", factoryStart=" + factoryStart : "") + ", end=" + end + "]";
    }
  }

  private final AtomicLong tickets = new AtomicLong();
  private final AtomicInteger[] runningFactories = new AtomicInteger[KEYS];

  private long ticket() {
    return tickets.incrementAndGet();
  }

  private static String key(int k) {
    return "key-" + k;
  }

  /**
   * One thread of the mix. What it records is read by other threads only in the barrier action or after it finished,
   * both ordered after its writes.
   */
  private final class Worker implements Runnable {
    final int id;
    final SplittableRandom random;
    final CyclicBarrier barrier;
    final Write[] lastWrite = new Write[KEYS];
    final long[][] latestStart = new long[Kind.values().length][KEYS]; // per kind and key, -1 = none
    final List<Set<String>> written = new ArrayList<>(); // per key: values set or produced by a factory
    final List<Set<String>> read = new ArrayList<>(); // per key: values tryGet or a factory-less getOrSet returned
    final long[] count = new long[Kind.values().length];
    final List<String> errors = Collections.synchronizedList(new ArrayList<>());

    Worker(int id, long seed, CyclicBarrier barrier) {
      this.id = id;
      this.random = new SplittableRandom(seed);
      this.barrier = barrier;
      for (long[] perKey : latestStart) {
        Arrays.fill(perKey, -1);
      }
      for (int k = 0; k < KEYS; k++) {
        written.add(new HashSet<>());
        read.add(new HashSet<>());
      }
    }

    @Override
    public void run() {
      int seq = 0;
      for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < OPS_PER_ROUND; i++) {
          operate(seq++);
        }
        try {
          barrier.await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
          errors.add("t" + id + " gave up at the barrier after round " + round + ": " + e);
          return;
        }
      }
    }

    private void operate(int seq) {
      int k = random.nextInt(KEYS);
      String key = key(k);
      EntryOptions options = random.nextBoolean() ? FAIL_SAFE : PLAIN;
      int dice = random.nextInt(100);
      String op = "?";
      try {
        if (dice < 25) {
          op = "set";
          String value = uniqueValue(key, seq);
          long start = ticket();
          cache.set(key, value, options);
          record(k, new Write(id, Kind.SET, value, start, -1, ticket()));
        } else if (dice < 35) {
          op = "remove";
          long start = ticket();
          cache.remove(key, options);
          record(k, new Write(id, Kind.REMOVE, null, start, -1, ticket()));
        } else if (dice < 50) {
          op = "expire";
          long start = ticket();
          cache.expire(key, options);
          record(k, new Write(id, Kind.EXPIRE, null, start, -1, ticket()));
        } else if (dice < 80) {
          op = "getOrSet";
          getOrSet(k, uniqueValue(key, seq), options);
        } else {
          op = "tryGet";
          cache.tryGet(key, random.nextBoolean() ? ALLOW_STALE : cache.defaultEntryOptions())
              .ifPresent(read.get(k)::add);
        }
      } catch (Throwable t) {
        errors.add("t" + id + " op #" + seq + " " + op + "(" + key + ") threw " + t);
      }
    }

    private void getOrSet(int k, String produced, EntryOptions options) {
      String key = key(k);
      long[] factoryStart = {-1};
      Factory<String, String> factory = context -> {
        factoryStart[0] = ticket();
        if (runningFactories[k].incrementAndGet() != 1) {
          errors.add("t" + id + ": a factory of " + key + " ran while another one of the same key was running");
        }
        try {
          if (ThreadLocalRandom.current().nextInt(4) == 0) {
            Thread.yield(); // widen the window for explicit writes racing with the run
          }
          return produced;
        } finally {
          runningFactories[k].decrementAndGet();
        }
      };
      long start = ticket();
      String got = random.nextBoolean()
          ? cache.getOrSet(key, factory, options)
          : cache.getOrSetAsync(key, AsyncFactory.of(factory), options).join();
      long end = ticket();
      if (factoryStart[0] >= 0) {
        if (!produced.equals(got)) {
          errors.add("t" + id + ": getOrSet(" + key + ") ran its factory, which produced " + produced
              + ", but returned " + got);
        }
        record(k, new Write(id, Kind.FACTORY, produced, start, factoryStart[0], end));
      } else {
        read.get(k).add(got);
      }
    }

    private String uniqueValue(String key, int seq) {
      return key + "/t" + id + "/" + seq;
    }

    private void record(int k, Write w) {
      lastWrite[k] = w;
      latestStart[w.kind().ordinal()][k] = w.start();
      count[w.kind().ordinal()]++;
      if (w.value() != null) {
        written.get(k).add(w.value());
      }
    }
  }

  /**
   * 8 threads run 20,000 random operations each over 8 keys, pausing together every 100 operations. At every pause
   * (the last one being the final state) each key's state is checked against the write-like operations so far: see
   * {@link #stateViolations}. Checking at every pause rather than only at the end is what gives a race at the end of a
   * round (e.g. a superseded factory run that saves anyway) a real chance to be the state that is checked.
   */
  @Test
  @Timeout(120)
  void stateOfEveryKeyWhenTheThreadsPauseIsOneThatALastWriterOfTheKeyCouldHaveLeft() throws Exception {
    long baseSeed = System.nanoTime();
    for (int k = 0; k < KEYS; k++) {
      runningFactories[k] = new AtomicInteger();
    }
    List<Worker> workers = new ArrayList<>();
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger pauses = new AtomicInteger();
    CyclicBarrier barrier = new CyclicBarrier(THREADS, () -> {
      int pause = pauses.incrementAndGet();
      for (int k = 0; k < KEYS; k++) {
        for (String p : checkKey(k, workers)) {
          problems.add("after round " + pause + ", " + key(k) + ": " + p);
        }
      }
    });
    for (int t = 0; t < THREADS; t++) {
      workers.add(new Worker(t, baseSeed + t, barrier));
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (Worker w : workers) {
        done.add(pool.submit(w));
      }
      for (Future<?> f : done) {
        f.get(100, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<String> errors = workers.stream().flatMap(w -> w.errors.stream()).collect(Collectors.toList());
    assertThat(errors).as("what the threads saw go wrong (seed %d)", baseSeed).isEmpty();
    assertThat(pauses.get()).as("checked pauses").isEqualTo(ROUNDS);
    assertThat(problems).as("states no last writer could have left (seed %d)", baseSeed).isEmpty();
    List<String> phantoms = new ArrayList<>();
    for (Worker w : workers) {
      for (int k = 0; k < KEYS; k++) {
        for (String v : w.read.get(k)) {
          if (!writtenTo(k, v, workers)) {
            phantoms.add("t" + w.id + " read " + v + " from " + key(k));
          }
        }
      }
    }
    assertThat(phantoms).as("values read that no write of the key produced").isEmpty();

    long[] perKind = new long[Kind.values().length];
    for (Worker w : workers) {
      for (int i = 0; i < perKind.length; i++) {
        perKind[i] += w.count[i];
      }
    }
    assertThat(Arrays.stream(perKind).boxed()).as("write-like operations per kind %s", List.of(Kind.values()))
        .allMatch(n -> n > 0);
    assertThat(cache.stats().factoryRuns()).as("factory runs counted by the cache")
        .isEqualTo(perKind[Kind.FACTORY.ordinal()]);
  }

  /** The problems with the state of key {@code k} while every worker waits at the barrier. */
  private List<String> checkKey(int k, List<Worker> workers) {
    String key = key(k);
    List<Write> lastWrites = new ArrayList<>();
    long[] latestStart = new long[Kind.values().length];
    Arrays.fill(latestStart, -1);
    for (Worker w : workers) {
      if (w.lastWrite[k] != null) {
        lastWrites.add(w.lastWrite[k]);
      }
      for (Kind kind : Kind.values()) {
        latestStart[kind.ordinal()] = Math.max(latestStart[kind.ordinal()], w.latestStart[kind.ordinal()][k]);
      }
    }
    Predicate<String> writtenToKey = v -> writtenTo(k, v, workers);

    return stateViolations(cache.tryGet(key), cache.tryGet(key, ALLOW_STALE), lastWrites, latestStart, writtenToKey);
  }

  private static boolean writtenTo(int k, String value, List<Worker> workers) {
    return workers.stream().anyMatch(w -> w.written.get(k).contains(value));
  }

  /**
   * What is wrong with the state of one key while no operation runs (nothing if it is legitimate), given each thread's
   * last write-like operation on it, the latest start ticket of each kind of operation on it, and the values ever
   * written to it.
   *
   * <p>The state is the effect of the last memory write that took effect. Every set and remove takes effect; an
   * expire takes effect unless the key is absent; a factory run's save takes effect unless an explicit write (set,
   * remove or expire, even of an absent key) that began after the run started, or a newer run's save, superseded it;
   * then its value is returned but not cached. A getOrSet that only hit (or followed another caller's run) writes
   * nothing. The write that took effect last is the last write-like operation of its thread: a later one of that thread
   * would take effect itself, or be a run superseded by something that does, or by an expire of an absent key, and
   * following such supersessions, each later than the previous, ends at some thread's last operation being such an
   * expire. So the state must be the effect of some thread's last write-like operation:
   *
   * <ul>
   *   <li>fresh v: a set(v), or a getOrSet whose factory produced v;
   *   <li>stale w (only {@code allowStaleOnReadOnly} sees it): an expire, w being a value written to the key;
   *   <li>absent: a remove, or an expire (of a key that was absent then);
   * </ul>
   *
   * and, by the tickets, nothing that must have overwritten that effect may have started after it:
   *
   * <ul>
   *   <li>no set, remove or expire started after a set(v) returned, nor after the factory that produced v started
   *       (such a write marked the run superseded, so the run must not save after it: the last explicit write wins);
   *   <li>no getOrSet that ran its factory started after the write of a fresh v returned (its run saved, or was
   *       superseded by something that replaced v);
   *   <li>no set, remove or factory-running getOrSet started after the expire that left the stale value returned;
   *   <li>no set started after the remove or expire that left the key absent returned.
   * </ul>
   */
  private static List<String> stateViolations(Optional<String> fresh, Optional<String> freshOrStale,
      List<Write> lastWrites, long[] latestStart, Predicate<String> writtenToKey) {
    List<String> violations = new ArrayList<>();
    long lastSetStart = latestStart[Kind.SET.ordinal()];
    long lastSetOrRemoveStart = Math.max(lastSetStart, latestStart[Kind.REMOVE.ordinal()]);
    long lastExplicitStart = Math.max(lastSetOrRemoveStart, latestStart[Kind.EXPIRE.ordinal()]);
    long lastFactoryStart = latestStart[Kind.FACTORY.ordinal()];
    String context = "; last writes per thread: " + lastWrites + "; latest start tickets: set " + lastSetStart
        + ", set/remove " + lastSetOrRemoveStart + ", set/remove/expire " + lastExplicitStart
        + ", factory-running getOrSet " + lastFactoryStart;

    if (fresh.isPresent()) {
      String v = fresh.get();
      if (!freshOrStale.equals(fresh)) {
        violations.add("tryGet returned fresh " + v + " but tryGet with allowStaleOnReadOnly " + freshOrStale);
      }
      Optional<Write> writer = lastWrites.stream()
          .filter(w -> (w.kind() == Kind.SET || w.kind() == Kind.FACTORY) && v.equals(w.value())).findFirst();
      if (writer.isEmpty()) {
        violations.add("fresh " + v + " is not the last write of any thread (a lost update)" + context);
      } else {
        Write w = writer.get();
        long effectiveFrom = w.kind() == Kind.SET ? w.end() : w.factoryStart();
        if (lastExplicitStart > effectiveFrom) {
          violations.add("fresh " + v + " outlived a set, remove or expire that started after "
              + (w.kind() == Kind.SET ? "its set returned" : "its factory started") + context);
        }
        if (lastFactoryStart > w.end()) {
          violations.add("fresh " + v + " outlived a factory-running getOrSet that started after its write returned"
              + context);
        }
      }
    } else if (freshOrStale.isPresent()) {
      String w = freshOrStale.get();
      if (!writtenToKey.test(w)) {
        violations.add("stale " + w + " was never written to the key");
      }
      long lastOverwriteStart = Math.max(lastSetOrRemoveStart, lastFactoryStart);
      if (lastWrites.stream().noneMatch(x -> x.kind() == Kind.EXPIRE && x.end() > lastOverwriteStart)) {
        violations.add("stale " + w + " is explained by no expire that is the last write of its thread and after"
            + " which no set, remove or factory-running getOrSet started" + context);
      }
    } else if (!lastWrites.isEmpty()) {
      if (lastWrites.stream()
          .noneMatch(x -> (x.kind() == Kind.REMOVE || x.kind() == Kind.EXPIRE) && x.end() > lastSetStart)) {
        violations.add("absent, which no remove or expire that is the last write of its thread and after which no"
            + " set started explains" + context);
      }
    }
    return violations;
  }

  // ================================================================ (b) stampede protection under contention

  private static final int COLD_KEYS = 50;
  private static final int CALLERS = 16;

  @Test
  @Timeout(60)
  void concurrentGetOrSetOnAColdKeyRunsTheFactoryOnceAndGivesEveryCallerItsValue() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
    try {
      List<String> problems = new ArrayList<>();
      for (int k = 0; k < COLD_KEYS; k++) {
        String key = "cold-" + k;
        AtomicInteger runs = new AtomicInteger();
        AtomicBoolean everyCallerArrived = new AtomicBoolean();
        // The factory holds the run until every caller has missed, i.e. is past the hit path and must lead or follow;
        // the bound only keeps a broken engine from hanging the build, correctness never depends on it.
        Factory<String, String> factory = context -> {
          int run = runs.incrementAndGet();
          everyCallerArrived.set(awaitCondition(() -> missesOf(key) >= CALLERS, Duration.ofSeconds(10)));
          return key + "/run-" + run;
        };
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int c = 0; c < CALLERS; c++) {
          results.add(pool.submit(() -> {
            go.await();
            return cache.getOrSet(key, factory, PLAIN);
          }));
        }
        go.countDown();
        List<String> values = new ArrayList<>();
        for (Future<String> r : results) {
          values.add(r.get(30, TimeUnit.SECONDS));
        }

        if (runs.get() != 1) {
          problems.add(key + ": the factory ran " + runs.get() + " times");
        }
        if (!values.stream().allMatch((key + "/run-1")::equals)) {
          problems.add(key + ": the callers got " + values);
        }
        if (!everyCallerArrived.get()) {
          problems.add(key + ": the factory stopped waiting before all " + CALLERS + " callers had missed");
        }
      }
      assertThat(problems).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Timeout(60)
  void thousandConcurrentGetOrSetAsyncCallsOnAColdKeyReturnAtOnceAndShareOneFactoryRun() throws Exception {
    int threads = 20;
    int callsPerThread = 50;
    CompletableFuture<String> source = new CompletableFuture<>();
    AtomicInteger invocations = new AtomicInteger();
    AsyncFactory<String, String> factory = context -> {
      invocations.incrementAndGet();
      return source;
    };
    @SuppressWarnings("unchecked")
    CompletableFuture<String>[] futures = new CompletableFuture[threads * callsPerThread];
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch allReturned = new CountDownLatch(threads);
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int t = 0; t < threads; t++) {
        int first = t * callsPerThread;
        pool.execute(() -> {
          try {
            go.await();
            for (int i = first; i < first + callsPerThread; i++) {
              futures[i] = cache.getOrSetAsync("cold", factory, PLAIN);
            }
          } catch (Throwable e) {
            errors.add(e);
          } finally {
            allReturned.countDown();
          }
        });
      }
      go.countDown();

      // The factory's future is completed only below, so calls that waited for it would never return.
      assertThat(allReturned.await(30, TimeUnit.SECONDS)).as("all calls returned before the factory completed")
          .isTrue();
      assertThat(errors).isEmpty();
      assertThat(source).isNotDone();
      assertThat(futures).doesNotContainNull().allSatisfy(f -> assertThat(f).isNotDone());
      assertThat(invocations.get()).as("factory invocations").isEqualTo(1);

      source.complete("the-value");

      assertThat(futures).allSatisfy(f -> assertThat(f).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("the-value"));
      assertThat(invocations.get()).as("factory invocations").isEqualTo(1);
      assertThat(cache.tryGet("cold")).hasValue("the-value");
    } finally {
      source.complete("the-value"); // releases any caller a broken engine left waiting
      pool.shutdownNow();
    }
  }

  // ================================================================ (c) an explicit write racing with a run's save

  private static final int DUELS = 20_000;

  /** Explicit writes that must leave no fresh value when they start after a run's factory started. */
  enum Invalidation {
    EXPIRE(c -> c.expire("duel")),
    CLEAR_KEEPING_FALLBACKS(c -> c.clear(true)),
    CLEAR(c -> c.clear(false));

    final Consumer<HybridCacheEngine<String, String>> write;

    Invalidation(Consumer<HybridCacheEngine<String, String>> write) {
      this.write = write;
    }
  }

  /**
   * One thread runs a getOrSet on an absent key, another starts the write as soon as the factory started, so the write
   * lands around the run's save, the moment when the run checks that it was not superseded and inserts its entry. The
   * write started after the factory did, so it must win: no fresh value afterwards. A regression test for a write that
   * looked the key up without its lock (expire), or went over the keys without waiting (clear), while the save was
   * inserting the key's entry, and missed it: up to thousands of the duels failed.
   */
  @ParameterizedTest
  @EnumSource(Invalidation.class)
  @Timeout(60)
  void writeStartedWhileAFactoryRunsLeavesNoFreshValueEvenWhenItLandsDuringTheSave(Invalidation invalidation)
      throws Exception {
    AtomicInteger factoryStarted = new AtomicInteger(-1);
    CyclicBarrier go = new CyclicBarrier(3);
    CyclicBarrier done = new CyclicBarrier(3);
    List<String> problems = new CopyOnWriteArrayList<>();
    int lost = 0;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      pool.submit(() -> {
        for (int i = 0; i < DUELS; i++) {
          go.await(10, TimeUnit.SECONDS);
          int duel = i;
          cache.getOrSet("duel", context -> {
            factoryStarted.set(duel);
            return "duel-" + duel;
          }, PLAIN);
          done.await(10, TimeUnit.SECONDS);
        }
        return null;
      });
      pool.submit(() -> {
        for (int i = 0; i < DUELS; i++) {
          go.await(10, TimeUnit.SECONDS);
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          while (factoryStarted.get() != i) { // a busy spin: yielding would mostly miss the save
            if (System.nanoTime() - deadline > 0) {
              problems.add("duel " + i + ": the factory did not run");
              break;
            }
            Thread.onSpinWait();
          }
          invalidation.write.accept(cache);
          done.await(10, TimeUnit.SECONDS);
        }
        return null;
      });
      for (int i = 0; i < DUELS; i++) {
        go.await(10, TimeUnit.SECONDS);
        done.await(10, TimeUnit.SECONDS);
        Optional<String> fresh = cache.tryGet("duel");
        if (fresh.isPresent() && ++lost <= 5) {
          problems.add("duel " + i + ": fresh " + fresh.get() + " outlived " + invalidation);
        }
        cache.remove("duel"); // absent again for the next duel
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(problems).as("%d of %d duels left a fresh value", lost, DUELS).isEmpty();
  }

  // ================================================================ helpers

  private int missesOf(String key) {
    AtomicInteger n = misses.get(key);
    return n == null ? 0 : n.get();
  }

  /** Spins (yielding) until {@code condition} holds; false if {@code max} passed first. */
  private static boolean awaitCondition(BooleanSupplier condition, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.yield();
    }
    return true;
  }
}

package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Concurrent load on the nodes of a chaos test: writer threads {@code set} random keys of a shared set to unique values
 * (each recorded in a {@link WriteHistory}), reader threads {@code getOrSet} them with a factory that always fails (the
 * database is down too), so a reader gets a cached value, fresh or stale, or an exception. Each thread pauses a little
 * between calls. It records every exception a caller got and the slowest call of each kind of thread.
 */
final class ChaosLoad {
  private static final long PAUSE_NANOS = Duration.ofMillis(1).toNanos();
  /** A call running longer than this has its stack recorded ({@link #slowCalls()}). */
  static final Duration SLOW = Duration.ofMillis(600);

  /** What a kind of thread measured. */
  static final class Calls {
    private final String kind;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong slowestNanos = new AtomicLong();

    private Calls(String kind) {
      this.kind = kind;
    }

    void took(long nanos) {
      count.incrementAndGet();
      slowestNanos.accumulateAndGet(nanos, Math::max);
    }

    long count() {
      return count.get();
    }

    Duration slowest() {
      return Duration.ofNanos(slowestNanos.get());
    }

    @Override
    public String toString() {
      return count() + " " + kind + ", the slowest " + slowest().toMillis() + " ms";
    }
  }

  private final WriteHistory history;
  private final List<String> keys;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private final AtomicLong sequence = new AtomicLong();
  private final Map<Thread, AtomicLong> starts = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> slow = new ConcurrentLinkedQueue<>();
  private Thread watchdog;

  ChaosLoad(WriteHistory history, List<String> keys) {
    this.history = history;
    this.keys = List.copyOf(keys);
  }

  /**
   * Starts {@code count} threads writing through {@code node} with {@code options}; returns what they measure. Every
   * thread of every node writes every key, so one node's threads also write one key in one millisecond (ordered by
   * the entries' order, {@link SameMillisecondWritesTest}).
   */
  Calls writers(String name, HybridCacheEngine<String, String> node, int count, EntryOptions options) {
    Calls calls = new Calls("writes on " + name);
    for (int i = 0; i < count; i++) {
      String thread = name + "-w" + i;
      start(thread, () -> {
        String key = randomKey();
        String value = thread + "-" + sequence.incrementAndGet();
        long millis = System.currentTimeMillis();
        long start = System.nanoTime();
        history.write(key, value, v -> node.set(key, v, options));
        calls.took(System.nanoTime() - start);
        while (System.currentTimeMillis() == millis) {
          LockSupport.parkNanos(PAUSE_NANOS / 10); // the next write of this thread is in a later millisecond
        }
      });
    }
    return calls;
  }

  /** Starts {@code count} threads reading through {@code node} with {@code options}; returns what they measure. */
  Calls readers(String name, HybridCacheEngine<String, String> node, int count, EntryOptions options) {
    Calls calls = new Calls("reads on " + name);
    for (int i = 0; i < count; i++) {
      start(name + "-r" + i, () -> {
        long start = System.nanoTime();
        node.getOrSet(randomKey(), ctx -> {
          throw new IllegalStateException("the database is down too");
        }, options);
        calls.took(System.nanoTime() - start);
      });
    }
    return calls;
  }

  /** Stops every thread and waits for the calls under way to return. */
  void stop() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(Duration.ofSeconds(30).toMillis());
      if (t.isAlive()) {
        failures.add(t.getName() + " still blocked 30 s after the load stopped");
      }
    }
  }

  /** Each exception a caller got, as "thread: exception". */
  List<String> failures() {
    return List.copyOf(failures);
  }

  private String randomKey() {
    return keys.get(ThreadLocalRandom.current().nextInt(keys.size()));
  }

  private void start(String name, Runnable call) {
    AtomicLong callStart = new AtomicLong();
    Thread t = new Thread(() -> {
      while (running.get()) {
        callStart.set(System.nanoTime());
        try {
          call.run();
        } catch (RuntimeException | Error e) {
          failures.add(name + ": " + e);
        } finally {
          callStart.set(0);
        }
        LockSupport.parkNanos(PAUSE_NANOS);
      }
    }, "chaos-" + name);
    t.setDaemon(true);
    threads.add(t);
    starts.put(t, callStart);
    t.start();
    if (watchdog == null) {
      watchdog = new Thread(this::watch, "chaos-watchdog");
      watchdog.setDaemon(true);
      watchdog.start();
    }
  }

  /** Where the calls that take longer than {@link #SLOW} were then (at most a few), for the failure messages. */
  String slowCalls() {
    return slow.isEmpty() ? "no call took longer than " + SLOW.toMillis() + " ms"
        : "calls still running after " + SLOW.toMillis() + " ms:\n" + String.join("\n", slow);
  }

  private void watch() {
    Map<Thread, Long> reported = new HashMap<>();
    while (running.get()) {
      long now = System.nanoTime();
      starts.forEach((thread, start) -> {
        long began = start.get();
        if (began != 0 && now - began > SLOW.toNanos() && slow.size() < 5
            && !Long.valueOf(began).equals(reported.get(thread))) {
          reported.put(thread, began);
          StringBuilder where = new StringBuilder(thread.getName());
          for (StackTraceElement frame : thread.getStackTrace()) {
            where.append("\n    at ").append(frame);
          }
          slow.add(where.toString());
        }
      });
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }
}

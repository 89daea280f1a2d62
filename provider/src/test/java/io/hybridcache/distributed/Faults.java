package io.hybridcache.distributed;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The faults a test injects into one in-memory component: failures, a delay and a gate. Each operation of the component
 * goes through {@link #run}, which decides at call time whether it fails and, when a delay or gate is set, runs it (or
 * delivers its failure) later on a daemon thread, so the caller never blocks. With neither set, the operation runs and
 * its future completes on the caller's thread. Deferred operations run in call order, as commands on one Redis
 * connection do: each waits for its own gate and delay (delays overlap, they do not add up) and for the deferred
 * operation called before it. An operation called once the gate and delay are off runs at once and may overtake
 * operations still waiting.
 */
final class Faults {
  private static final ExecutorService GATE_THREADS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "in-memory-fault-gate");
    t.setDaemon(true);
    return t;
  });

  private int failuresLeft;
  private RuntimeException nextFailure;
  private boolean failAll;
  private Duration delay = Duration.ZERO;
  private CountDownLatch gate;
  private CompletableFuture<?> lastDeferred = CompletableFuture.completedFuture(null);

  /** The next {@code n} operations fail with {@code failure}; replaces an earlier count. */
  synchronized void failNext(int n, RuntimeException failure) {
    if (n < 0) {
      throw new IllegalArgumentException("n < 0: " + n);
    }
    failuresLeft = n;
    nextFailure = Objects.requireNonNull(failure, "failure");
  }

  /** While on, every operation fails with an {@link InjectedFailure}; {@link #failNext} counts still come first. */
  synchronized void failAll(boolean on) {
    failAll = on;
  }

  /** Operations complete {@code delay} (real time) after the call; {@link Duration#ZERO} turns it off. */
  synchronized void delay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("negative delay: " + delay);
    }
    this.delay = delay;
  }

  /**
   * Operations called from now on run only once {@code gate} is open; {@code null} turns the gate off for later calls
   * (operations already waiting keep waiting for their gate).
   */
  synchronized void blockUntil(CountDownLatch gate) {
    this.gate = gate;
  }

  /** Runs {@code operation} under the current faults; its exception, if any, completes the future exceptionally. */
  <T> CompletableFuture<T> run(Supplier<T> operation) {
    Supplier<T> outcome;
    synchronized (this) {
      RuntimeException failure = takeFailure();
      outcome = failure == null ? operation : () -> {
        throw failure;
      };
      if (gate != null || !delay.isZero()) {
        CompletableFuture<T> deferred = released(gate, delay)
            .thenCombineAsync(lastDeferred.handle((v, e) -> null), (a, b) -> null, GATE_THREADS)
            .thenApply(ignored -> outcome.get());
        lastDeferred = deferred;
        return deferred;
      }
    }
    return runNow(outcome);
  }

  private static <T> CompletableFuture<T> runNow(Supplier<T> outcome) {
    try {
      return CompletableFuture.completedFuture(outcome.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Completes, on a gate thread, once {@code gate} (if any) is open and then {@code delay} has passed. */
  private static CompletableFuture<Void> released(CountDownLatch gate, Duration delay) {
    CompletableFuture<Void> open = gate == null
        ? CompletableFuture.completedFuture(null)
        : CompletableFuture.runAsync(() -> awaitOpen(gate), GATE_THREADS);
    return open.thenRunAsync(
        () -> {}, CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS, GATE_THREADS));
  }

  private RuntimeException takeFailure() {
    if (failuresLeft > 0) {
      failuresLeft--;
      return nextFailure;
    }
    return failAll ? new InjectedFailure("injected: every operation fails") : null;
  }

  private static void awaitOpen(CountDownLatch gate) {
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the gate", e);
    }
  }

  /** The failure {@link #failAll} injects. */
  static final class InjectedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedFailure(String message) {
      super(message);
    }
  }
}

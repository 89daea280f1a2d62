package io.hybridcache.benchmarks;

import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A {@link DistributedLevel} whose writes take {@code delay} in all: the write goes through the wrapped level, and its
 * future completes once {@code delay} has passed since the call (at once if the real write took longer), without
 * blocking any thread: the reference's background-operations example supposes a 20 ms write, not 20 ms on top of
 * the real round trip. Reads are not delayed. The delay runs
 * on one scheduler thread of its own that completes the future directly (no hop through a shared pool, whose single
 * thread on a 2-core machine would add its own wait).
 */
final class DelayedLevel implements DistributedLevel {
  private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "bench-delay");
    thread.setDaemon(true);
    return thread;
  });

  private final DistributedLevel delegate;
  private final Duration later;

  DelayedLevel(DistributedLevel delegate, Duration delay) {
    this.delegate = delegate;
    this.later = delay;
  }

  /** {@code future}'s outcome, once it completed and {@code delay} has passed since this call. */
  static <T> CompletableFuture<T> delayed(CompletableFuture<T> future, Duration delay) {
    long due = System.nanoTime() + delay.toNanos();
    CompletableFuture<T> result = new CompletableFuture<>();
    future.whenComplete((value, error) -> SCHEDULER.schedule(() -> {
      if (error != null) {
        result.completeExceptionally(error);
      } else {
        result.complete(value);
      }
    }, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS));
    return result;
  }

  @Override
  public CompletableFuture<byte[]> get(String key) {
    return delegate.get(key);
  }

  @Override
  public CompletableFuture<Void> set(String key, byte[] envelope, Duration timeToLive,
      BackplaneMessage notification) {
    return delayed(delegate.set(key, envelope, timeToLive, notification), later);
  }

  @Override
  public CompletableFuture<Void> remove(String key, BackplaneMessage notification) {
    return delayed(delegate.remove(key, notification), later);
  }

  @Override
  public CompletableFuture<Void> remove(String key, long removedAt, BackplaneMessage notification) {
    return delayed(delegate.remove(key, removedAt, notification), later);
  }

  @Override
  public CompletableFuture<Boolean> compareAndSet(String key, byte[] expected, byte[] replacement,
      Duration timeToLive, BackplaneMessage notification) {
    return delayed(delegate.compareAndSet(key, expected, replacement, timeToLive, notification), later);
  }

  @Override
  public CompletableFuture<Boolean> compareAndRemove(String key, byte[] expected, long removedAt,
      BackplaneMessage notification) {
    return delayed(delegate.compareAndRemove(key, expected, removedAt, notification), later);
  }

  @Override
  public CompletableFuture<List<String>> keys(String prefix) {
    return delegate.keys(prefix);
  }

  @Override
  public boolean publishesNotifications() {
    return delegate.publishesNotifications();
  }

  @Override
  public void close() {
    delegate.close();
  }
}

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
 * A {@link DistributedLevel} whose writes take {@code delay} longer than the one it wraps: the write goes through, and
 * its future completes {@code delay} after the wrapped one did, without blocking any thread (a slower network or a
 * busier server, as the reference's background-operations example supposes). Reads are not delayed. The delay runs
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

  /** {@code future}'s outcome, {@code delay} after it completed. */
  static <T> CompletableFuture<T> delayed(CompletableFuture<T> future, Duration delay) {
    CompletableFuture<T> result = new CompletableFuture<>();
    future.whenComplete((value, error) -> SCHEDULER.schedule(() -> {
      if (error != null) {
        result.completeExceptionally(error);
      } else {
        result.complete(value);
      }
    }, delay.toNanos(), TimeUnit.NANOSECONDS));
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
  public CompletableFuture<Boolean> compareAndSet(String key, byte[] expected, byte[] replacement,
      Duration timeToLive, BackplaneMessage notification) {
    return delayed(delegate.compareAndSet(key, expected, replacement, timeToLive, notification), later);
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

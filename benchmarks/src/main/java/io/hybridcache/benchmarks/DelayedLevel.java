package io.hybridcache.benchmarks;

import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A {@link DistributedLevel} whose writes take {@code delay} longer than the one it wraps: the write goes through, and
 * its future completes {@code delay} after the wrapped one did, without blocking any thread (a slower network or a
 * busier server, as the reference's background-operations example supposes). Reads are not delayed.
 */
final class DelayedLevel implements DistributedLevel {
  private final DistributedLevel delegate;
  private final Executor later;

  DelayedLevel(DistributedLevel delegate, Duration delay) {
    this.delegate = delegate;
    this.later = CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  static <T> CompletableFuture<T> delayed(CompletableFuture<T> future, Executor later) {
    CompletableFuture<T> result = new CompletableFuture<>();
    future.whenComplete((value, error) -> later.execute(() -> {
      if (error != null) {
        result.completeExceptionally(error);
      } else {
        result.complete(value);
      }
    }));
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

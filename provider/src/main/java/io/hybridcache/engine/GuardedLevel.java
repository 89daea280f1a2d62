package io.hybridcache.engine;

import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A distributed level behind a {@link CircuitBreaker}: while it is open, every call fails at once. */
final class GuardedLevel implements DistributedLevel {
  private final DistributedLevel level;
  private final CircuitBreaker breaker;

  GuardedLevel(DistributedLevel level, CircuitBreaker breaker) {
    this.level = level;
    this.breaker = breaker;
  }

  @Override
  public CompletableFuture<byte[]> get(String key) {
    return breaker.guard(() -> level.get(key));
  }

  @Override
  public CompletableFuture<Void> set(String key, byte[] envelope, Duration timeToLive, BackplaneMessage notice) {
    return breaker.guard(() -> level.set(key, envelope, timeToLive, notice));
  }

  @Override
  public CompletableFuture<Void> remove(String key, BackplaneMessage notice) {
    return breaker.guard(() -> level.remove(key, notice));
  }

  /** Forwarded as it is: the default would drop {@code removedAt}, and with it the guard for newer writes. */
  @Override
  public CompletableFuture<Void> remove(String key, long removedAt, BackplaneMessage notice) {
    return breaker.guard(() -> level.remove(key, removedAt, notice));
  }

  @Override
  public CompletableFuture<Boolean> compareAndSet(String key, byte[] expected, byte[] replacement, Duration timeToLive,
      BackplaneMessage notice) {
    return breaker.guard(() -> level.compareAndSet(key, expected, replacement, timeToLive, notice));
  }

  @Override
  public CompletableFuture<Boolean> compareAndRemove(String key, byte[] expected, long removedAt,
      BackplaneMessage notice) {
    return breaker.guard(() -> level.compareAndRemove(key, expected, removedAt, notice));
  }

  @Override
  public CompletableFuture<List<String>> keys(String prefix) {
    return breaker.guard(() -> level.keys(prefix));
  }

  @Override
  public boolean publishesNotifications() {
    return level.publishesNotifications();
  }

  @Override
  public void close() {
    level.close();
  }
}

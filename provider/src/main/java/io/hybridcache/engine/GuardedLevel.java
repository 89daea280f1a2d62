package io.hybridcache.engine;

import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.KeyRead;
import io.hybridcache.spi.KeyRemoval;
import io.hybridcache.spi.KeyWrite;
import io.hybridcache.spi.OversizedEntryException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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

  /**
   * The level's bounded read. A value it refused as larger than the bound is an answer, not a failure of the level:
   * it does not open the breaker (a value planted under one key would otherwise keep every key from L2).
   */
  @Override
  public CompletableFuture<byte[]> get(String key, int maxBytes) {
    return answered(() -> level.get(key, maxBytes));
  }

  /** {@code read} behind the breaker, an {@link OversizedEntryException} passed on without opening it. */
  private CompletableFuture<byte[]> answered(java.util.function.Supplier<CompletableFuture<byte[]>> read) {
    CompletableFuture<Object> answered = breaker.guard(() -> read.get().handle((held, error) -> {
      if (error == null) {
        return held;
      }
      OversizedEntryException oversized = EntryCodec.oversized(error);
      if (oversized == null) {
        throw error instanceof CompletionException c ? c : new CompletionException(error);
      }
      return oversized;
    }));
    return answered.thenApply(reply -> {
      if (reply instanceof OversizedEntryException oversized) {
        throw oversized;
      }
      return (byte[]) reply;
    });
  }

  /** The level's bulk read, guarded as one call: a refused value is an answer in the list, not a failure. */
  @Override
  public CompletableFuture<List<KeyRead>> getAll(List<String> keys, int maxBytes) {
    return breaker.guard(() -> level.getAll(keys, maxBytes));
  }

  @Override
  public CompletableFuture<Void> set(String key, byte[] envelope, Duration timeToLive, BackplaneMessage notice) {
    return breaker.guard(() -> level.set(key, envelope, timeToLive, notice));
  }

  @Override
  public CompletableFuture<Boolean> trySet(String key, byte[] envelope, Duration timeToLive, BackplaneMessage notice) {
    return breaker.guard(() -> level.trySet(key, envelope, timeToLive, notice));
  }

  @Override
  public CompletableFuture<Boolean> tryRemove(String key, long removedAt, BackplaneMessage notice) {
    return breaker.guard(() -> level.tryRemove(key, removedAt, notice));
  }

  /** The level's bulk write, guarded as one call: a refused write is an answer in the list, not a failure. */
  @Override
  public CompletableFuture<List<Boolean>> trySetAll(List<KeyWrite> writes) {
    return breaker.guard(() -> level.trySetAll(writes));
  }

  /** The level's bulk removal, guarded as one call. */
  @Override
  public CompletableFuture<List<Boolean>> tryRemoveAll(List<KeyRemoval> removals) {
    return breaker.guard(() -> level.tryRemoveAll(removals));
  }

  /** The level's read of what is held; an oversized value is an answer, as for {@link #get(String, int)}. */
  @Override
  public CompletableFuture<byte[]> getHeld(String key, int maxBytes) {
    return answered(() -> level.getHeld(key, maxBytes));
  }

  @Override
  public CompletableFuture<Boolean> replaceOversized(String key, OversizedEntryException seen, byte[] replacement,
      Duration timeToLive, long removedAt, BackplaneMessage notice) {
    return breaker.guard(() -> level.replaceOversized(key, seen, replacement, timeToLive, removedAt, notice));
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

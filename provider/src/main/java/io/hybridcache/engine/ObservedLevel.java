package io.hybridcache.engine;

import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.KeyRead;
import io.hybridcache.spi.KeyRemoval;
import io.hybridcache.spi.KeyWrite;
import io.hybridcache.spi.OperationObserver;
import io.hybridcache.spi.OversizedEntryException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** A distributed level whose calls an {@link OperationObserver} sees start and end ({@code l2.<call>}). */
final class ObservedLevel implements DistributedLevel {
  private final DistributedLevel level;
  private final OperationObserver observer;

  ObservedLevel(DistributedLevel level, OperationObserver observer) {
    this.level = level;
    this.observer = observer;
  }

  private <T> CompletableFuture<T> observed(String operation, Supplier<CompletableFuture<T>> call) {
    OperationObserver.Observed observed = observer.start(operation, null);
    CompletableFuture<T> result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      observed.failed(e);
      observed.stop();
      throw e;
    }
    return result.whenComplete((value, error) -> {
      if (error != null) {
        observed.failed(Failures.unwrap(error));
      }
      observed.stop();
    });
  }

  @Override
  public CompletableFuture<byte[]> get(String key) {
    return observed("l2.get", () -> level.get(key));
  }

  @Override
  public CompletableFuture<byte[]> get(String key, int maxBytes) {
    return observed("l2.get", () -> level.get(key, maxBytes));
  }

  @Override
  public CompletableFuture<Void> set(String key, byte[] envelope, Duration timeToLive, BackplaneMessage notice) {
    return observed("l2.set", () -> level.set(key, envelope, timeToLive, notice));
  }

  /** One observation for the whole bulk read (one round trip); the default would read, and observe, key by key. */
  @Override
  public CompletableFuture<List<KeyRead>> getAll(List<String> keys, int maxBytes) {
    return observed("l2.getAll", () -> level.getAll(keys, maxBytes));
  }

  /** Forwarded as it is: the default would report every write as made, and hide a refusal. */
  @Override
  public CompletableFuture<Boolean> trySet(String key, byte[] envelope, Duration timeToLive, BackplaneMessage notice) {
    return observed("l2.set", () -> level.trySet(key, envelope, timeToLive, notice));
  }

  /** One observation for the whole bulk write (one round trip). */
  @Override
  public CompletableFuture<List<Boolean>> trySetAll(List<KeyWrite> writes) {
    return observed("l2.setAll", () -> level.trySetAll(writes));
  }

  /** Forwarded as it is: the default would report every removal as made, and hide a refusal. */
  @Override
  public CompletableFuture<Boolean> tryRemove(String key, long removedAt, BackplaneMessage notice) {
    return observed("l2.remove", () -> level.tryRemove(key, removedAt, notice));
  }

  /** One observation for the whole bulk removal (one round trip). */
  @Override
  public CompletableFuture<List<Boolean>> tryRemoveAll(List<KeyRemoval> removals) {
    return observed("l2.removeAll", () -> level.tryRemoveAll(removals));
  }

  /** Forwarded as it is: the default would read a tombstone as absent. */
  @Override
  public CompletableFuture<byte[]> getHeld(String key, int maxBytes) {
    return observed("l2.get", () -> level.getHeld(key, maxBytes));
  }

  /** Forwarded as it is: the default would transfer the oversized value. */
  @Override
  public CompletableFuture<Boolean> replaceOversized(String key, OversizedEntryException seen, byte[] replacement,
      Duration timeToLive, long removedAt, BackplaneMessage notice) {
    return observed("l2.compareAndSet",
        () -> level.replaceOversized(key, seen, replacement, timeToLive, removedAt, notice));
  }

  @Override
  public CompletableFuture<Void> remove(String key, BackplaneMessage notice) {
    return observed("l2.remove", () -> level.remove(key, notice));
  }

  /** Forwarded as it is: the default would drop {@code removedAt}, and with it the guard for newer writes. */
  @Override
  public CompletableFuture<Void> remove(String key, long removedAt, BackplaneMessage notice) {
    return observed("l2.remove", () -> level.remove(key, removedAt, notice));
  }

  @Override
  public CompletableFuture<Boolean> compareAndSet(String key, byte[] expected, byte[] replacement, Duration timeToLive,
      BackplaneMessage notice) {
    return observed("l2.compareAndSet", () -> level.compareAndSet(key, expected, replacement, timeToLive, notice));
  }

  @Override
  public CompletableFuture<Boolean> compareAndRemove(String key, byte[] expected, long removedAt,
      BackplaneMessage notice) {
    return observed("l2.compareAndRemove", () -> level.compareAndRemove(key, expected, removedAt, notice));
  }

  @Override
  public CompletableFuture<List<String>> keys(String prefix) {
    return observed("l2.keys", () -> level.keys(prefix));
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

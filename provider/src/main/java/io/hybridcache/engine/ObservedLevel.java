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

/**
 * A distributed level whose calls an {@link OperationObserver} sees start and end ({@code l2.<call>}), each named with
 * the cache its key belongs to (the tag-time store's keys with the cache they time), and a read with its result: hit
 * or miss ({@link OperationObserver.Observed#result}).
 */
final class ObservedLevel implements DistributedLevel {
  private final DistributedLevel level;
  private final OperationObserver observer;
  /** {@code {keyPrefix}{separator}}: what every key of the node starts with. */
  private final String keyStart;
  private final String separator;
  private final String tagPrefix;

  ObservedLevel(DistributedLevel level, OperationObserver observer, String keyPrefix, InternalKeys keys) {
    this.level = level;
    this.observer = observer;
    this.keyStart = keyPrefix + keys.separator();
    this.separator = keys.separator();
    this.tagPrefix = keys.tagPrefix();
  }

  /**
   * The cache {@code key} belongs to: {@code {keyPrefix}:{cache}:{key}}, or {@code {keyPrefix}:{tagPrefix}:{cache}:
   * {tag}} for a tag time; null for a key of another shape (the sequence counter, a lock).
   */
  String cacheOf(String key) {
    if (key == null || !key.startsWith(keyStart)) {
      return null;
    }
    int start = keyStart.length();
    int end = key.indexOf(separator, start);
    if (end < 0) {
      return null;
    }
    String cache = key.substring(start, end);
    if (!cache.equals(tagPrefix)) {
      return cache;
    }
    int tagEnd = key.indexOf(separator, end + separator.length());
    return tagEnd < 0 ? null : key.substring(end + separator.length(), tagEnd);
  }

  private <T> CompletableFuture<T> observed(String operation, String key, Supplier<CompletableFuture<T>> call) {
    return observed(operation, key, call, false);
  }

  /** The read of {@code key}, its result told as hit (bytes held) or miss. */
  private CompletableFuture<byte[]> read(String operation, String key, Supplier<CompletableFuture<byte[]>> call) {
    return observed(operation, key, call, true);
  }

  private <T> CompletableFuture<T> observed(String operation, String key, Supplier<CompletableFuture<T>> call,
      boolean read) {
    OperationObserver.Observed observed = observer.start(operation, cacheOf(key));
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
      } else if (read) {
        observed.result(value == null ? "miss" : "hit");
      }
      observed.stop();
    });
  }

  @Override
  public CompletableFuture<byte[]> get(String key) {
    return read("l2.get", key, () -> level.get(key));
  }

  @Override
  public CompletableFuture<byte[]> get(String key, int maxBytes) {
    return read("l2.get", key, () -> level.get(key, maxBytes));
  }

  @Override
  public CompletableFuture<Void> set(String key, byte[] envelope, Duration timeToLive, BackplaneMessage notice) {
    return observed("l2.set", key, () -> level.set(key, envelope, timeToLive, notice));
  }

  /** One observation for the whole bulk read (one round trip); the default would read, and observe, key by key. */
  @Override
  public CompletableFuture<List<KeyRead>> getAll(List<String> keys, int maxBytes) {
    return observed("l2.getAll", keys.isEmpty() ? null : keys.get(0), () -> level.getAll(keys, maxBytes));
  }

  /** Forwarded as it is: the default would report every write as made, and hide a refusal. */
  @Override
  public CompletableFuture<Boolean> trySet(String key, byte[] envelope, Duration timeToLive, BackplaneMessage notice) {
    return observed("l2.set", key, () -> level.trySet(key, envelope, timeToLive, notice));
  }

  /** One observation for the whole bulk write (one round trip). */
  @Override
  public CompletableFuture<List<Boolean>> trySetAll(List<KeyWrite> writes) {
    return observed("l2.setAll", writes.isEmpty() ? null : writes.get(0).key(), () -> level.trySetAll(writes));
  }

  /** Forwarded as it is: the default would report every removal as made, and hide a refusal. */
  @Override
  public CompletableFuture<Boolean> tryRemove(String key, long removedAt, BackplaneMessage notice) {
    return observed("l2.remove", key, () -> level.tryRemove(key, removedAt, notice));
  }

  /** One observation for the whole bulk removal (one round trip). */
  @Override
  public CompletableFuture<List<Boolean>> tryRemoveAll(List<KeyRemoval> removals) {
    return observed("l2.removeAll", removals.isEmpty() ? null : removals.get(0).key(),
        () -> level.tryRemoveAll(removals));
  }

  /** Forwarded as it is: the default would read a tombstone as absent. */
  @Override
  public CompletableFuture<byte[]> getHeld(String key, int maxBytes) {
    return read("l2.get", key, () -> level.getHeld(key, maxBytes));
  }

  /** Forwarded as it is: the default would transfer the oversized value. */
  @Override
  public CompletableFuture<Boolean> replaceOversized(String key, OversizedEntryException seen, byte[] replacement,
      Duration timeToLive, long removedAt, BackplaneMessage notice) {
    return observed("l2.compareAndSet", key,
        () -> level.replaceOversized(key, seen, replacement, timeToLive, removedAt, notice));
  }

  @Override
  public CompletableFuture<Void> remove(String key, BackplaneMessage notice) {
    return observed("l2.remove", key, () -> level.remove(key, notice));
  }

  /** Forwarded as it is: the default would drop {@code removedAt}, and with it the guard for newer writes. */
  @Override
  public CompletableFuture<Void> remove(String key, long removedAt, BackplaneMessage notice) {
    return observed("l2.remove", key, () -> level.remove(key, removedAt, notice));
  }

  @Override
  public CompletableFuture<Boolean> compareAndSet(String key, byte[] expected, byte[] replacement, Duration timeToLive,
      BackplaneMessage notice) {
    return observed("l2.compareAndSet", key,
        () -> level.compareAndSet(key, expected, replacement, timeToLive, notice));
  }

  @Override
  public CompletableFuture<Boolean> compareAndRemove(String key, byte[] expected, long removedAt,
      BackplaneMessage notice) {
    return observed("l2.compareAndRemove", key, () -> level.compareAndRemove(key, expected, removedAt, notice));
  }

  @Override
  public CompletableFuture<List<String>> keys(String prefix) {
    return observed("l2.keys", prefix, () -> level.keys(prefix));
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

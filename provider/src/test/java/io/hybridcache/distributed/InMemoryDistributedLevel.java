package io.hybridcache.distributed;

import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.KeyRead;
import io.hybridcache.spi.OversizedEntryException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node's view of a {@link SharedStore}: a {@link DistributedLevel} that behaves like the Redis one, for tests.
 *
 * <ul>
 *   <li>{@link #get} returns a copy of the stored bytes, {@code null} when absent or expired; {@link #set} stores a copy,
 *       so neither side can change the other's array.
 *   <li>A time to live is rounded up to whole milliseconds; a zero, negative or null one fails the future with
 *       {@link IllegalArgumentException} (Redis refuses such an expiry) and writes nothing.
 *   <li>{@link #compareAndSet} compares the stored bytes (absent and expired count as {@code null}) and swaps in the
 *       same step of the store; a swap publishes like a set or remove, a refused swap publishes nothing.
 *   <li>When built with a backplane, {@link #publishesNotifications()} is true: a successful set or remove (of a present
 *       or absent key) increments the store's sequence of the key's prefix ({@link SharedStore#prefixOf}) and publishes
 *       the notification with that sequence, all in one step of the store, like the Redis script. The future then
 *       follows the publish: a failing backplane fails it although the write stays. Without a backplane, the
 *       notification argument is ignored (the engine publishes).
 *   <li>Faults ({@link #failNext}, {@link #failAll}, {@link #delay}, {@link #blockUntil}) apply per instance; a failed
 *       operation changes nothing. Gated or delayed operations run when released, on another thread.
 *   <li>After {@link #close()}, operations (including ones still waiting for a gate) fail with
 *       {@link IllegalStateException}.
 * </ul>
 *
 * <p>Counts are of calls, failed ones included: each is a round trip ({@link #getAll} counts as one get).
 */
public final class InMemoryDistributedLevel implements DistributedLevel {
  private final SharedStore store;
  private final Backplane backplane;
  private final String channel;
  private final Faults faults = new Faults();
  private final AtomicLong gets = new AtomicLong();
  private final AtomicLong sets = new AtomicLong();
  private final AtomicLong removes = new AtomicLong();
  private final AtomicLong compareAndSets = new AtomicLong();
  private final AtomicLong publishes = new AtomicLong();
  private volatile boolean closed;

  /** A level over {@code store} that leaves notifications to the engine. */
  public InMemoryDistributedLevel(SharedStore store) {
    this.store = Objects.requireNonNull(store, "store");
    this.backplane = null;
    this.channel = null;
  }

  /** A level over {@code store} that publishes each successful write's notification on {@code channel}. */
  public InMemoryDistributedLevel(SharedStore store, Backplane backplane, String channel) {
    this.store = Objects.requireNonNull(store, "store");
    this.backplane = Objects.requireNonNull(backplane, "backplane");
    this.channel = Objects.requireNonNull(channel, "channel");
  }

  @Override
  public CompletableFuture<byte[]> get(String key) {
    gets.incrementAndGet();
    return faults.run(() -> {
      ensureOpen();
      return store.read(Objects.requireNonNull(key, "key"));
    });
  }

  /** As the Redis level: a value above {@code maxBytes} is refused with an {@link OversizedEntryException}. */
  @Override
  public CompletableFuture<byte[]> get(String key, int maxBytes) {
    gets.incrementAndGet();
    return faults.run(() -> {
      ensureOpen();
      byte[] held = store.read(Objects.requireNonNull(key, "key"));
      if (held != null && held.length > maxBytes) {
        throw OversizedEntryException.of(key, held, maxBytes);
      }
      return held;
    });
  }

  /**
   * One call, counted as one get (one round trip), failing as a whole under the faults: each key read as
   * {@link #get(String, int)} reads it, a value above {@code maxBytes} refused in its place.
   */
  @Override
  public CompletableFuture<List<KeyRead>> getAll(List<String> keys, int maxBytes) {
    gets.incrementAndGet();
    return faults.run(() -> {
      ensureOpen();
      List<KeyRead> found = new ArrayList<>(keys.size());
      for (String key : keys) {
        byte[] held = store.read(Objects.requireNonNull(key, "key"));
        found.add(held != null && held.length > maxBytes
            ? KeyRead.refused(new OversizedEntryException(key, held.length, maxBytes)) : KeyRead.of(held));
      }
      return List.copyOf(found);
    });
  }

  @Override
  public CompletableFuture<Void> set(String key, byte[] envelope, Duration timeToLive, BackplaneMessage notification) {
    return trySet(key, envelope, timeToLive, notification).thenApply(written -> null);
  }

  /** As the Redis level: {@code false} when the key held an entry, or a removal, later than the envelope. */
  @Override
  public CompletableFuture<Boolean> trySet(String key, byte[] envelope, Duration timeToLive,
      BackplaneMessage notification) {
    sets.incrementAndGet();
    return faults.run(() -> {
      ensureOpen();
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(envelope, "envelope");
      long ttlMillis = positiveMillis(timeToLive);
      return store.atomically(() -> {
        if (DistributedLevel.writtenAfter(store.read(key), envelope)
            || DistributedLevel.later(store.removedAt(key), DistributedLevel.writtenAt(envelope))) {
          return CompletableFuture.completedFuture(false); // written or removed later: kept, as Redis does
        }
        store.forgetRemoval(key);
        store.write(key, envelope, ttlMillis);
        return publish(key, notification).thenApply(published -> true);
      });
    }).thenCompose(published -> published);
  }

  @Override
  public CompletableFuture<Void> remove(String key, BackplaneMessage notification) {
    return remove(key, Long.MAX_VALUE, notification);
  }

  @Override
  public CompletableFuture<Void> remove(String key, long removedAt, BackplaneMessage notification) {
    return tryRemove(key, removedAt, notification).thenApply(removed -> null);
  }

  /** As the Redis level: {@code false} when the key held an entry written after {@code removedAt}. */
  @Override
  public CompletableFuture<Boolean> tryRemove(String key, long removedAt, BackplaneMessage notification) {
    removes.incrementAndGet();
    return faults.run(() -> {
      ensureOpen();
      Objects.requireNonNull(key, "key");
      return store.atomically(() -> {
        if (DistributedLevel.later(DistributedLevel.writtenAt(store.read(key)), removedAt)) {
          return CompletableFuture.completedFuture(false); // written after the removal, as the contract says
        }
        store.delete(key);
        if (removedAt != Long.MAX_VALUE) {
          store.rememberRemoval(key, removedAt);
        }
        return publish(key, notification).thenApply(published -> true);
      });
    }).thenCompose(published -> published);
  }

  @Override
  public CompletableFuture<Boolean> compareAndSet(String key, byte[] expected, byte[] replacement,
      Duration timeToLive, BackplaneMessage notification) {
    return swap(key, expected, replacement, timeToLive, Long.MAX_VALUE, notification);
  }

  @Override
  public CompletableFuture<Boolean> compareAndRemove(String key, byte[] expected, long removedAt,
      BackplaneMessage notification) {
    return swap(key, expected, null, null, removedAt, notification);
  }

  /** The compare-and-set step; a removal with a time ({@code removedAt} other than MAX_VALUE) is remembered. */
  private CompletableFuture<Boolean> swap(String key, byte[] expected, byte[] replacement, Duration timeToLive,
      long removedAt, BackplaneMessage notification) {
    compareAndSets.incrementAndGet();
    return faults.run(() -> {
      ensureOpen();
      Objects.requireNonNull(key, "key");
      long ttlMillis = replacement == null ? 0 : positiveMillis(timeToLive);
      return store.atomically(() -> {
        if (!Arrays.equals(store.read(key), expected)) {
          return CompletableFuture.completedFuture(false);
        }
        if (replacement == null) {
          store.delete(key);
          if (removedAt != Long.MAX_VALUE) {
            store.rememberRemoval(key, removedAt);
          }
        } else {
          store.forgetRemoval(key);
          store.write(key, replacement, ttlMillis);
        }
        return publish(key, notification).thenApply(published -> true);
      });
    }).thenCompose(swapped -> swapped);
  }

  @Override
  public CompletableFuture<List<String>> keys(String prefix) {
    return faults.run(() -> {
      ensureOpen();
      return store.keys(Objects.requireNonNull(prefix, "prefix"));
    });
  }

  @Override
  public boolean publishesNotifications() {
    return backplane != null;
  }

  /** Makes every later operation fail; idempotent. Does not close the backplane. */
  @Override
  public void close() {
    closed = true;
  }

  /** The next {@code n} operations of this instance fail with {@code failure}. */
  public void failNext(int n, RuntimeException failure) {
    faults.failNext(n, failure);
  }

  /** While on, every operation of this instance fails. */
  public void failAll(boolean on) {
    faults.failAll(on);
  }

  /** Operations called from now on complete {@code delay} (real time) later, on another thread. */
  public void delay(Duration delay) {
    faults.delay(delay);
  }

  /** Operations called from now on run only once {@code gate} opens; {@code null} removes the gate. */
  public void blockUntil(CountDownLatch gate) {
    faults.blockUntil(gate);
  }

  /** The number of {@link #get} calls. */
  public long gets() {
    return gets.get();
  }

  /** The number of {@link #set} calls. */
  public long sets() {
    return sets.get();
  }

  /** The number of {@link #remove} calls. */
  public long removes() {
    return removes.get();
  }

  /** The number of {@link #compareAndSet} calls. */
  public long compareAndSets() {
    return compareAndSets.get();
  }

  /** The number of notifications this level handed to its backplane. */
  public long publishes() {
    return publishes.get();
  }

  private CompletableFuture<Void> publish(String key, BackplaneMessage notification) {
    if (backplane == null || notification == null) {
      return CompletableFuture.completedFuture(null);
    }
    BackplaneMessage sequenced = notification.withSequence(store.nextSequence(key));
    publishes.incrementAndGet();
    return backplane.publish(channel, sequenced);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("distributed level closed");
    }
  }

  private static long positiveMillis(Duration timeToLive) {
    if (timeToLive == null || timeToLive.isNegative() || timeToLive.isZero()) {
      throw new IllegalArgumentException("time to live must be positive: " + timeToLive);
    }
    try {
      Duration whole = timeToLive.truncatedTo(ChronoUnit.MILLIS);
      return whole.equals(timeToLive) ? whole.toMillis() : whole.toMillis() + 1;
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }
}

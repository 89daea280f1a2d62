package io.hybridcache.distributed;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The data every {@link InMemoryDistributedLevel} of one simulated cluster points at, as Redis would hold it: byte
 * envelopes with an expiry instant, and one sequence counter per key prefix.
 *
 * <p>Time is the injected wall clock in epoch milliseconds; an entry whose expiry instant is reached reads as absent and
 * is dropped lazily. All methods take the store's lock, and {@link #atomically} runs several of them as one step, the
 * way a Redis script does.
 *
 * <p>Removals are remembered, out of sight of {@link #read}, for {@link #TOMBSTONE_MILLIS}, as the Redis level's
 * tombstones are: the level refuses a write older than one ({@link InMemoryDistributedLevel}).
 */
public final class SharedStore {
  private final LongSupplier wallMillis;
  private final Map<String, Stored> entries = new HashMap<>();
  private final Map<String, Long> sequences = new HashMap<>();
  /** How long a removal is remembered: the Redis level's default. */
  static final long TOMBSTONE_MILLIS = 60_000;
  private final Map<String, long[]> removals = new HashMap<>();

  /** A store whose TTLs run on {@code wallMillis} (e.g. {@code FakeTimeSource::wallMillis}). */
  public SharedStore(LongSupplier wallMillis) {
    this.wallMillis = Objects.requireNonNull(wallMillis, "wallMillis");
  }

  /** A copy of the bytes under {@code key}, or {@code null} when absent or expired. */
  public synchronized byte[] read(String key) {
    Stored stored = entries.get(key);
    if (stored == null) {
      return null;
    }
    if (wallMillis.getAsLong() >= stored.expiresAtMillis) {
      entries.remove(key);
      return null;
    }
    return stored.bytes.clone();
  }

  /** The live keys starting with {@code prefix}, sorted. */
  synchronized List<String> keys(String prefix) {
    long now = wallMillis.getAsLong();
    entries.values().removeIf(stored -> now >= stored.expiresAtMillis);
    return entries.keySet().stream().filter(k -> k.startsWith(prefix)).sorted().toList();
  }

  /** Stores a copy of {@code bytes}, replacing what was there, for {@code timeToLiveMillis} (at least 1). */
  synchronized void write(String key, byte[] bytes, long timeToLiveMillis) {
    long now = wallMillis.getAsLong();
    long expiresAt = now + timeToLiveMillis < now ? Long.MAX_VALUE : now + timeToLiveMillis;
    entries.put(key, new Stored(bytes.clone(), expiresAt));
  }

  /** Deletes {@code key}; deleting an absent key does nothing. */
  synchronized void delete(String key) {
    entries.remove(key);
  }

  /** Remembers that {@code key} was removed at {@code removedAt}, for {@link #TOMBSTONE_MILLIS}. */
  synchronized void rememberRemoval(String key, long removedAt) {
    removals.put(key, new long[] {removedAt, wallMillis.getAsLong() + TOMBSTONE_MILLIS});
  }

  /** When {@code key} was last removed, if that is still remembered; {@code Long.MIN_VALUE} otherwise. */
  synchronized long removedAt(String key) {
    long[] removal = removals.get(key);
    if (removal == null || wallMillis.getAsLong() >= removal[1]) {
      removals.remove(key);
      return Long.MIN_VALUE;
    }
    return removal[0];
  }

  /** Forgets {@code key}'s removal: a write replaced it. */
  synchronized void forgetRemoval(String key) {
    removals.remove(key);
  }

  /**
   * Increments and returns the sequence of {@code key}'s prefix, the part before its first {@code ':'} (the whole key
   * when it has none): {@code hc:users:42} counts under {@code hc}. The first value of a prefix is 1, as Redis INCR.
   */
  synchronized long nextSequence(String key) {
    return sequences.merge(prefixOf(key), 1L, Long::sum);
  }

  /** The current sequence of {@code prefix}, 0 before the first write under it. */
  public synchronized long sequence(String prefix) {
    return sequences.getOrDefault(prefix, 0L);
  }

  /** Runs {@code step} holding the store's lock, so no other store operation interleaves. */
  synchronized <T> T atomically(Supplier<T> step) {
    return step.get();
  }

  /** The key prefix sequences are counted under: the part of {@code key} before its first {@code ':'}. */
  static String prefixOf(String key) {
    int colon = key.indexOf(':');
    return colon < 0 ? key : key.substring(0, colon);
  }

  private record Stored(byte[] bytes, long expiresAtMillis) {}
}

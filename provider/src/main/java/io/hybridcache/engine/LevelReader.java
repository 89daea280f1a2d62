package io.hybridcache.engine;

import io.hybridcache.DistributedCacheException;
import io.hybridcache.EntryOptions;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.KeyRead;
import io.hybridcache.spi.OversizedEntryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/**
 * What one cache reads from the distributed level (L2): its entries, the raw bytes under a key for a compare-and-set,
 * and the keys it holds. Every read waits for the clear times too ({@link Barriers#afterClearTimes}), so a cleared
 * entry does not come back, and is bounded by the options' timeouts ({@link LevelTimeouts}). A failure is logged and
 * counted; what the caller then sees (a miss, an empty list, or an exception) is said by each method.
 */
final class LevelReader<K, V> {
  private final String cacheName;
  /** Null when the cache has no distributed level. */
  private final DistributedLevel level;
  private final LevelKeyspace<K> keyspace;
  private final EntryCodec<V> codec;
  /** What every read of an entry from L2 waits for: the clear times, so a cleared entry does not come back. */
  private final Barriers barriers;
  private final LevelTimeouts timeouts;
  private final TimeSource time;
  private final CacheEvents<K> events;

  LevelReader(String cacheName, DistributedLevel level, LevelKeyspace<K> keyspace, EntryCodec<V> codec,
      Barriers barriers, LevelTimeouts timeouts, TimeSource time, CacheEvents<K> events) {
    this.cacheName = cacheName;
    this.level = level;
    this.keyspace = keyspace;
    this.codec = codec;
    this.barriers = barriers;
    this.timeouts = timeouts;
    this.time = time;
    this.events = events;
  }

  /**
   * Reads {@code key} from L2 unless skipped: the entry if one is alive there (fresh or a fallback), else null. The
   * read completes once the clear times are known too (see {@link Barriers#afterClearTimes}). A failure or an
   * unreadable envelope is a miss, logged and counted, unless the options re-throw it. The hard timeout applies (see
   * {@link #read(Object, EntryOptions, CacheEntry, BiConsumer)}); a result arriving after it is dropped.
   */
  CompletableFuture<CacheEntry<V>> read(K key, EntryOptions options) {
    return read(key, options, null, null);
  }

  /**
   * Reads {@code key} from L2 like {@link #read(Object, EntryOptions)}, within the distributed-level timeouts, on the
   * engine's timer.
   *
   * <ul>
   *   <li>{@code distributedCacheHardTimeout}: past it the read counts as failed (logged, counted in
   *       {@code distributedErrors}): the future completes with null (a miss), or with a
   *       {@link DistributedCacheException} naming the timeout when the options re-throw.
   *   <li>{@code distributedCacheSoftTimeout}, only when {@code fallback} is not null: past it the future completes
   *       with {@code fallback} itself (the same instance, so the caller can tell), not counted as an error. Ignored
   *       when not shorter than the hard timeout.
   * </ul>
   *
   * After either timeout the read goes on in the background.
   *
   * @param fallback what the caller serves on a soft timeout; null when it has nothing to serve
   * @param ended if not null, called once when the read completes, in time or not, with what it brought (the entry,
   *     or null for a miss or a failure) and whether a timeout had already answered the caller
   */
  CompletableFuture<CacheEntry<V>> read(K key, EntryOptions options, CacheEntry<V> fallback,
      BiConsumer<CacheEntry<V>, Boolean> ended) {
    return read(key, options, fallback, ended, null);
  }

  /**
   * {@link #read(Object, EntryOptions, CacheEntry, BiConsumer)}, telling {@code unreadable} (if not null) of bytes
   * found under the key that could not be read, so that the write of the same {@code getOrSet} replaces them.
   */
  CompletableFuture<CacheEntry<V>> read(K key, EntryOptions options, CacheEntry<V> fallback,
      BiConsumer<CacheEntry<V>, Boolean> ended, UnreadableEntry unreadable) {
    if (level == null || options.skipDistributedCacheRead()) {
      return CompletableFuture.completedFuture(null);
    }
    String levelKey = keyspace.levelKey(key);
    CompletableFuture<CacheEntry<V>> read = barriers.afterClearTimes(codec.fetch(level, levelKey))
        .handle((bytes, error) -> {
      OversizedEntryException oversized = EntryCodec.oversized(error);
      if (oversized != null) { // refused in the level, before transfer: bad data, a miss
        codec.refuse(levelKey, oversized, options);
        events.distributedMiss();
        return null;
      }
      if (error != null) {
        events.distributedError("read '" + levelKey + "'", error);
        if (options.reThrowDistributedCacheExceptions()) {
          throw new CompletionException(Failures.distributed(cacheName, "read", levelKey, error));
        }
        return null;
      }
      CacheEntry<V> entry = codec.decode(levelKey, bytes, options);
      if (entry == null && bytes != null && unreadable != null) {
        unreadable.found(bytes);
      }
      if (entry == null || entry.physicalExpiration() <= time.wallMillis()) {
        events.distributedMiss();
        return null;
      }
      events.distributedHit();
      return entry;
    });
    Duration hard = options.distributedCacheHardTimeout().orElse(null);
    Duration soft = fallback == null ? null : options.distributedCacheSoftTimeout().orElse(null);
    if (soft != null && (hard == null || soft.compareTo(hard) < 0)) {
      return timeouts.within(read, soft, () -> fallback, ended);
    }
    if (hard != null) {
      boolean reThrow = options.reThrowDistributedCacheExceptions();
      return timeouts.within(read, hard, () -> timeouts.timedOut("read '" + levelKey + "'", hard, reThrow), ended);
    }
    return ended == null ? read : read.whenComplete((entry, error) -> ended.accept(error == null ? entry : null,
        false));
  }

  /**
   * Reads {@code keys} from L2 in one bulk read ({@link DistributedLevel#getAll}) unless skipped: one element per key,
   * in order, the entry when one is alive there (fresh or a fallback), else null. Each key is judged on its own, as
   * {@link #read(Object, EntryOptions)} judges one: an unreadable envelope or a value above the maximum entry size is
   * that key's miss (logged and counted as bad data; thrown when the options re-throw serialization exceptions).
   * The read completes once the clear times are known. A failure of the level, or the hard timeout passing first, is
   * every key's miss (logged and counted once), or fails the future with a {@link DistributedCacheException} when the
   * options re-throw; the soft timeout does not apply (there is no single fallback to serve).
   */
  CompletableFuture<List<CacheEntry<V>>> readAll(List<K> keys, EntryOptions options) {
    return readAll(keys, options, null);
  }

  /**
   * {@link #readAll(List, EntryOptions)}, telling {@code ended} (if not null) once the read completes, in time or
   * not, what it brought (one element per key, or null for a failure) and whether the hard timeout had already
   * answered the caller (called at once, with no entries, when nothing is read: no level, skipped, no keys).
   */
  CompletableFuture<List<CacheEntry<V>>> readAll(List<K> keys, EntryOptions options,
      BiConsumer<List<CacheEntry<V>>, Boolean> ended) {
    List<CacheEntry<V>> none = new ArrayList<>(keys.size());
    keys.forEach(k -> none.add(null));
    if (level == null || options.skipDistributedCacheRead() || keys.isEmpty()) {
      if (ended != null) {
        ended.accept(none, false);
      }
      return CompletableFuture.completedFuture(none);
    }
    List<String> levelKeys = new ArrayList<>(keys.size());
    for (K key : keys) {
      levelKeys.add(keyspace.levelKey(key));
    }
    String what = "read " + levelKeys.size() + " keys from '" + levelKeys.get(0) + "'";
    CompletableFuture<List<KeyRead>> fetched;
    try {
      fetched = barriers.afterClearTimes(codec.fetchAll(level, levelKeys));
    } catch (RuntimeException e) {
      fetched = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<List<CacheEntry<V>>> read = fetched.handle((found, error) -> {
      if (error != null) {
        events.distributedError(what, error);
        if (options.reThrowDistributedCacheExceptions()) {
          throw new CompletionException(Failures.distributed(cacheName, "read", levelKeys.get(0), error));
        }
        return none;
      }
      List<CacheEntry<V>> entries = new ArrayList<>(found.size());
      long now = time.wallMillis();
      for (int i = 0; i < found.size(); i++) {
        entries.add(entry(levelKeys.get(i), found.get(i), options, now));
      }
      return entries;
    });
    Duration hard = options.distributedCacheHardTimeout().orElse(null);
    if (hard == null) {
      return ended == null ? read : read.whenComplete((entries, error) -> ended.accept(error == null ? entries : null,
          false));
    }
    boolean reThrow = options.reThrowDistributedCacheExceptions();
    return timeouts.within(read, hard, () -> {
      timeouts.timedOut(what, hard, reThrow); // logged and counted; throws when re-throwing
      return none;
    }, ended);
  }

  /** The entry one key of a bulk read brought, or null for none, a dead one or bad data (logged, counted). */
  private CacheEntry<V> entry(String levelKey, KeyRead found, EntryOptions options, long now) {
    if (found.refused() != null) {
      codec.refuse(levelKey, found.refused(), options);
      events.distributedMiss();
      return null;
    }
    CacheEntry<V> entry = codec.decode(levelKey, found.envelope(), options);
    if (entry == null || entry.physicalExpiration() <= now) {
      events.distributedMiss();
      return null;
    }
    events.distributedHit();
    return entry;
  }

  /**
   * The level's raw bytes under each of {@code levelKeys} in one bulk read ({@link DistributedLevel#getAll}; a value
   * above the maximum entry size is refused in its place, not transferred), once the clear times are known, within
   * the hard timeout of {@code options}: one {@link KeyRead} per key, in order. A failure, or the timeout, fails the
   * future (logged and counted once).
   */
  CompletableFuture<List<KeyRead>> readRawAll(List<String> levelKeys, EntryOptions options) {
    String what = "read " + levelKeys.size() + " keys from '" + levelKeys.get(0) + "'";
    CompletableFuture<List<KeyRead>> read;
    try {
      read = barriers.afterClearTimes(codec.fetchAll(level, levelKeys));
    } catch (RuntimeException e) {
      read = CompletableFuture.failedFuture(e);
    }
    return timeouts.withinHardTimeout(read.whenComplete((found, error) -> {
      if (error != null) {
        events.distributedError(what, error);
      }
    }), what, options);
  }

  /**
   * The level's raw bytes under {@code levelKey} (null when absent), once the clear times are known, within the hard
   * timeout of {@code options}; a failure, or the timeout, fails the future (logged and counted). A value above the
   * maximum entry size is not transferred but removed, and the key read again ({@link EntryCodec#fetchClearing}).
   */
  CompletableFuture<byte[]> readRaw(String levelKey, EntryOptions options) {
    CompletableFuture<byte[]> read;
    try {
      read = barriers.afterClearTimes(codec.fetchClearing(level, levelKey, time.wallMillis()));
    } catch (RuntimeException e) {
      read = CompletableFuture.failedFuture(e);
    }
    return timeouts.withinHardTimeout(read.whenComplete((bytes, error) -> {
      if (error != null) {
        events.distributedError("read '" + levelKey + "'", error);
      }
    }), "read '" + levelKey + "'", options);
  }

  /**
   * The keys of this cache the level holds (a snapshot; names this node cannot decode are logged, counted and
   * skipped); empty without a level. Within the hard timeout of {@code options}: a failure or the timeout is logged,
   * counted and makes the list empty, or throws a {@link DistributedCacheException} when the options re-throw.
   */
  List<K> levelKeys(EntryOptions options) {
    if (level == null) {
      return List.of();
    }
    String keyStart = keyspace.start();
    String what = "list the keys under '" + keyStart + "'";
    List<String> names;
    try {
      CompletableFuture<List<String>> listed = level.keys(keyStart).whenComplete((found, error) -> {
        if (error != null) {
          events.distributedError(what, error);
        }
      });
      names = Failures.await(() -> timeouts.withinHardTimeout(listed, what, options), keyStart + "*", cacheName);
    } catch (RuntimeException e) {
      if (options.reThrowDistributedCacheExceptions()) {
        throw e instanceof DistributedCacheException d ? d : Failures.distributed(cacheName, what, null, e);
      }
      return List.of();
    }
    List<K> result = new ArrayList<>(names.size());
    for (String name : names) {
      try {
        result.add(keyspace.keyOf(name));
      } catch (RuntimeException e) {
        events.serializationError(SerializationCause.Site.LEVEL_KEY,
            "decode the key '" + name + "' found in the distributed level", e);
      }
    }
    return result;
  }
}

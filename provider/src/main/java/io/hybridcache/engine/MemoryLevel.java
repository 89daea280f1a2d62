package io.hybridcache.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.BiFunction;

/**
 * The in-process level (L1): a Caffeine cache bounded by size or weight, where each entry expires physically at its
 * {@link CacheEntry#physicalExpiration}. Logical expiry (freshness) is the engine's business; Caffeine only drops what
 * can no longer serve even as a fallback.
 *
 * <p>Writes that race with factory runs go through {@link RunRegistry}: an explicit write marks the runs of its key
 * superseded before it lands, and a run saves only if it was not superseded, inside one atomic {@code compute}. For
 * that to hold, the explicit write must land under the key's lock too (put, compute, remove): a save's check may come
 * just before the mark, and the entry it inserts into an absent key is invisible to lock-free lookups until its compute
 * ends.
 */
final class MemoryLevel<K, V> {
  private final Cache<K, CacheEntry<V>> cache;
  private final TimeSource time;
  /** The longest an entry stays fresh here after it is saved, in millis; {@code Long.MAX_VALUE} for no ceiling. */
  private final long ceilingMillis;

  /**
   * @param ceiling the longest an entry written or read from L2 stays fresh in this level (it is then read from L2
   *     again), or null for none: bounds how long a copy can stay stale when a backplane message was lost unnoticed
   */
  MemoryLevel(TimeSource time, long maximumSize, long maximumWeight, MemoryEvictionListener<K, V> evictions,
      Duration ceiling) {
    this.time = time;
    this.ceilingMillis = ceiling == null ? Long.MAX_VALUE : TimeMath.millis(ceiling);
    Caffeine<K, CacheEntry<V>> builder = Caffeine.newBuilder().ticker(time::nanoTime)
        .expireAfter(new PhysicalExpiry<K, V>(time));
    if (evictions != null) {
      builder.evictionListener((K k, CacheEntry<V> e, RemovalCause cause) -> {
        if (k != null && e != null) {
          evictions.onEvicted(k, e, cause == RemovalCause.EXPIRED);
        }
      });
    }
    if (maximumWeight >= 0) {
      builder.maximumWeight(maximumWeight).weigher((K k, CacheEntry<V> e) -> e.weight);
    } else {
      builder.maximumSize(maximumSize);
    }
    this.cache = builder.build();
  }

  /** The entry of {@code key} if it is physically alive (fresh or not), else null. */
  CacheEntry<V> get(K key) {
    return cache.getIfPresent(key);
  }

  void put(K key, CacheEntry<V> entry) {
    cache.put(key, capped(entry));
  }

  /**
   * Saves {@code entry}, an explicit write of this node, unless the level holds an entry written later (a newer
   * timestamp, or the same and a higher order, {@link CacheEntry#writtenAfter}): a concurrent write of the key that
   * stamped after this one but saved before it, or an entry read from L2 that a node with a clock ahead wrote. The
   * distributed level keeps the newer one too, so the node agrees with it.
   */
  void putUnlessNewer(K key, CacheEntry<V> entry) {
    cache.asMap().compute(key, (k, current) -> current != null && current.writtenAfter(entry) ? current
        : capped(entry));
  }

  /**
   * {@code entry} as this level keeps it: fresh at most until the ceiling from now (its physical life, and so its use
   * as a fallback, unchanged); {@code entry} itself when there is no ceiling or it expires sooner.
   */
  CacheEntry<V> capped(CacheEntry<V> entry) {
    if (ceilingMillis == Long.MAX_VALUE) {
      return entry;
    }
    long limit = TimeMath.plus(time.wallMillis(), ceilingMillis);
    return entry.logicalExpiration <= limit ? entry : entry.withLogicalExpiration(limit, entry.physicalExpiration);
  }

  /** Saves {@code entry} unless {@code run} was superseded by a later write; marks older runs superseded. */
  CacheEntry<V> saveFromRun(K key, CacheEntry<V> entry, RunRegistry<K>.Run run) {
    return cache.asMap().compute(key, (k, current) -> {
      if (run.isSuperseded()) {
        return current;
      }
      run.supersedeOlder();
      return entry;
    });
  }

  /**
   * Saves {@code entry}, just read from the distributed level, unless {@code run} was superseded by a write newer than
   * the entry (a local write always is; another node's change is newer when made after the entry was written). When
   * that change was made in the entry's millisecond, the entry is saved stale (a fallback, read again from L2 on next
   * access): entry times are milliseconds, so it may be another write the change replaced in L2.
   */
  CacheEntry<V> saveFromLevel(K key, CacheEntry<V> entry, RunRegistry<K>.Run run) {
    return cache.asMap().compute(key, (k, current) -> {
      if (run.isSupersededAfter(entry.timestamp)) {
        return current;
      }
      run.supersedeOlder();
      return run.isSupersededAt(entry.timestamp) ? capped(entry).expiredAt(time.wallMillis()) : capped(entry);
    });
  }

  /**
   * Applies a barrier's verdict to {@code entry} if the level still holds it: expired (kept as a fallback while it has
   * physical life) or removed. Returns what the caller may still use as a fallback: the expired entry, or null.
   */
  CacheEntry<V> hide(K key, CacheEntry<V> entry, Barriers.Verdict verdict, long now) {
    CacheEntry<V> expired = entry.expiredAt(now);
    CacheEntry<V> fallback = verdict == Barriers.Verdict.REMOVED || expired.physicalExpiration <= now ? null : expired;
    cache.asMap().computeIfPresent(key, (k, current) -> current == entry ? fallback : current);
    return fallback;
  }

  /** Atomically replaces the entry of {@code key} with what {@code remapping} returns (null removes it). */
  CacheEntry<V> compute(K key, BiFunction<? super K, ? super CacheEntry<V>, ? extends CacheEntry<V>> remapping) {
    return cache.asMap().compute(key, remapping);
  }

  /** The keys held, weakly consistent: never throws on concurrent change, may or may not show it. */
  Iterator<K> keys() {
    return cache.asMap().keySet().iterator();
  }

  void invalidate(K key) {
    cache.invalidate(key);
  }

  /**
   * Expires {@code key} logically at {@code now}; returns whether there was an entry. A {@code compute}, not a
   * {@code computeIfPresent}: Caffeine's computeIfPresent first looks the key up without a lock and gives up if it is
   * absent, and a key that a run's {@link #saveFromRun} is inserting stays invisible to such lookups until that compute
   * ends. After the run checked it was not superseded, the expire would then miss the entry it is about to save. A
   * compute waits for the key's lock, so it sees that entry.
   */
  boolean expire(K key, long now) {
    return cache.asMap().compute(key, (k, e) -> e == null ? null : e.expiredAt(now)) != null;
  }

  /** Expires every entry; one being inserted meanwhile may be missed (see {@link HybridCacheEngine#clear}). */
  void expireAll(long now) {
    cache.asMap().replaceAll((k, e) -> e.expiredAt(now));
  }



  /** Expires (or removes, unless {@code keepAsFallback}) every entry written at or before {@code timestamp}. */
  void clearWrittenBefore(long timestamp, boolean keepAsFallback, long now) {
    if (keepAsFallback) {
      cache.asMap().replaceAll((k, e) -> e.timestamp <= timestamp ? e.expiredAt(now) : e);
    } else {
      cache.asMap().values().removeIf(e -> e.timestamp <= timestamp);
    }
  }

  void invalidateAll() {
    cache.invalidateAll();
  }

  /** The number of entries physically held (approximate, as Caffeine reports it). */
  long estimatedSize() {
    return cache.estimatedSize();
  }

  void cleanUp() {
    cache.cleanUp();
  }

  /** Expires entries at their physical expiration, measured on the engine's clock. */
  private static final class PhysicalExpiry<K, V> implements Expiry<K, CacheEntry<V>> {
    private final TimeSource time;

    PhysicalExpiry(TimeSource time) {
      this.time = time;
    }

    private long remaining(CacheEntry<V> e) {
      if (e.physicalExpiration == Long.MAX_VALUE) {
        return Long.MAX_VALUE;
      }
      return TimeMath.millisToNanos(e.physicalExpiration - time.wallMillis());
    }

    @Override
    public long expireAfterCreate(K key, CacheEntry<V> value, long currentTime) {
      return remaining(value);
    }

    @Override
    public long expireAfterUpdate(K key, CacheEntry<V> value, long currentTime, long currentDuration) {
      return remaining(value);
    }

    @Override
    public long expireAfterRead(K key, CacheEntry<V> value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}

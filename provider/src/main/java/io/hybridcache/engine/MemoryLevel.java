package io.hybridcache.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * The in-process level (L1): a Caffeine cache bounded by size or weight, whose entries this level drops at their
 * {@link CacheEntry#physicalExpiration}. Logical expiry (freshness) is the engine's business. Caffeine itself has no
 * expiry configured: with one it reads its ticker on every hit, and a clock read costs several times a plain Caffeine
 * read. Instead an entry past its physical expiration is dropped (and reported as expired) when a lookup or a change
 * of its key finds it, and by a sweep that the first change after {@value #SWEEP_MILLIS} ms starts on the common
 * pool; until then it takes its place in the size bound.
 *
 * <p>Writes that race with factory runs go through {@link RunRegistry}: an explicit write marks the runs of its key
 * superseded before it lands, and a run saves only if it was not superseded, inside one atomic {@code compute}. For
 * that to hold, the explicit write must land under the key's lock too (put, compute, remove): a save's check may come
 * just before the mark, and the entry it inserts into an absent key is invisible to lock-free lookups until its compute
 * ends.
 */
final class MemoryLevel<K, V> {
  /** How often dead entries nobody looks up are swept out, at most. */
  static final long SWEEP_MILLIS = 60_000;

  private final Cache<K, CacheEntry<V>> cache;
  private final TimeSource time;
  private final MemoryEvictionListener<K, V> evictions;
  private final AtomicLong lastSweep;
  private final AtomicBoolean sweeping = new AtomicBoolean();
  /**
   * Counts the changes of this level when asked to (the tag store's level: tagged entries cache their verdict per
   * count, see {@link CacheEntry#tagCheck}); null otherwise, so that other levels pay nothing. Moved after each change
   * is visible. Evictions and drops of dead entries do not count: they lose a time, they do not change one, and a
   * cached verdict is bounded by the logical expiration of the times it used.
   */
  private final AtomicLong changes;
  /** The longest an entry stays fresh here after it is saved, in millis; {@code Long.MAX_VALUE} for no ceiling. */
  private final long ceilingMillis;

  /**
   * @param ceiling the longest an entry written or read from L2 stays fresh in this level (it is then read from L2
   *     again), or null for none: bounds how long a copy can stay stale when a backplane message was lost unnoticed
   * @param countChanges whether {@link #changes()} counts (the tag store's level)
   */
  MemoryLevel(TimeSource time, long maximumSize, long maximumWeight, MemoryEvictionListener<K, V> evictions,
      Duration ceiling, boolean countChanges) {
    this.time = time;
    this.changes = countChanges ? new AtomicLong() : null;
    this.evictions = evictions;
    this.lastSweep = new AtomicLong(time.wallMillis());
    this.ceilingMillis = ceiling == null ? Long.MAX_VALUE : TimeMath.millis(ceiling);
    @SuppressWarnings("unchecked")
    Caffeine<K, CacheEntry<V>> builder = (Caffeine<K, CacheEntry<V>>) (Caffeine<?, ?>) Caffeine.newBuilder();
    if (evictions != null) {
      builder.evictionListener((K k, CacheEntry<V> e, RemovalCause cause) -> {
        if (k != null && e != null) {
          evictions.onEvicted(k, e, e.physicalExpiration() <= time.wallMillis()); // the bound took a dead one
        }
      });
    }
    if (maximumWeight >= 0) {
      builder.maximumWeight(maximumWeight).weigher((K k, CacheEntry<V> e) -> e.weight());
    } else {
      builder.maximumSize(maximumSize);
    }
    this.cache = builder.build();
  }

  /** The entry of {@code key} if it is physically alive (fresh or not), else null. */
  CacheEntry<V> get(K key) {
    return get(key, time.recentWallMillis()); // a recent reading lags the clock: dead by it is dead
  }

  /** The entry of {@code key} if physically alive at {@code now} (fresh or not), else null (a dead one dropped). */
  CacheEntry<V> get(K key, long now) {
    return alive(key, peek(key), now);
  }

  /**
   * What the level holds for {@code key}, dead or alive: for a hit path that checks the logical expiration first (an
   * entry fresh at {@code now} is alive then, its physical expiration never being before its logical one), and hands
   * anything else to {@link #alive}.
   */
  CacheEntry<V> peek(K key) {
    return cache.getIfPresent(key);
  }

  /** {@code found}, what {@link #peek} returned, if physically alive at {@code now}, else null (a dead one dropped). */
  CacheEntry<V> alive(K key, CacheEntry<V> found, long now) {
    return found == null || found.physicalExpiration() > now ? found : dropDead(key, found);
  }

  /** Drops {@code dead}, found past its physical expiration, unless a change replaced it meanwhile; null. */
  private CacheEntry<V> dropDead(K key, CacheEntry<V> dead) {
    if (cache.asMap().remove(key, dead)) {
      expired(key, dead);
    }
    return null;
  }

  void put(K key, CacheEntry<V> entry) {
    compute(key, (k, current) -> capped(entry));
  }

  /**
   * Saves {@code entry}, an explicit write of this node, unless the level holds an entry written later (a newer
   * timestamp, or the same and a higher order, {@link CacheEntry#writtenAfter}): a concurrent write of the key that
   * stamped after this one but saved before it, or an entry read from L2 that a node with a clock ahead wrote. The
   * distributed level keeps the newer one too, so the node agrees with it.
   */
  void putUnlessNewer(K key, CacheEntry<V> entry) {
    compute(key, (k, current) -> current != null && current.writtenAfter(entry) ? current : capped(entry));
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
    return entry.logicalExpiration <= limit ? entry : entry.withLogicalExpiration(limit, entry.physicalExpiration());
  }

  /** Saves {@code entry} unless {@code run} was superseded by a later write; marks older runs superseded. */
  CacheEntry<V> saveFromRun(K key, CacheEntry<V> entry, RunRegistry<K>.Run run) {
    return compute(key, (k, current) -> {
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
    return compute(key, (k, current) -> {
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
    CacheEntry<V> fallback =
        verdict == Barriers.Verdict.REMOVED || expired.physicalExpiration() <= now ? null : expired;
    compute(key, (k, current) -> current == entry ? fallback : current);
    return fallback;
  }

  /**
   * Atomically replaces the entry of {@code key} with what {@code remapping} returns (null removes it). An entry past
   * its physical expiration is given to {@code remapping} as absent, and reported as expired when it goes.
   */
  CacheEntry<V> compute(K key, BiFunction<? super K, ? super CacheEntry<V>, ? extends CacheEntry<V>> remapping) {
    long now = time.wallMillis();
    Object[] dead = new Object[1];
    long[] changedAt = new long[1];
    CacheEntry<V> result = cache.asMap().compute(key, (k, current) -> {
      CacheEntry<V> alive = current;
      if (current != null && current.physicalExpiration() <= now) {
        dead[0] = current;
        alive = null;
      }
      CacheEntry<V> next = remapping.apply(k, alive);
      changedAt[0] = time.wallMillis(); // under the key's lock, once the change is decided: when a sweep is due
      return next;
    });
    changed();
    if (dead[0] != null && result != dead[0]) {
      @SuppressWarnings("unchecked")
      CacheEntry<V> gone = (CacheEntry<V>) dead[0];
      expired(key, gone);
    }
    sweepIfDue(changedAt[0]);
    return result;
  }

  private void expired(K key, CacheEntry<V> entry) {
    if (evictions != null) {
      evictions.onEvicted(key, entry, true);
    }
  }

  /** Starts a sweep of the dead entries on the common pool when the last one is {@link #SWEEP_MILLIS} old. */
  private void sweepIfDue(long now) {
    long last = lastSweep.get();
    if (now - last >= SWEEP_MILLIS && lastSweep.compareAndSet(last, now)) {
      ForkJoinPool.commonPool().execute(() -> sweep(time.wallMillis()));
    }
  }

  /** Drops every entry past its physical expiration at {@code now}, each reported as expired. */
  private void sweep(long now) {
    if (!sweeping.compareAndSet(false, true)) {
      return;
    }
    try {
      for (Map.Entry<K, CacheEntry<V>> e : cache.asMap().entrySet()) {
        if (e.getValue().physicalExpiration() <= now && cache.asMap().remove(e.getKey(), e.getValue())) {
          expired(e.getKey(), e.getValue());
        }
      }
    } finally {
      sweeping.set(false);
    }
  }

  /** The keys held, weakly consistent: never throws on concurrent change, may or may not show it. */
  Iterator<K> keys() {
    return cache.asMap().keySet().iterator();
  }

  void invalidate(K key) {
    cache.invalidate(key);
    changed();
  }

  /** How many changes this level has seen, if it counts them (else 0): equal counts, same content but for losses. */
  long changes() {
    return changes == null ? 0 : changes.get();
  }

  private void changed() {
    if (changes != null) {
      changes.incrementAndGet();
    }
  }

  /**
   * Expires {@code key} logically at {@code now}; returns whether there was an entry. A {@code compute}, not a
   * {@code computeIfPresent}: Caffeine's computeIfPresent first looks the key up without a lock and gives up if it is
   * absent, and a key that a run's {@link #saveFromRun} is inserting stays invisible to such lookups until that compute
   * ends. After the run checked it was not superseded, the expire would then miss the entry it is about to save. A
   * compute waits for the key's lock, so it sees that entry.
   */
  boolean expire(K key, long now) {
    return compute(key, (k, e) -> e == null ? null : e.expiredAt(now)) != null;
  }

  /** Expires every entry; one being inserted meanwhile may be missed (see {@link HybridCacheEngine#clear}). */
  void expireAll(long now) {
    cache.asMap().replaceAll((k, e) -> e.expiredAt(now));
    changed();
  }



  /** Expires (or removes, unless {@code keepAsFallback}) every entry written at or before {@code timestamp}. */
  void clearWrittenBefore(long timestamp, boolean keepAsFallback, long now) {
    if (keepAsFallback) {
      cache.asMap().replaceAll((k, e) -> e.timestamp <= timestamp ? e.expiredAt(now) : e);
    } else {
      cache.asMap().values().removeIf(e -> e.timestamp <= timestamp);
    }
    changed();
  }

  void invalidateAll() {
    cache.invalidateAll();
    changed();
  }

  /** The number of entries physically held (approximate, as Caffeine reports it). */
  long estimatedSize() {
    return cache.estimatedSize();
  }

  /** Drops the dead entries now, and lets Caffeine finish its pending work. */
  void cleanUp() {
    long now = time.wallMillis();
    lastSweep.set(now);
    sweep(now);
    cache.cleanUp();
  }
}

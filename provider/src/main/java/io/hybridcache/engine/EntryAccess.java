package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Atomic per-key access to an engine's entries, for adapters that need more than the {@code HybridCache} operations
 * (the JCache layer: conditional writes, entry processors, expiry per access). Obtained from
 * {@link HybridCacheEngine#entryAccess()}.
 *
 * <p>Reads here fire no events and count nothing: the adapter keeps its own statistics. A {@link #compute} that
 * changes an entry is an explicit write: a factory run of the same key that is still going will not overwrite it.
 * Times are epoch milliseconds from the engine's clock ({@link #now()}).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class EntryAccess<K, V> {
  private final MemoryLevel<K, V> memory;
  private final RunRegistry<K> runs;
  private final TimeSource time;
  private final EntryOptions defaults;

  EntryAccess(MemoryLevel<K, V> memory, RunRegistry<K> runs, TimeSource time, EntryOptions defaults) {
    this.memory = memory;
    this.runs = runs;
    this.time = time;
    this.defaults = defaults;
  }

  /** The engine clock's current time, in epoch millis. */
  public long now() {
    return time.wallMillis();
  }

  /** The entry of {@code key} if the memory level holds one (fresh or a fallback), else null. */
  public CacheEntry<V> peek(K key) {
    return memory.get(key);
  }

  /**
   * Atomically replaces the entry of {@code key} with what {@code remapping} returns: the same instance leaves it
   * unchanged, null removes it. The function runs at most once, under the key's lock: it must be quick and must not
   * touch other keys of this cache.
   *
   * @return the entry now held, or null
   */
  public CacheEntry<V> compute(K key,
      BiFunction<? super K, ? super CacheEntry<V>, ? extends CacheEntry<V>> remapping) {
    Objects.requireNonNull(remapping, "remapping must not be null");
    return memory.compute(key, (k, current) -> {
      CacheEntry<V> next = remapping.apply(k, current);
      if (next != current) {
        runs.supersede(k);
      }
      return next;
    });
  }

  /**
   * A new fresh entry holding {@code value}, written at {@code now} and fresh until {@code logicalExpiration}. With
   * fail-safe on in the engine's default options it lives on as a fallback until {@code failSafeMaxDuration} after
   * {@code now}; otherwise it goes at its logical expiration.
   */
  public CacheEntry<V> create(V value, long now, long logicalExpiration) {
    Objects.requireNonNull(value, "value must not be null");
    return new CacheEntry<>(value, now, logicalExpiration, CacheEntry.NO_EAGER_REFRESH,
        physicalFor(now, logicalExpiration), false, Set.of(), null, null, weight());
  }

  /** {@code entry} with a new logical expiration (its physical one follows, as for {@link #create}). */
  public CacheEntry<V> withExpiration(CacheEntry<V> entry, long logicalExpiration) {
    long now = time.wallMillis();
    return entry.withLogicalExpiration(logicalExpiration, physicalFor(now, logicalExpiration));
  }

  /**
   * {@code entry} expired at {@code now}: kept as a stale fallback when fail-safe is on and it has life left, else
   * null (gone).
   */
  public CacheEntry<V> expired(CacheEntry<V> entry, long now) {
    CacheEntry<V> stale = entry.expiredAt(now);
    return stale.physicalExpiration > now ? stale : null;
  }

  /** The keys the memory level holds (fallbacks included), weakly consistent. */
  public Iterator<K> keys() {
    return memory.keys();
  }

  private long physicalFor(long now, long logical) {
    if (!defaults.failSafe()) {
      return logical;
    }
    return Math.max(logical, TimeMath.plus(now, TimeMath.millis(defaults.failSafeMaxDuration())));
  }

  private int weight() {
    return (int) Math.min(defaults.size().orElse(1), Integer.MAX_VALUE);
  }
}

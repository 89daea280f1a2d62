package io.hybridcache.jcache;

import io.hybridcache.engine.CacheEntry;
import io.hybridcache.engine.EntryAccess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the JSR operations change one entry, applied inside the key's atomic change: when an entry counts as present
 * (fresh), what an expired one becomes (reported once with an {@code EXPIRED} event, then dropped or kept as a
 * fail-safe fallback), and what a write or a read makes of it under the expiry policy.
 */
final class EntryTransitions<K, V> {
  private final EntryAccess<K, V> access;
  private final ExpiryDurations expiry;

  EntryTransitions(EntryAccess<K, V> access, ExpiryDurations expiry) {
    this.access = access;
    this.expiry = expiry;
  }

  /**
   * The fresh entry of {@code key} outside any atomic change (from L2 when L1 has none), with its access expiry
   * applied; an entry found expired is reported and dropped or kept as a fallback. Null when absent.
   */
  CacheEntry<V> readLive(K key, EventBatch<K, V> batch) {
    CacheEntry<V> entry = access.lookup(key);
    if (entry == null) {
      return null;
    }
    long now = access.recentNow();
    if (!entry.isFresh(now)) {
      if (!entry.isStale()) {
        access.compute(key, (k, current) -> current == entry ? dead(k, current, now, batch) : current);
      }
      return null;
    }
    long expiration = expiry.onAccess(now);
    if (expiration != ExpiryDurations.UNCHANGED) {
      access.compute(key, (k, current) -> current == entry ? access.withExpiration(current, expiration) : current);
    }
    return entry;
  }

  /**
   * {@link #readLive} for each of {@code keys}: the entries looked up together ({@link EntryAccess#lookupAll}, one
   * distributed round trip for the keys L1 does not hold fresh), each judged as {@link #readLive} judges one (the
   * expiry policy asked once per entry found), the access expiries then written together
   * ({@link EntryAccess#computeAll}).
   *
   * @return the fresh entries found, by key, in the order of {@code keys}
   */
  Map<K, CacheEntry<V>> readLiveAll(List<K> keys, EventBatch<K, V> batch) {
    List<CacheEntry<V>> entries = access.lookupAll(keys);
    Map<K, CacheEntry<V>> live = new LinkedHashMap<>();
    Map<K, Long> touched = new HashMap<>();
    long now = access.recentNow();
    for (int i = 0; i < keys.size(); i++) {
      K key = keys.get(i);
      CacheEntry<V> entry = entries.get(i);
      if (entry == null) {
        continue;
      }
      if (!entry.isFresh(now)) {
        if (!entry.isStale()) {
          access.compute(key, (k, current) -> current == entry ? dead(k, current, now, batch) : current);
        }
        continue;
      }
      live.put(key, entry);
      long expiration = expiry.onAccess(now);
      if (expiration != ExpiryDurations.UNCHANGED) {
        touched.put(key, expiration);
      }
    }
    if (!touched.isEmpty()) {
      access.computeAll(new ArrayList<>(touched.keySet()), (k, current) -> current == live.get(k)
          ? access.withExpiration(current, touched.get(k)) : current);
    }
    return live;
  }

  /** The entry if fresh at {@code now}, else null; an expiry not reported yet is reported in {@code batch}. */
  CacheEntry<V> live(K key, CacheEntry<V> current, long now, EventBatch<K, V> batch) {
    if (current == null || current.isFresh(now)) {
      return current;
    }
    if (!current.isStale()) {
      batch.expired(key, current.value());
    }
    return null;
  }

  /** What an entry that is not live becomes: a fallback to keep, or nothing. */
  CacheEntry<V> dead(CacheEntry<V> current, long now) {
    return current == null ? null : access.expired(current, now);
  }

  private CacheEntry<V> dead(K key, CacheEntry<V> current, long now, EventBatch<K, V> batch) {
    live(key, current, now, batch);
    return dead(current, now);
  }

  /**
   * The entry that writing {@code value} over {@code live} (null: a creation) makes, with its event. A zero duration
   * from the expiry policy stores nothing: the result is then {@link #dead} of {@code current}.
   */
  CacheEntry<V> store(K key, CacheEntry<V> live, CacheEntry<V> current, V value, long now,
      EventBatch<K, V> batch) {
    if (live == null) {
      long expiration = expiry.onCreation(now);
      if (expiration <= now) {
        return dead(current, now);
      }
      batch.created(key, value);
      return access.create(value, now, expiration);
    }
    long expiration = expiry.onUpdate(now);
    if (expiration == ExpiryDurations.UNCHANGED) {
      expiration = live.logicalExpiration();
    }
    batch.updated(key, value, live.value());
    return access.create(value, now, expiration);
  }

  /** Whether {@code next}, the result of {@link #store}, holds the value written (false: expired at once). */
  static boolean stored(CacheEntry<?> next, long now) {
    return next != null && next.isFresh(now);
  }

  /** {@code live} after a read that did not change it: with its access expiry applied. */
  CacheEntry<V> accessed(CacheEntry<V> live, long now) {
    long expiration = expiry.onAccess(now);
    return expiration == ExpiryDurations.UNCHANGED ? live : access.withExpiration(live, expiration);
  }
}

package io.hybridcache.jcache;

import io.hybridcache.engine.CacheEntry;
import io.hybridcache.engine.EntryAccess;
import java.util.function.BiFunction;

/**
 * The unconditional writes of one key ({@code put}, {@code getAndPut}, {@code remove}, {@code getAndRemove}, and the
 * keys of {@code putAll} and {@code removeAll}): each one atomic change of the entry with its write-through and
 * events; the single-key operations count their statistics, the helpers used by the bulk operations do not. Keys and
 * values arrive checked and copied in; values returned are not copied out.
 */
final class PlainWrites<K, V> {
  private final EntryAccess<K, V> access;
  private final EntryTransitions<K, V> transitions;
  private final WriteThrough<K, V> writeThrough;
  private final JCacheStatistics statistics;

  PlainWrites(EntryAccess<K, V> access, EntryTransitions<K, V> transitions, WriteThrough<K, V> writeThrough,
      JCacheStatistics statistics) {
    this.access = access;
    this.transitions = transitions;
    this.writeThrough = writeThrough;
    this.statistics = statistics;
  }

  void put(K key, V value, EventBatch<K, V> batch) {
    long start = statistics.start();
    Object[] outcome = new Object[2];
    putOne(key, value, true, false, batch, outcome);
    statistics.recordPuts(outcome[1] != null ? 1 : 0);
    statistics.recordPutTime(start);
  }

  V getAndPut(K key, V value, EventBatch<K, V> batch) {
    long start = statistics.start();
    Object[] outcome = new Object[2];
    V old = putOne(key, value, true, true, batch, outcome);
    if (old != null) {
      statistics.recordHits(1);
    } else {
      statistics.recordMisses(1);
    }
    statistics.recordPuts(outcome[1] != null ? 1 : 0);
    statistics.recordGetTime(start);
    statistics.recordPutTime(start);
    return old;
  }

  boolean remove(K key, EventBatch<K, V> batch) {
    long start = statistics.start();
    boolean removed = removeOne(key, true, batch) != null;
    if (removed) {
      statistics.recordRemovals(1);
    }
    statistics.recordRemoveTime(start);
    return removed;
  }

  V getAndRemove(K key, EventBatch<K, V> batch) {
    long start = statistics.start();
    V removed = removeOne(key, true, batch);
    if (removed != null) {
      statistics.recordHits(1);
      statistics.recordRemovals(1);
    } else {
      statistics.recordMisses(1);
    }
    statistics.recordGetTime(start);
    statistics.recordRemoveTime(start);
    return removed;
  }

  /**
   * Writes {@code value} (through the writer when {@code write}); returns the live value it replaced, or null. When
   * the expiry policy expires the new value at once (a zero duration) nothing is stored and {@code old[1]} stays null;
   * otherwise it is {@link Boolean#TRUE}.
   */
  V putOne(K key, V value, boolean write, boolean acrossNodes, EventBatch<K, V> batch, Object[] old) {
    BiFunction<K, CacheEntry<V>, CacheEntry<V>> change = putChange(key, value, write, batch, old);
    if (acrossNodes) {
      int mark = batch.mark();
      access.computeAcrossNodes(key, change, () -> batch.rollBackTo(mark));
    } else {
      access.compute(key, change);
    }
    @SuppressWarnings("unchecked")
    V replaced = (V) old[0];
    return replaced;
  }

  /** The change {@link #putOne} makes to the entry of {@code key}: see there. */
  BiFunction<K, CacheEntry<V>, CacheEntry<V>> putChange(K key, V value, boolean write,
      EventBatch<K, V> batch, Object[] old) {
    return (k, current) -> {
      long now = access.now();
      CacheEntry<V> live = transitions.live(k, current, now, batch);
      if (write) {
        writeThrough.write(k, value);
      }
      old[0] = live == null ? null : live.value();
      CacheEntry<V> next = transitions.store(k, live, current, value, now, batch);
      old[1] = EntryTransitions.stored(next, now) ? Boolean.TRUE : null;
      return next;
    };
  }

  /** Removes {@code key} (deleting through the writer when {@code write}); returns the live value removed, or null. */
  V removeOne(K key, boolean write, EventBatch<K, V> batch) {
    Object[] old = new Object[1];
    int mark = batch.mark();
    access.computeAcrossNodes(key, (k, current) -> {
      old[0] = null;
      long now = access.now();
      CacheEntry<V> live = transitions.live(k, current, now, batch);
      if (write) {
        writeThrough.delete(k);
      }
      if (live != null) {
        old[0] = live.value();
        batch.removed(k, live.value());
      }
      return null;
    }, () -> batch.rollBackTo(mark));
    @SuppressWarnings("unchecked")
    V removed = (V) old[0];
    return removed;
  }
}

package io.hybridcache.jcache;

import io.hybridcache.engine.CacheEntry;
import io.hybridcache.engine.EntryAccess;

/**
 * The JSR's conditional writes of one cache: {@code putIfAbsent}, {@code remove(key, value)},
 * {@code replace(key, old, new)}, {@code replace} and {@code getAndReplace}. Each checks its condition and changes
 * the entry in one atomic step (across nodes when there is a distributed level), calls the writer only when the
 * condition holds, and counts a hit when the key was present and a miss when not. Arguments arrive checked; values
 * arrive copied in. When another node changes the key during the step, the step runs again on its value: the writer
 * may then be called once per attempt.
 */
final class ConditionalWrites<K, V> {
  /** What a compare-and-change found. */
  private enum Outcome { ABSENT, DIFFERENT, CHANGED }

  private final EntryAccess<K, V> access;
  private final EntryTransitions<K, V> transitions;
  private final WriteThrough<K, V> writeThrough;
  private final JCacheStatistics statistics;

  ConditionalWrites(EntryAccess<K, V> access, EntryTransitions<K, V> transitions, WriteThrough<K, V> writeThrough,
      JCacheStatistics statistics) {
    this.access = access;
    this.transitions = transitions;
    this.writeThrough = writeThrough;
    this.statistics = statistics;
  }

  boolean putIfAbsent(K key, V value, EventBatch<K, V> batch) {
    long start = statistics.start();
    boolean[] added = new boolean[2]; // added, stored
    int mark = batch.mark();
    access.computeAcrossNodes(key, (k, current) -> {
      added[0] = false;
      added[1] = false;
      long now = access.now();
      if (transitions.live(k, current, now, batch) != null) {
        return current;
      }
      writeThrough.write(k, value);
      added[0] = true;
      CacheEntry<V> next = transitions.store(k, null, current, value, now, batch);
      added[1] = EntryTransitions.stored(next, now);
      return next;
    }, () -> batch.rollBackTo(mark));
    if (added[0]) {
      statistics.recordMisses(1);
      statistics.recordPuts(added[1] ? 1 : 0);
    } else {
      statistics.recordHits(1);
    }
    statistics.recordPutTime(start);
    return added[0];
  }

  boolean removeIfEquals(K key, V expected, EventBatch<K, V> batch) {
    long start = statistics.start();
    Outcome outcome = compareAndChange(key, expected, batch, (k, live, current, now) -> {
      writeThrough.delete(k);
      batch.removed(k, live.value());
      return null;
    });
    if (outcome == Outcome.CHANGED) {
      statistics.recordRemovals(1);
    }
    statistics.recordRemoveTime(start);
    return outcome == Outcome.CHANGED;
  }

  boolean replaceIfEquals(K key, V expected, V replacement, EventBatch<K, V> batch) {
    long start = statistics.start();
    Outcome outcome = compareAndChange(key, expected, batch, (k, live, current, now) -> {
      writeThrough.write(k, replacement);
      return transitions.store(k, live, current, replacement, now, batch);
    });
    if (outcome == Outcome.CHANGED) {
      statistics.recordPuts(1);
      statistics.recordPutTime(start);
    }
    statistics.recordGetTime(start);
    return outcome == Outcome.CHANGED;
  }

  /** Replaces a live entry's value; returns the value replaced, or null when there was no live entry. */
  V replaceIfPresent(K key, V value, EventBatch<K, V> batch) {
    long start = statistics.start();
    Object[] old = new Object[1];
    int mark = batch.mark();
    access.computeAcrossNodes(key, (k, current) -> {
      old[0] = null;
      long now = access.now();
      CacheEntry<V> live = transitions.live(k, current, now, batch);
      if (live == null) {
        return transitions.dead(current, now);
      }
      writeThrough.write(k, value);
      old[0] = live.value();
      return transitions.store(k, live, current, value, now, batch);
    }, () -> batch.rollBackTo(mark));
    if (old[0] != null) {
      statistics.recordHits(1);
      statistics.recordPuts(1);
      statistics.recordPutTime(start);
    } else {
      statistics.recordMisses(1);
    }
    statistics.recordGetTime(start);
    @SuppressWarnings("unchecked")
    V replaced = (V) old[0];
    return replaced;
  }

  /**
   * Applies {@code change} when the live value equals {@code expected}; a different value is only read (its access
   * expiry applies). Counts the hit or miss.
   */
  private Outcome compareAndChange(K key, V expected, EventBatch<K, V> batch, Change<K, V> change) {
    Outcome[] outcome = {Outcome.ABSENT};
    int mark = batch.mark();
    access.computeAcrossNodes(key, (k, current) -> {
      outcome[0] = Outcome.ABSENT;
      long now = access.now();
      CacheEntry<V> live = transitions.live(k, current, now, batch);
      if (live == null) {
        return transitions.dead(current, now);
      }
      if (!live.value().equals(expected)) {
        outcome[0] = Outcome.DIFFERENT;
        return transitions.accessed(live, now);
      }
      outcome[0] = Outcome.CHANGED;
      return change.apply(k, live, current, now);
    }, () -> batch.rollBackTo(mark));
    if (outcome[0] == Outcome.ABSENT) {
      statistics.recordMisses(1);
    } else {
      statistics.recordHits(1);
    }
    return outcome[0];
  }

  /** What a condition that held does to the entry: the entry to keep, or null to remove it. */
  @FunctionalInterface
  private interface Change<K, V> {
    CacheEntry<V> apply(K key, CacheEntry<V> live, CacheEntry<V> current, long now);
  }
}

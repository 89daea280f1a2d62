package io.hybridcache.jcache;

import io.hybridcache.engine.CacheEntry;
import io.hybridcache.engine.EntryAccess;
import io.hybridcache.engine.ReadAhead;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * The JSR's bulk operations of one cache: {@code getAll}, {@code putAll}, {@code removeAll}, {@code loadAll} and
 * {@code invokeAll}, with their write-through, events and statistics. Arguments arrive checked (the cache checks
 * them); keys and values are copied in and out here.
 */
final class JCacheBulkCalls<K, V> {
  private final HybridJCache<K, V> cache;
  private final EntryAccess<K, V> access;
  private final JCacheStatistics statistics;
  private final EventDispatcher<K, V> events;
  private final Executor executor;

  JCacheBulkCalls(HybridJCache<K, V> cache, Executor executor) {
    this.cache = cache;
    this.access = cache.access();
    this.statistics = cache.statistics();
    this.events = cache.events();
    this.executor = executor;
  }

  Map<K, V> getAll(Set<? extends K> keys) {
    long start = statistics.start();
    EventBatch<K, V> batch = events.batch();
    Map<K, V> result = new LinkedHashMap<>();
    cache.transitions().readLiveAll(new ArrayList<>(keys), batch)
        .forEach((k, entry) -> result.put(k, cache.copyOut(entry.value())));
    Set<K> missing = new HashSet<>(keys);
    missing.removeAll(result.keySet());
    statistics.recordHits(result.size());
    ReadThrough<K, V> readThrough = cache.readThrough();
    if (!missing.isEmpty() && readThrough.isActive()) {
      statistics.recordJsrMisses(missing.size()); // the load is a getOrSetAll, which counts its misses in the engine
      result.putAll(readThrough.loadMissing(missing, batch));
    } else {
      statistics.recordMisses(missing.size());
    }
    statistics.recordGetTime(start);
    batch.publish();
    return result;
  }

  void putAll(Map<K, V> copies) {
    long start = statistics.start();
    EventBatch<K, V> batch = events.batch();
    WriteThrough.BatchResult<K> written = cache.writeThrough().writeAll(copies);
    int[] stored = {0};
    access.computeAll(new ArrayList<>(written.handled), (k, current) -> {
      Object[] outcome = new Object[2];
      CacheEntry<V> next = cache.plainWrites().putChange(k, copies.get(k), false, batch, outcome).apply(k, current);
      stored[0] += outcome[1] != null ? 1 : 0;
      return next;
    });
    statistics.recordPuts(stored[0]);
    statistics.recordPutTime(start);
    batch.publish();
    if (written.failure != null) {
      throw written.failure;
    }
  }

  /**
   * Removes {@code keys}, as {@code removeAll} does: the writer deletes them first (in one call), then the keys it
   * handled are removed with one distributed read and one distributed removal batch ({@link EntryAccess#removeAll});
   * a key that held a live entry has its {@code REMOVED} event and counts as a removal.
   */
  void removeEach(List<K> keys) {
    long start = statistics.start();
    if (keys.isEmpty()) {
      return;
    }
    EventBatch<K, V> batch = events.batch();
    WriteThrough.BatchResult<K> deleted = cache.writeThrough().deleteAll(keys);
    int[] removed = {0};
    EntryTransitions<K, V> transitions = cache.transitions();
    access.removeAll(new ArrayList<>(deleted.handled), (k, held) -> {
      CacheEntry<V> live = transitions.live(k, held, access.now(), batch);
      if (live != null) {
        removed[0]++;
        batch.removed(k, live.value());
      }
    });
    statistics.recordRemovals(removed[0]);
    statistics.recordRemoveTime(start);
    batch.publish();
    if (deleted.failure != null) {
      throw deleted.failure;
    }
  }

  void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener done) {
    ReadThrough<K, V> readThrough = cache.readThrough();
    if (!readThrough.hasLoader()) {
      done.onCompletion();
      return;
    }
    List<K> wanted = new ArrayList<>(keys);
    executor.execute(() -> {
      try {
        EventBatch<K, V> batch = events.batch();
        if (replaceExistingValues) {
          readThrough.reloadAll(wanted, batch);
        } else {
          readThrough.loadMissing(absent(wanted), batch);
        }
        batch.publish();
        done.onCompletion();
      } catch (Exception e) {
        done.onException(e);
      }
    });
  }

  /** The keys of {@code keys} without a fresh entry, looked up together (one distributed read). */
  private List<K> absent(List<K> keys) {
    List<CacheEntry<V>> entries = access.lookupAll(keys);
    List<K> absent = new ArrayList<>();
    long now = access.recentNow();
    for (int i = 0; i < keys.size(); i++) {
      CacheEntry<V> entry = entries.get(i);
      if (entry == null || !entry.isFresh(now)) {
        absent.add(keys.get(i));
      }
    }
    return absent;
  }

  /**
   * Runs {@code processor} on each key, as {@code invoke} does (one atomic change per key, serialized per key on this
   * node, atomic across nodes), after one distributed read of every key ({@link EntryAccess#readAhead}): each key's
   * change then starts from that read, and costs a round trip of its own only when it writes (its compare-and-set),
   * or when the key changed since the read.
   */
  <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> processor,
      Object... arguments) {
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    EventBatch<K, V> batch = events.batch();
    List<K> given = new ArrayList<>(keys);
    List<K> stored = new ArrayList<>(given.size());
    for (K key : given) {
      stored.add(cache.copyIn(key));
    }
    try (ReadAhead<K> ahead = access.readAhead(stored)) {
      for (int i = 0; i < given.size(); i++) {
        K key = given.get(i);
        try {
          T result = new ProcessorRun<>(cache, processor, arguments).run(stored.get(i), batch, ahead);
          if (result != null) {
            results.put(key, () -> result);
          }
        } catch (EntryProcessorException e) {
          results.put(key, () -> {
            throw e;
          });
        }
      }
    }
    batch.publish();
    return results;
  }
}

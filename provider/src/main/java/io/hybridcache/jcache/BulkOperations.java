package io.hybridcache.jcache;

import io.hybridcache.engine.CacheEntry;
import io.hybridcache.engine.EntryAccess;
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
final class BulkOperations<K, V> {
  private final HybridJCache<K, V> cache;
  private final EntryAccess<K, V> access;
  private final JCacheStatistics statistics;
  private final EventDispatcher<K, V> events;
  private final Executor executor;

  BulkOperations(HybridJCache<K, V> cache, Executor executor) {
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
    statistics.recordMisses(missing.size());
    ReadThrough<K, V> readThrough = cache.readThrough();
    if (!missing.isEmpty() && readThrough.isActive()) {
      result.putAll(readThrough.loadAll(missing, false, batch));
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

  /** Removes {@code keys} (the writer deleting them first), as {@code removeAll} does. */
  void removeEach(List<K> keys) {
    long start = statistics.start();
    if (keys.isEmpty()) {
      return;
    }
    EventBatch<K, V> batch = events.batch();
    WriteThrough.BatchResult<K> deleted = cache.writeThrough().deleteAll(keys);
    int removed = 0;
    for (K key : deleted.handled) {
      if (cache.plainWrites().removeOne(key, false, batch) != null) {
        removed++;
      }
    }
    statistics.recordRemovals(removed);
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
    Set<K> wanted = new HashSet<>(keys);
    executor.execute(() -> {
      try {
        EventBatch<K, V> batch = events.batch();
        readThrough.loadAll(wanted, replaceExistingValues, batch);
        batch.publish();
        done.onCompletion();
      } catch (Exception e) {
        done.onException(e);
      }
    });
  }

  <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> processor,
      Object... arguments) {
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    EventBatch<K, V> batch = events.batch();
    for (K key : keys) {
      try {
        T result = new ProcessorRun<>(cache, processor, arguments).run(key, batch);
        if (result != null) {
          results.put(key, () -> result);
        }
      } catch (EntryProcessorException e) {
        results.put(key, () -> {
          throw e;
        });
      }
    }
    batch.publish();
    return results;
  }
}

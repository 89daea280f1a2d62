package io.hybridcache.jcache;

import io.hybridcache.engine.CacheEntry;
import io.hybridcache.engine.EntryAccess;
import io.hybridcache.engine.ReadAhead;
import java.util.function.BiFunction;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;

/**
 * One {@code invoke}: runs the entry processor under the key's lock, on a {@link ProcessorEntry}, then applies what
 * it did as one atomic change with its write-through, event and statistics. The processor runs locally, never
 * elsewhere. Whatever it throws reaches the caller as an {@link EntryProcessorException}, and the entry is unchanged.
 */
final class ProcessorRun<K, V, T> {
  private final HybridJCache<K, V> cache;
  private final EntryProcessor<K, V, T> processor;
  private final Object[] arguments;
  private T result;
  private ProcessorEntry<K, V> entry;
  private boolean wasLive;
  private boolean stored;

  ProcessorRun(HybridJCache<K, V> cache, EntryProcessor<K, V, T> processor, Object[] arguments) {
    this.cache = cache;
    this.processor = processor;
    this.arguments = arguments;
  }

  T run(K key, EventBatch<K, V> batch) {
    return run(cache.copyIn(key), batch, null);
  }

  /**
   * Runs the processor on {@code stored} (a key already copied in), its atomic change starting from what
   * {@code ahead} read of it (null: it reads on its own).
   */
  T run(K stored, EventBatch<K, V> batch, ReadAhead<K> ahead) {
    EntryAccess<K, V> access = cache.access();
    long start = cache.statistics().start();
    try {
      int mark = batch.mark();
      BiFunction<K, CacheEntry<V>, CacheEntry<V>> change = (k, current) -> apply(k, current, access.now(), batch);
      if (ahead == null) {
        access.computeAcrossNodes(stored, change, () -> batch.rollBackTo(mark));
      } else {
        access.computeAcrossNodes(stored, change, () -> batch.rollBackTo(mark), ahead);
      }
    } catch (EntryProcessorException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new EntryProcessorException("the entry processor failed: " + e, e);
    }
    record(start);
    return result;
  }

  private CacheEntry<V> apply(K key, CacheEntry<V> current, long now, EventBatch<K, V> batch) {
    stored = false;
    CacheEntry<V> live = cache.transitions().live(key, current, now, batch);
    wasLive = live != null;
    ReadThrough<K, V> loader = cache.readThrough();
    entry = new ProcessorEntry<>(key, live == null ? null : cache.copyOut(live.value()),
        loader.isActive() ? loader::loadForProcessor : null);
    try {
      result = processor.process(entry, arguments);
    } catch (EntryProcessorException e) {
      throw e;
    } catch (Exception e) {
      throw new EntryProcessorException("the entry processor failed: " + e, e);
    }
    switch (entry.action()) {
      case NONE:
        return live != null ? current : cache.transitions().dead(current, now);
      case READ:
        return live != null ? cache.transitions().accessed(live, now) : cache.transitions().dead(current, now);
      case LOADED:
        return cache.transitions().store(key, null, current, cache.copyIn(entry.value()), now, batch);
      case CREATED:
      case UPDATED: {
        V value = cache.copyIn(entry.value());
        cache.writeThrough().write(key, value);
        CacheEntry<V> next = cache.transitions().store(key, live, current, value, now, batch);
        stored = EntryTransitions.stored(next, now);
        return next;
      }
      case DELETED:
        cache.writeThrough().delete(key);
        if (live != null) {
          batch.removed(key, live.value());
        }
        return null;
      default:
        throw new AssertionError(entry.action());
    }
  }

  /** Every invoke is a hit when the entry existed and a miss when not, whatever the processor did (the TCK's rule). */
  private void record(long start) {
    JCacheStatistics statistics = cache.statistics();
    if (wasLive) {
      statistics.recordHits(1);
    } else {
      statistics.recordMisses(1);
    }
    statistics.recordGetTime(start);
    switch (entry.action()) {
      case CREATED:
      case UPDATED:
        if (stored) {
          statistics.recordPuts(1);
          statistics.recordPutTime(start);
        }
        break;
      case DELETED:
        if (!wasLive) {
          break;
        }
        statistics.recordRemovals(1);
        statistics.recordRemoveTime(start);
        break;
      default:
        break;
    }
  }
}

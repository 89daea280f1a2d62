package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The bulk read-only lookup of one cache ({@code tryGetAll}): each key judged as {@code tryGet} judges it, the keys
 * that L1 does not serve read from L2 together, in one bulk read ({@link LevelReader#readAll}: one round trip where
 * the level pipelines).
 *
 * <p>Per key: a fresh, visible L1 entry is a hit; else a fresh, visible entry L2 brings is a hit and saved to L1
 * (unless a write of the key came first); else, with {@code allowStaleOnReadOnly}, the newest fallback of the two;
 * else a miss. Each hit and miss is counted as {@code tryGet} counts it. The distributed hard timeout bounds the bulk
 * read as a whole (past it, or when the level fails, every key read there is a miss, or the call fails when the
 * options re-throw); the soft timeout does not apply.
 */
final class BulkReads<K, V> {
  private final TimeSource time;
  private final MemoryLevel<K, V> memory;
  private final RunRegistry<K> runs;
  private final CacheEvents<K> events;
  private final DistributedOperations<K, V> distributed;
  private final Barriers barriers;
  private final ReadOnlyLookup<K, V> lookup;

  BulkReads(TimeSource time, MemoryLevel<K, V> memory, RunRegistry<K> runs, CacheEvents<K> events,
      DistributedOperations<K, V> distributed, Barriers barriers, ReadOnlyLookup<K, V> lookup) {
    this.time = time;
    this.memory = memory;
    this.runs = runs;
    this.events = events;
    this.distributed = distributed;
    this.barriers = barriers;
    this.lookup = lookup;
  }

  /**
   * The values of {@code keys} found, in a new map the caller owns (iterated in the order of {@code keys}); a key
   * missed is absent from it. Null keys are refused before anything is read.
   *
   * @throws NullPointerException when {@code keys}, one of them, or {@code options} is null
   */
  CompletableFuture<Map<K, V>> tryGetAll(Set<? extends K> keys, EntryOptions options) {
    List<K> checked = checkedKeys(keys);
    Objects.requireNonNull(options, "options must not be null");
    Map<K, V> found = new LinkedHashMap<>();
    List<K> missed = new ArrayList<>();
    List<CacheEntry<V>> fallbacks = new ArrayList<>();
    long now = time.recentWallMillis();
    for (K key : checked) {
      CacheEntry<V> local = options.skipMemoryCacheRead() ? null : memory.peek(key);
      if (lookup.served(key, local, now)) {
        found.put(key, local.value());
      } else {
        missed.add(key);
        fallbacks.add(lookup.unserved(key, local, now));
      }
    }
    if (missed.isEmpty() || !lookup.readsLevel(options)) {
      for (int i = 0; i < missed.size(); i++) {
        served(found, missed.get(i), lookup.staleOrMiss(missed.get(i), fallbacks.get(i), options));
      }
      return CompletableFuture.completedFuture(ordered(checked, found));
    }
    List<RunRegistry<K>.Run> started = new ArrayList<>(missed.size());
    for (K key : missed) {
      started.add(runs.start(key));
    }
    CompletableFuture<List<CacheEntry<V>>> read;
    try {
      read = distributed.readAll(missed, options);
    } catch (RuntimeException e) {
      read = CompletableFuture.failedFuture(e);
    }
    return read.handle((entries, error) -> {
      try {
        if (error != null) {
          throw error instanceof CompletionException c ? c : new CompletionException(error);
        }
        long readAt = time.wallMillis();
        for (int i = 0; i < missed.size(); i++) {
          K key = missed.get(i);
          CacheEntry<V> remote = entries.get(i);
          if (barriers.fresh(remote, readAt) != null) {
            if (!options.skipMemoryCacheWrite()) {
              memory.saveFromLevel(key, remote, started.get(i));
            }
            events.hit(key, remote.isStale());
            found.put(key, remote.value());
          } else {
            served(found, key, lookup.staleOrMiss(key,
                CacheEntry.newer(barriers.fallback(fallbacks.get(i)), barriers.fallback(remote)), options));
          }
        }
        return ordered(checked, found);
      } finally {
        for (RunRegistry<K>.Run run : started) {
          run.close();
        }
      }
    });
  }

  private void served(Map<K, V> found, K key, CacheEntry<V> entry) {
    if (entry != null) {
      found.put(key, entry.value());
    }
  }

  /** {@code found} in the order of {@code keys}. */
  private Map<K, V> ordered(List<K> keys, Map<K, V> found) {
    Map<K, V> result = new LinkedHashMap<>(Math.max(16, found.size() * 2));
    for (K key : keys) {
      V value = found.get(key);
      if (value != null) {
        result.put(key, value);
      }
    }
    return result;
  }

  /** {@code keys} as a list, each checked not null. */
  static <K> List<K> checkedKeys(Set<? extends K> keys) {
    Objects.requireNonNull(keys, "keys must not be null");
    List<K> checked = new ArrayList<>(keys.size());
    for (K key : keys) {
      checked.add(Objects.requireNonNull(key, "a key of keys must not be null"));
    }
    return checked;
  }
}

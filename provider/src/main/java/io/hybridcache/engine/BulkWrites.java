package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The bulk writes and removals of one cache ({@code setAll}, {@code removeAll(keys)}): each key changed as
 * {@code set} or {@code remove} changes it (L1 first, its event, then L2 and the backplane), the L2 changes of the
 * call sent together in one {@link LevelBatch} (one round trip where the level pipelines; the Redis level's scripts
 * publish each key's notice in the same step, so the notices cost nothing more). Per key still: the refusal check of a
 * write the level refused, auto-recovery of a change that failed, the background and re-throw options, the
 * distributed hard timeout.
 */
final class BulkWrites<K, V> {
  private final MemoryLevel<K, V> memory;
  private final RunRegistry<K> runs;
  private final CacheEvents<K> events;
  private final DistributedOperations<K, V> distributed;
  private final EntryClock clock;

  BulkWrites(MemoryLevel<K, V> memory, RunRegistry<K> runs, CacheEvents<K> events,
      DistributedOperations<K, V> distributed, EntryClock clock) {
    this.memory = memory;
    this.runs = runs;
    this.events = events;
    this.distributed = distributed;
    this.clock = clock;
  }

  /**
   * Writes every entry of {@code entries}. Nothing is written when a key or a value is null, nor (with
   * {@code reThrowSerializationExceptions}) when a value cannot be encoded for L2: every entry is checked first.
   *
   * @return a future completing as the writes of the keys would, one by one (failed with the first failure that the
   *     options re-throw)
   * @throws NullPointerException when {@code entries}, one of its keys or values, or {@code options} is null
   */
  CompletableFuture<Void> setAll(Map<? extends K, ? extends V> entries, EntryOptions options) {
    Objects.requireNonNull(entries, "entries must not be null");
    Objects.requireNonNull(options, "options must not be null");
    List<K> keys = new ArrayList<>(entries.size());
    List<V> values = new ArrayList<>(entries.size());
    for (Map.Entry<? extends K, ? extends V> e : entries.entrySet()) {
      keys.add(Objects.requireNonNull(e.getKey(), "a key of entries must not be null"));
      values.add(Objects.requireNonNull(e.getValue(), "the value of key '" + e.getKey() + "' must not be null"));
    }
    List<CacheEntry<V>> made = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      CacheEntry<V> entry = CacheEntry.create(values.get(i), clock.stamp(), options, Set.of(), null, null);
      distributed.refuseUnwritable(keys.get(i), entry, options); // before any level took any key
      made.add(entry);
    }
    LevelBatch batch = distributed.batch();
    List<CompletableFuture<Void>> written = new ArrayList<>(keys.size());
    try {
      for (int i = 0; i < keys.size(); i++) {
        K key = keys.get(i);
        runs.supersede(key);
        if (!options.skipMemoryCacheWrite()) {
          memory.putUnlessNewer(key, made.get(i));
        }
        events.set(key);
        written.add(distributed.writtenIn(batch, key, made.get(i), options));
      }
    } finally {
      send(batch); // what was gathered goes, even when a key failed before the end
    }
    return CompletableFuture.allOf(written.toArray(CompletableFuture<?>[]::new));
  }

  /**
   * Removes every key of {@code keys}, as {@code remove} removes one.
   *
   * @throws NullPointerException when {@code keys}, one of them, or {@code options} is null (nothing is removed)
   */
  CompletableFuture<Void> removeAll(Set<? extends K> keys, EntryOptions options) {
    List<K> checked = BulkReads.checkedKeys(keys);
    Objects.requireNonNull(options, "options must not be null");
    LevelBatch batch = distributed.batch();
    List<CompletableFuture<Void>> removed = new ArrayList<>(checked.size());
    try {
      for (K key : checked) {
        runs.supersede(key);
        if (!options.skipMemoryCacheWrite()) {
          memory.invalidate(key);
        }
        events.remove(key);
        removed.add(distributed.removedIn(batch, key, options));
      }
    } finally {
      send(batch);
    }
    return CompletableFuture.allOf(removed.toArray(CompletableFuture<?>[]::new));
  }

  private static void send(LevelBatch batch) {
    if (batch != null) {
      batch.send();
    }
  }
}

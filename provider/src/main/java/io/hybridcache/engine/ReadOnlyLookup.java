package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The read-only lookups of one cache ({@code tryGet}, {@code getOrDefault}): a fresh entry from L1, else from L2 (saved
 * to L1), else with {@code allowStaleOnReadOnly} the newest fallback of the two; null on a miss. Also the verdicts on
 * what L1 holds that {@code getOrSet}'s hit path and the bulk reads share ({@link #served}, {@link #unserved},
 * {@link #staleOrMiss}). Every hit and miss is counted in the cache's events.
 */
final class ReadOnlyLookup<K, V> {
  private final String name;
  private final TimeSource time;
  private final MemoryLevel<K, V> memory;
  private final RunRegistry<K> runs;
  private final CacheEvents<K> events;
  private final DistributedOperations<K, V> distributed;
  private final Barriers barriers;
  private final GetOrSetPipeline<K, V> pipeline;

  ReadOnlyLookup(String name, TimeSource time, MemoryLevel<K, V> memory, RunRegistry<K> runs, CacheEvents<K> events,
      DistributedOperations<K, V> distributed, Barriers barriers, GetOrSetPipeline<K, V> pipeline) {
    this.name = name;
    this.time = time;
    this.memory = memory;
    this.runs = runs;
    this.events = events;
    this.distributed = distributed;
    this.barriers = barriers;
    this.pipeline = pipeline;
  }

  /**
   * The read-only lookup: a fresh entry from L1, else from L2 (saved to L1), else with {@code allowStaleOnReadOnly}
   * the newest fallback of the two; null on a miss.
   */
  CacheEntry<V> read(K key, EntryOptions options) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(options, "options must not be null");
    long now = time.recentWallMillis();
    CacheEntry<V> local = options.skipMemoryCacheRead() ? null : memory.peek(key);
    if (served(key, local, now)) {
      return local;
    }
    return readPastMemory(key, options, unserved(key, local, now));
  }

  /** Whether {@code local}, L1's entry of {@code key}, is served at {@code now}: fresh and visible (a counted hit). */
  boolean served(K key, CacheEntry<V> local, long now) {
    if (local != null && local.logicalExpiration > now && barriers.admits(local, now)) {
      events.hit(key, local.isStale());
      return true;
    }
    return false;
  }

  /**
   * What remains of {@code local}, what L1 holds for {@code key} and did not serve at {@code now}: null when it is
   * dead (dropped) or absent; when fresh but hidden by a barrier, expired or removed in L1 and what is left of it;
   * else itself, a fallback.
   */
  CacheEntry<V> unserved(K key, CacheEntry<V> local, long now) {
    CacheEntry<V> alive = memory.alive(key, local, now);
    return alive == null || alive.logicalExpiration <= now ? alive : hide(key, alive);
  }

  /**
   * The lookup past a miss in L1 (kept apart from {@link #read}'s hit path, so that the hit path compiles small): L2
   * if read, else the stale entry or a miss. {@code local} is what L1 holds (a fallback), or null.
   */
  private CacheEntry<V> readPastMemory(K key, EntryOptions options, CacheEntry<V> local) {
    if (readsLevel(options)) {
      return Failures.await(() -> readLevel(key, options, local), key, name);
    }
    return staleOrMiss(key, local, options);
  }

  boolean readsLevel(EntryOptions options) {
    return distributed.hasLevel() && !options.skipDistributedCacheRead();
  }

  /**
   * The L2 part of a read-only lookup, after L1 had nothing fresh ({@code local} is what it had, or null). Past the
   * distributed soft timeout (only with fail-safe, {@code allowStaleOnReadOnly} and a fallback in L1) the fallback is
   * served; past the hard timeout the read is a miss (or the fallback with {@code allowStaleOnReadOnly}). A fresh entry
   * the read brings later is kept in L1 unless a write came first.
   */
  private CompletableFuture<CacheEntry<V>> readLevel(K key, EntryOptions options, CacheEntry<V> local) {
    CacheEntry<V> servable = options.failSafe() && options.allowStaleOnReadOnly() ? barriers.fallback(local) : null;
    RunRegistry<K>.Run lateRun = GetOrSetPipeline.readTimesOut(options, servable) ? runs.start(key) : null;
    RunRegistry<K>.Run run = runs.start(key);
    return distributed.read(key, options, servable,
        lateRun == null ? null : (found, late) -> pipeline.readEnded(key, found, late, options, lateRun))
        .handle((found, error) -> {
          try {
            if (error != null) {
              throw error instanceof CompletionException c ? c : new CompletionException(error);
            }
            if (found != servable && barriers.fresh(found, time.wallMillis()) != null) {
              if (!options.skipMemoryCacheWrite()) {
                memory.saveFromLevel(key, found, run);
              }
              events.hit(key, found.isStale());
              return found;
            }
            return staleOrMiss(key, CacheEntry.newer(barriers.fallback(local), barriers.fallback(found)), options);
          } finally {
            run.close();
          }
        });
  }

  /** Applies a barrier that hides {@code entry} (fresh in L1) to it; returns it as a fallback, or null. */
  private CacheEntry<V> hide(K key, CacheEntry<V> entry) {
    return memory.hide(key, entry, barriers.verdict(entry), time.wallMillis());
  }

  CacheEntry<V> staleOrMiss(K key, CacheEntry<V> fallback, EntryOptions options) {
    if (fallback != null && options.allowStaleOnReadOnly() && fallback.physicalExpiration() > time.wallMillis()
        && barriers.fallback(fallback) != null) {
      events.hit(key, true);
      return fallback;
    }
    events.miss(key);
    return null;
  }

  CompletableFuture<CacheEntry<V>> readAsync(K key, EntryOptions options) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(options, "options must not be null");
    long now = time.recentWallMillis();
    CacheEntry<V> local = options.skipMemoryCacheRead() ? null : memory.peek(key);
    if (served(key, local, now)) {
      return CompletableFuture.completedFuture(local);
    }
    local = unserved(key, local, now);
    if (readsLevel(options)) {
      return readLevel(key, options, local);
    }
    return CompletableFuture.completedFuture(staleOrMiss(key, local, options));
  }
}

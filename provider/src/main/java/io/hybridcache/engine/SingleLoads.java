package io.hybridcache.engine;

import io.hybridcache.AsyncFactory;
import io.hybridcache.EntryOptions;
import io.hybridcache.Factory;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code getOrSet} calls of one cache, up to the {@link GetOrSetPipeline}: the hit path (one L1 read, a background
 * eager refresh past the threshold), the checks of the arguments, and the caller's fail-safe default value.
 */
final class SingleLoads<K, V> {
  private final String name;
  private final TimeSource time;
  private final MemoryLevel<K, V> memory;
  private final RunRegistry<K> runs;
  private final CacheEvents<K> events;
  private final EntryClock clock;
  private final Tags tagRules;
  private final ReadOnlyLookup<K, V> lookup;
  private final GetOrSetPipeline<K, V> pipeline;

  SingleLoads(String name, TimeSource time, MemoryLevel<K, V> memory, RunRegistry<K> runs, CacheEvents<K> events,
      EntryClock clock, Tags tagRules, ReadOnlyLookup<K, V> lookup, GetOrSetPipeline<K, V> pipeline) {
    this.name = name;
    this.time = time;
    this.memory = memory;
    this.runs = runs;
    this.events = events;
    this.clock = clock;
    this.tagRules = tagRules;
    this.lookup = lookup;
    this.pipeline = pipeline;
  }

  /** {@code getOrSet}: a fresh hit, else the pipeline; {@code failSafeDefault} (may be null) when it fails. */
  V getOrSet(K key, Factory<K, V> factory, V failSafeDefault, EntryOptions options, Set<String> tags) {
    Objects.requireNonNull(factory, "factory must not be null");
    CacheEntry<V> hit = fastHit(key, options, tags);
    if (hit != null) {
      if (hit.eagerRefreshAt() <= time.recentWallMillis()) {
        pipeline.eagerRefresh(key, FactoryCall.sync(factory), options, tagRules.ofEntry(tags), hit);
      }
      return hit.value();
    }
    Set<String> checkedTags = tagRules.ofEntry(tags);
    RunRegistry<K>.Run defaultRun = failSafeDefault != null && options.failSafe() ? runs.start(key) : null;
    try {
      FactoryCall<K, V> call = FactoryCall.sync(factory);
      return Failures.await(() -> pipeline.getOrLoad(key, call, options, checkedTags), key, name).value();
    } catch (RuntimeException e) {
      if (defaultRun != null) {
        return useFailSafeDefault(key, failSafeDefault, options, defaultRun);
      }
      throw e;
    } finally {
      if (defaultRun != null) {
        defaultRun.close();
      }
    }
  }

  /** {@code getOrSetAsync}: as {@link #getOrSet}, never blocking the caller. */
  CompletableFuture<V> getOrSetAsync(K key, AsyncFactory<K, V> factory, V failSafeDefault, EntryOptions options,
      Set<String> tags) {
    Objects.requireNonNull(factory, "factory must not be null");
    CacheEntry<V> hit = fastHit(key, options, tags);
    if (hit != null) {
      if (hit.eagerRefreshAt() <= time.recentWallMillis()) {
        pipeline.eagerRefresh(key, FactoryCall.async(factory), options, tagRules.ofEntry(tags), hit);
      }
      return CompletableFuture.completedFuture(hit.value());
    }
    Set<String> checkedTags = tagRules.ofEntry(tags);
    RunRegistry<K>.Run defaultRun = failSafeDefault != null && options.failSafe() ? runs.start(key) : null;
    CompletableFuture<V> loaded =
        pipeline.getOrLoad(key, FactoryCall.async(factory), options, checkedTags).thenApply(e -> e.value());
    if (defaultRun == null) {
      return loaded;
    }
    return loaded.exceptionally(t -> useFailSafeDefault(key, failSafeDefault, options, defaultRun))
        .whenComplete((v, t) -> defaultRun.close());
  }

  /** The hit path of getOrSet: a fresh entry, or null on a miss. */
  private CacheEntry<V> fastHit(K key, EntryOptions options, Set<String> tags) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(options, "options must not be null");
    Objects.requireNonNull(tags, "tags must not be null (use Set.of() for none)");
    if (tags.size() > tagRules.maxPerEntry()) {
      tagRules.ofEntry(tags); // refused on a hit too, so the same call does not succeed or fail by what L1 holds
    }
    if (!options.skipMemoryCacheRead()) {
      long now = time.recentWallMillis();
      CacheEntry<V> e = memory.peek(key);
      if (lookup.served(key, e, now)) {
        return e;
      }
      lookup.unserved(key, e, now);
    }
    events.miss(key);
    return null;
  }

  /**
   * The call failed with no fallback: serve the caller's default, kept (stale) for the throttle duration unless an
   * explicit write made since the call began superseded {@code run}.
   */
  private V useFailSafeDefault(K key, V value, EntryOptions options, RunRegistry<K>.Run run) {
    events.failSafeActivated(key);
    if (!options.skipMemoryCacheWrite()) {
      long now = clock.stamp();
      memory.saveFromRun(key, CacheEntry.create(value, now, options, Set.of(), null, null)
          .throttled(TimeMath.plus(now, TimeMath.millis(options.failSafeThrottleDuration()))), run);
    }
    return value;
  }
}

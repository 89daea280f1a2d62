package io.hybridcache.micrometer;

import io.hybridcache.HybridCache;
import io.hybridcache.HybridCacheStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * The meters of one {@link HybridCache}: Micrometer's cache conventions and HybridCache's own.
 *
 * <p>Micrometer's: {@code cache.gets{result=hit}} (reads that found a fresh value), {@code cache.gets{result=miss}}
 * (reads that found no usable value), {@code cache.puts} (values written, by {@code set} or a factory),
 * {@code cache.evictions} (entries the memory level dropped to stay within its bound) and the gauge
 * {@code cache.size} (entries this node's memory level holds, fallbacks included), each tagged {@code cache} with the
 * cache's name plus the tags given. They count every path: the JCache calls and the {@link HybridCache} ones
 * ({@code getOrSet} included), on this node.
 *
 * <p>HybridCache's, all function counters with the same tags: {@code hybridcache.gets.stale} (fallback values
 * returned), {@code hybridcache.removes}, {@code hybridcache.expires}, {@code hybridcache.failsafe.activations},
 * {@code hybridcache.factory.runs}, {@code hybridcache.factory.errors}, {@code hybridcache.factory.timeouts},
 * {@code hybridcache.eager.refreshes}, {@code hybridcache.background.factory{result=success|error}},
 * {@code hybridcache.background.dropped}, {@code hybridcache.l2.reads{result=hit|miss}}, {@code hybridcache.l2.writes},
 * {@code hybridcache.l2.errors},
 * {@code hybridcache.serialization.errors}, {@code hybridcache.backplane.sent}, {@code hybridcache.backplane.received},
 * {@code hybridcache.backplane.errors}, {@code hybridcache.recovery.replays}, {@code hybridcache.recovery.drops},
 * {@code hybridcache.locks.missed} and {@code hybridcache.listener.errors}; see {@link HybridCacheStats} for what each
 * counts. And the gauge {@code hybridcache.recovery.queue}: the failed operations of the cache that wait on this node
 * to be made again ({@link HybridCache#pendingRecoveries()}).
 *
 * <p>Every meter reads the cache's own counters when the registry is read (a scrape): binding adds nothing to the
 * cache's operations. The cache is held weakly; once it is garbage the meters read 0 (the gauge NaN).
 */
public final class HybridCacheMetrics extends CacheMeterBinder<HybridCache<?, ?>> {

  /**
   * Meters for {@code cache}, named by {@link HybridCache#name()}.
   *
   * @param tags further tags of every meter (for example {@code cacheManager}); none may be null
   * @throws NullPointerException if {@code cache} or {@code tags} is null
   */
  public HybridCacheMetrics(HybridCache<?, ?> cache, Iterable<Tag> tags) {
    super(Objects.requireNonNull(cache, "cache must not be null"), cache.name(),
        Objects.requireNonNull(tags, "tags must not be null"));
  }

  /**
   * Binds the meters of {@code cache} to {@code registry} and returns the cache.
   *
   * @param tags key-value pairs of further tags, an even number of strings
   * @throws NullPointerException if {@code registry} or {@code cache} is null
   * @throws IllegalArgumentException if {@code tags} has an odd number of strings
   */
  public static <C extends HybridCache<?, ?>> C monitor(MeterRegistry registry, C cache, String... tags) {
    return monitor(registry, cache, Tags.of(tags));
  }

  /**
   * Binds the meters of {@code cache} to {@code registry} and returns the cache. Binding the same cache twice to one
   * registry adds no meter: the registry keeps the first of each name and tags.
   *
   * @throws NullPointerException if an argument is null
   */
  public static <C extends HybridCache<?, ?>> C monitor(MeterRegistry registry, C cache, Iterable<Tag> tags) {
    Objects.requireNonNull(registry, "registry must not be null");
    new HybridCacheMetrics(cache, tags).bindTo(registry);
    return cache;
  }

  @Override
  protected Long size() {
    HybridCache<?, ?> cache = getCache();
    return cache == null ? null : cache.estimatedSize();
  }

  @Override
  protected long hitCount() {
    return read(HybridCacheStats::hits);
  }

  @Override
  protected Long missCount() {
    return read(HybridCacheStats::misses);
  }

  @Override
  protected Long evictionCount() {
    return read(HybridCacheStats::evictions);
  }

  @Override
  protected long putCount() {
    return read(HybridCacheStats::sets);
  }

  @Override
  protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
    counter(registry, "hybridcache.gets.stale", "reads that returned a fallback value (fail-safe or stale on read)",
        HybridCacheStats::staleHits);
    counter(registry, "hybridcache.removes", "keys removed", HybridCacheStats::removes);
    counter(registry, "hybridcache.expires", "keys expired logically, their values kept as fallbacks",
        HybridCacheStats::expires);
    counter(registry, "hybridcache.failsafe.activations",
        "fallback values returned because a factory failed or timed out", HybridCacheStats::failSafeActivations);
    counter(registry, "hybridcache.factory.runs", "factory runs started", HybridCacheStats::factoryRuns);
    counter(registry, "hybridcache.factory.errors", "factory runs that failed", HybridCacheStats::factoryErrors);
    counter(registry, "hybridcache.factory.timeouts", "factory runs abandoned by a timeout",
        HybridCacheStats::factoryTimeouts);
    counter(registry, "hybridcache.eager.refreshes", "background refreshes started by a hit past the threshold",
        HybridCacheStats::eagerRefreshes);
    counter(registry, "hybridcache.background.factory", "background factory runs that ended",
        HybridCacheStats::backgroundFactorySuccesses, "result", "success");
    counter(registry, "hybridcache.background.factory", "background factory runs that ended",
        HybridCacheStats::backgroundFactoryErrors, "result", "error");
    counter(registry, "hybridcache.background.dropped", "background tasks refused by the saturated executor",
        HybridCacheStats::droppedBackgroundTasks);
    counter(registry, "hybridcache.l2.reads", "reads of the distributed level",
        HybridCacheStats::distributedHits, "result", "hit");
    counter(registry, "hybridcache.l2.reads", "reads of the distributed level",
        HybridCacheStats::distributedMisses, "result", "miss");
    counter(registry, "hybridcache.l2.writes", "changes made to the distributed level (writes, removals, expirations)",
        HybridCacheStats::distributedWrites);
    counter(registry, "hybridcache.l2.errors", "distributed-level operations that failed",
        HybridCacheStats::distributedErrors);
    counter(registry, "hybridcache.serialization.errors", "values or envelopes that could not be encoded or decoded",
        HybridCacheStats::serializationErrors);
    counter(registry, "hybridcache.backplane.sent", "notifications of this cache's changes published by this node",
        HybridCacheStats::backplaneMessagesSent);
    counter(registry, "hybridcache.backplane.received", "notifications from other nodes applied here",
        HybridCacheStats::backplaneMessages);
    counter(registry, "hybridcache.backplane.errors", "notifications that could not be published",
        HybridCacheStats::backplaneErrors);
    counter(registry, "hybridcache.recovery.replays", "failed distributed operations made again",
        HybridCacheStats::autoRecoveryReplays);
    counter(registry, "hybridcache.recovery.drops", "failed distributed operations given up",
        HybridCacheStats::autoRecoveryDrops);
    counter(registry, "hybridcache.locks.missed", "operations that went on without their cluster-wide lock",
        HybridCacheStats::distributedLocksMissed);
    counter(registry, "hybridcache.listener.errors", "listener invocations that threw",
        HybridCacheStats::listenerErrors);
    HybridCache<?, ?> cache = getCache();
    if (cache != null) {
      Gauge.builder("hybridcache.recovery.queue", cache, HybridCache::pendingRecoveries)
          .tags(getTagsWithCacheName()).description("failed distributed operations waiting to be made again")
          .register(registry);
    }
  }

  private void counter(MeterRegistry registry, String name, String description,
      ToLongFunction<HybridCacheStats> count, String... tags) {
    HybridCache<?, ?> cache = getCache();
    if (cache == null) {
      return;
    }
    FunctionCounter.builder(name, cache, c -> count.applyAsLong(c.stats()))
        .tags(getTagsWithCacheName()).tags(tags).description(description).register(registry);
  }

  private long read(ToLongFunction<HybridCacheStats> count) {
    HybridCache<?, ?> cache = getCache();
    return cache == null ? 0 : count.applyAsLong(cache.stats());
  }
}

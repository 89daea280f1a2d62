/**
 * The engine of HybridCache (internal): the hit path ({@link io.hybridcache.engine.HybridCacheEngine}), the miss path
 * ({@code GetOrSetPipeline}: single flight per key, factory with soft/hard timeouts, fail-safe), the memory level on
 * Caffeine, and the ordering of factory results against explicit writes ({@code RunRegistry}); with a
 * {@link io.hybridcache.engine.ClusterNode}, the distributed level and the backplane ({@code DistributedOperations},
 * {@code BackplaneReceiver}, {@code ConditionalWrite}), and tags and clear ({@code TagStore}, {@code Barriers}).
 *
 * <h2>Contracts</h2>
 * <ul>
 *   <li>All time comes from one {@link io.hybridcache.engine.TimeSource}; nothing here reads the system clock
 *       directly, so tests advance a fake one.</li>
 *   <li>A hit on a fresh entry reads the memory level once and the clock once, and allocates nothing.</li>
 *   <li>At most one factory runs per key at a time on a node (a lock timeout aside); the last explicit write wins over
 *       any factory run that was under way when it happened.</li>
 *   <li>A write goes to L1, then L2, then (once L2 took it) the backplane; a read of L2 keeps L2's expiration. A
 *       message older than the local entry is ignored, and a node ignores its own.</li>
 *   <li>Tags and clear are passive: a removal or a clear writes one time, and reads hide the entries written at or
 *       before it. An entry without tags, written after the last clear, costs two field reads more on a hit; a tagged
 *       one one L1 lookup per tag (its time is read from L2 once, then kept). Entries written after a barrier this
 *       node knows of get later timestamps, even in the same millisecond.</li>
 *   <li>Background work runs on a bounded executor; refused work runs inline where a caller waits for it anyway, and
 *       is dropped, logged and counted where nobody does (eager refresh).</li>
 *   <li>This package imports the public API and {@code io.hybridcache.spi}, never {@code redis}, {@code kryo} or
 *       {@code jcache}.</li>
 * </ul>
 *
 * <p>{@link io.hybridcache.engine.HybridCacheEngine#builder(String)} is public so HybridCache can be used embedded,
 * without JCache; {@link io.hybridcache.engine.EntryAccess}, {@link io.hybridcache.engine.CacheEntry} and
 * {@link io.hybridcache.engine.ReadAhead} are public for the JCache layer (atomic per-key changes, and the bulk reads
 * before them); everything else here may change without notice.
 */
package io.hybridcache.engine;

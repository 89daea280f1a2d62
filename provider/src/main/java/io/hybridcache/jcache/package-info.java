/**
 * The JSR-107 (JCache 1.1.1) provider: {@link io.hybridcache.jcache.HybridCachingProvider}, its
 * {@link io.hybridcache.jcache.HybridCacheManager} (one per URI and class loader; one manager is one node) and the
 * {@link io.hybridcache.jcache.HybridJCache} caches, built on {@link io.hybridcache.engine.HybridCacheEngine}.
 *
 * <h2>Contracts</h2>
 * <ul>
 *   <li>The JSR's semantics hold in full (the TCK 1.1.1 passes): expiry policies, read-through, write-through, entry
 *       processors, listeners, statistics and management MXBeans, store-by-value and store-by-reference.</li>
 *   <li>Each operation is one atomic change of its key's entry; the writer, the expiry policy and the entry processor
 *       run under the key's lock, listeners run after the change (synchronous ones before the call returns).</li>
 *   <li>Read-through runs the {@code CacheLoader} as the factory of the engine's {@code getOrSet}: one load per key and
 *       node at a time, and with fail-safe on in the cache's entry options a failing loader is answered with the last
 *       value. A read-through {@code getAll} and {@code loadAll} run it through {@code getOrSetAll}: one
 *       {@code CacheLoader.loadAll} call for the keys missing. Every loader failure otherwise reaches the caller as a
 *       {@code CacheLoaderException}.</li>
 *   <li>Bulk operations cost one distributed read batch and one write batch, not a round trip per key; the writes of
 *       {@code invokeAll} stay one compare-and-set per key that changes.</li>
 *   <li>The JSR's default {@code EternalExpiryPolicy} stands for "not configured": entries then live for the cache's
 *       configured duration (the configuration file's, 30 s by default), so caches created on the fly stay bounded. Any
 *       other policy, including an explicit eternal duration, is obeyed as written.</li>
 *   <li>Store-by-value copies keys and values with the {@link io.hybridcache.spi.ValueCopier} (Kryo); immutable JDK
 *       values are not copied.</li>
 *   <li>{@code unwrap(HybridCache.class)} reaches the extended API over the same entries. That API stores by reference
 *       and its writes fire no JCache listener, write-through or statistic.</li>
 *   <li>Bad input fails as the JSR says: {@code NullPointerException} for null keys and values,
 *       {@code ClassCastException} for keys or values outside the configured types, {@code IllegalStateException} on a
 *       closed cache or manager, {@code IllegalArgumentException} for a bad argument; messages name what to fix.</li>
 * </ul>
 */
package io.hybridcache.jcache;

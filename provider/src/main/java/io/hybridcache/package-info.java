/**
 * The public API of HybridCache: {@link io.hybridcache.HybridCache} (its operations on many keys at once declared by
 * {@link io.hybridcache.BulkOperations}), its {@link io.hybridcache.EntryOptions}, the
 * {@link io.hybridcache.Factory} / {@link io.hybridcache.AsyncFactory} that produce values and the
 * {@link io.hybridcache.FactoryContext} they adapt entries through, events and counters.
 *
 * <h2>Contracts</h2>
 * <ul>
 *   <li>Null keys and values are rejected with {@link java.lang.NullPointerException}; invalid option values with
 *       {@link java.lang.IllegalArgumentException} naming the option.</li>
 *   <li>Each entry has a logical expiration (after {@code duration}, reads miss) and a physical one (with fail-safe,
 *       {@code failSafeMaxDuration} after creation; the value lives on only as a fallback until then).</li>
 *   <li>At most one factory runs per key and node at a time; concurrent callers of the key share its outcome,
 *       failures included.</li>
 *   <li>An explicit write ({@code set}, {@code remove}, {@code expire}) made while a factory runs for the same key wins:
 *       the factory's value is returned to its callers but not cached.</li>
 *   <li>This package depends on nothing else in HybridCache.</li>
 * </ul>
 */
package io.hybridcache;

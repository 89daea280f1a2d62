package io.hybridcache;

import java.util.Map;
import java.util.Set;

/**
 * Produces the values of several keys in one call on a cache miss, for
 * {@link HybridCache#getOrSetAll(Set, BulkFactory)}.
 *
 * <p>It is called once per {@code getOrSetAll} call, with every key of the call that missed the memory level and the
 * distributed level and that no other caller of this node is loading already (those keys are followed, as a single
 * {@code getOrSet} follows); it is not called when no key is left.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface BulkFactory<K, V> {

  /**
   * Produces the values of {@code keys}.
   *
   * @param keys the keys to load, never empty, unmodifiable
   * @return the values of the keys it found; a key left out is not cached and is absent from the call's result, a
   *     key that was not asked for is ignored; must not be {@code null} nor hold a {@code null} value
   * @throws Exception any failure; with fail-safe on, each key with a fallback value is served that value, and the
   *     call throws this failure when a key has none
   */
  Map<K, V> create(Set<K> keys) throws Exception;
}

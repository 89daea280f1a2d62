package io.hybridcache;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Produces the values of several keys asynchronously on a cache miss, for
 * {@link HybridCache#getOrSetAllAsync(Set, AsyncBulkFactory)}. It has the same contract as {@link BulkFactory}; the
 * returned stage may complete on any thread, and no cache thread blocks while it is pending.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface AsyncBulkFactory<K, V> {

  /**
   * Starts producing the values of {@code keys}.
   *
   * @param keys the keys to load, never empty, unmodifiable
   * @return a stage completed with the values found (as {@link BulkFactory#create} returns them), or exceptionally
   *     with the failure
   */
  CompletionStage<Map<K, V>> create(Set<K> keys);
}

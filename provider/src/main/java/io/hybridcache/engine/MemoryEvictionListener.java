package io.hybridcache.engine;

/**
 * Told when the memory level drops an entry on its own: to stay within its size or weight bound, or because the entry
 * reached its physical expiration. Explicit removals and replacements are not reported. Runs synchronously on the
 * thread that caused the eviction, possibly inside another key's atomic operation: it must be quick and must not call
 * back into the cache.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface MemoryEvictionListener<K, V> {

  /**
   * An entry left the memory level.
   *
   * @param key the entry's key
   * @param entry the entry as it was
   * @param expired true when it reached its physical expiration, false when the size or weight bound evicted it
   */
  void onEvicted(K key, CacheEntry<V> entry, boolean expired);
}

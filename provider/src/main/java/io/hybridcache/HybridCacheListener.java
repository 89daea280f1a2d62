package io.hybridcache;

/**
 * Receives a cache's events; every method has an empty default, so implement only what you need.
 *
 * <p>Events are raised on the thread of the operation (or the background task) that caused them, after the cache
 * state they report is in place. Keep listeners fast: they run on the hit path. A listener that throws is logged,
 * counted in {@link HybridCacheStats#listenerErrors()}, and otherwise ignored.
 *
 * @param <K> the key type
 */
public interface HybridCacheListener<K> {

  /**
   * A read found a value; {@code stale} is true for a fallback value (expired, or served by fail-safe).
   *
   * @param key the key
   * @param stale true for a fallback value
   */
  default void onHit(K key, boolean stale) {}

  /**
   * A read found no usable value.
   *
   * @param key the key
   */
  default void onMiss(K key) {}

  /**
   * A value was written, by {@code set} or by a factory.
   *
   * @param key the key
   */
  default void onSet(K key) {}

  /**
   * A key was removed.
   *
   * @param key the key
   */
  default void onRemove(K key) {}

  /**
   * A key was expired logically (its value kept as a fallback).
   *
   * @param key the key
   */
  default void onExpire(K key) {}

  /**
   * A fallback value was returned because the factory failed or timed out.
   *
   * @param key the key
   */
  default void onFailSafeActivated(K key) {}

  /**
   * A factory failed.
   *
   * @param key the key
   * @param error what the factory threw
   */
  default void onFactoryError(K key, Throwable error) {}

  /**
   * A factory was abandoned by its soft or hard timeout.
   *
   * @param key the key
   */
  default void onFactoryTimeout(K key) {}

  /**
   * A hit past the eager-refresh threshold started a background refresh.
   *
   * @param key the key
   */
  default void onEagerRefresh(K key) {}

  /**
   * A factory running in the background (after a timeout, or an eager refresh) completed and updated the cache.
   *
   * @param key the key
   */
  default void onBackgroundFactorySuccess(K key) {}

  /**
   * A factory running in the background (after a timeout, or an eager refresh) failed.
   *
   * @param key the key
   * @param error what the factory threw
   */
  default void onBackgroundFactoryError(K key, Throwable error) {}
}

package io.hybridcache;

/**
 * Produces the value of a key on a cache miss, for {@link HybridCache#getOrSet(Object, Factory)}.
 *
 * <p>The cache runs at most one factory per key at a time on a node (stampede protection): every concurrent caller of
 * the same key receives the outcome of that one run. A factory may change the options and tags of the entry it produces
 * through its {@link FactoryContext} (adaptive caching), answer a conditional refresh with
 * {@link FactoryContext#notModified()}, or report a failure without throwing with {@link FactoryContext#fail(String)}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface Factory<K, V> {

  /**
   * Produces the value for {@code context.key()}.
   *
   * @param context the key, the fallback value if any, and the means to adapt the entry
   * @return the value to cache and return; must not be {@code null}
   * @throws Exception any failure; with fail-safe on and a fallback value present, the fallback is returned instead
   */
  V create(FactoryContext<K, V> context) throws Exception;
}

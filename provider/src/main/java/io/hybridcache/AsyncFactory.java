package io.hybridcache;

import java.util.concurrent.CompletionStage;

/**
 * Produces the value of a key asynchronously on a cache miss, for
 * {@link HybridCache#getOrSetAsync(Object, AsyncFactory)}. It has the same contract as {@link Factory}; the returned
 * stage may complete on any thread, and no cache thread blocks while it is pending.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface AsyncFactory<K, V> {

  /**
   * Starts producing the value for {@code context.key()}.
   *
   * @param context the key, the fallback value if any, and the means to adapt the entry
   * @return a stage completed with the (non-null) value, or exceptionally with the failure
   */
  CompletionStage<V> create(FactoryContext<K, V> context);

  /**
   * Adapts a synchronous factory; it runs on the thread that calls {@code create}.
   *
   * @param <K> the key type
   * @param <V> the value type
   * @param factory makes the value on a miss
   * @return an asynchronous factory completing with what {@code factory} returns or throws
   */
  static <K, V> AsyncFactory<K, V> of(Factory<K, V> factory) {
    java.util.Objects.requireNonNull(factory, "factory must not be null");
    return context -> {
      try {
        return java.util.concurrent.CompletableFuture.completedFuture(factory.create(context));
      } catch (Exception e) {
        return java.util.concurrent.CompletableFuture.failedFuture(e);
      }
    };
  }
}

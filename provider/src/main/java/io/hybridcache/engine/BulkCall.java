package io.hybridcache.engine;

import io.hybridcache.AsyncBulkFactory;
import io.hybridcache.BulkFactory;
import io.hybridcache.spi.SynchronousCallers;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A bulk factory, synchronous or asynchronous, behind one way of starting it. */
@FunctionalInterface
interface BulkCall<K, V> {
  /**
   * Starts the factory on {@code keys}, a synchronous one on the background executor when {@code offload} (a timeout
   * applies; inline when the executor refuses it); a throw is the returned future's failure.
   */
  CompletableFuture<Map<K, V>> start(Set<K> keys, BackgroundTasks background, boolean offload);

  static <K, V> BulkCall<K, V> sync(BulkFactory<K, V> factory) {
    Objects.requireNonNull(factory, "factory must not be null");
    return (keys, background, offload) -> {
      CompletableFuture<Map<K, V>> result = new CompletableFuture<>();
      Runnable task = () -> {
        try {
          result.complete(factory.create(keys));
        } catch (Throwable t) {
          result.completeExceptionally(t);
        }
      };
      if (!offload || !background.tryExecute(task)) {
        SynchronousCallers.withoutWaiting(task); // the user's code: what it starts is not completed on our wait
      }
      return result;
    };
  }

  static <K, V> BulkCall<K, V> async(AsyncBulkFactory<K, V> factory) {
    Objects.requireNonNull(factory, "factory must not be null");
    return (keys, background, offload) -> {
      CompletableFuture<Map<K, V>> result = new CompletableFuture<>();
      try {
        CompletionStage<Map<K, V>> stage = Objects.requireNonNull(factory.create(keys),
            "the async bulk factory returned a null stage");
        stage.whenComplete((map, t) -> {
          if (t != null) {
            result.completeExceptionally(t);
          } else {
            result.complete(map);
          }
        });
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
      return result;
    };
  }
}

package io.hybridcache.redis;

import io.hybridcache.spi.SynchronousCallers;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Moves the completion of Redisson's futures off Redisson's I/O threads. Redisson completes them on its Netty event
 * loop; what the engine chains on a level's future (a factory, a JCache loader, a blocking call on another cache) must
 * never run there, or it would stall every connection of the client, or deadlock waiting on it. A future a caller
 * waits for synchronously is completed on that caller's thread; any other on the callback executor.
 */
final class Callbacks {
  private final Executor executor;

  Callbacks(Executor executor) {
    this.executor = executor;
  }

  /**
   * A future completed like {@code stage}, which the calling thread just started: on that thread, when the engine is
   * about to wait for it there ({@link SynchronousCallers}), else on the callback executor; on the completing thread
   * itself when that executor no longer takes work (the connection is closing).
   */
  <T> CompletableFuture<T> of(CompletionStage<T> stage) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Executor target = SynchronousCallers.executorFor(executor);
    stage.whenComplete((value, error) -> {
      Runnable complete = () -> {
        if (error != null) {
          result.completeExceptionally(error);
        } else {
          result.complete(value);
        }
      };
      try {
        target.execute(complete);
      } catch (RejectedExecutionException closing) {
        complete.run();
      }
    });
    return result;
  }

  /**
   * Runs {@code blocking} (a blocking Redisson call) on the callback executor and completes the future with its result
   * or its exception; fails the future at once when that executor no longer takes work.
   */
  <T> CompletableFuture<T> supply(Supplier<T> blocking) {
    try {
      return CompletableFuture.supplyAsync(blocking, executor);
    } catch (RejectedExecutionException closing) {
      return CompletableFuture.failedFuture(new IllegalStateException("the Redis connection is closed", closing));
    }
  }
}

package io.hybridcache.engine;

import io.hybridcache.AsyncFactory;
import io.hybridcache.Factory;
import io.hybridcache.spi.SynchronousCallers;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A user's factory, synchronous or asynchronous, behind one way of starting it. A run that may be abandoned (a timeout
 * applies, or it is a background refresh) is offloaded to the background executor so the caller can stop waiting; if
 * the executor refuses it, it runs inline on the caller's thread (slower, never lost).
 */
abstract class FactoryCall<K, V> {

  abstract RunningFactory<V> start(EngineFactoryContext<K, V> context, BackgroundTasks background, boolean offload);

  static <K, V> FactoryCall<K, V> sync(Factory<K, V> factory) {
    Objects.requireNonNull(factory, "factory must not be null");
    return new FactoryCall<>() {
      @Override
      RunningFactory<V> start(EngineFactoryContext<K, V> context, BackgroundTasks background, boolean offload) {
        RunningFactory<V> run = new RunningFactory<>(new CompletableFuture<>());
        Runnable task = () -> {
          if (!run.enter()) {
            return;
          }
          try {
            run.result.complete(checked(context, factory.create(context)));
          } catch (Throwable t) {
            run.result.completeExceptionally(t);
          } finally {
            run.exit();
          }
        };
        if (!offload || !background.tryExecute(task)) {
          SynchronousCallers.withoutWaiting(task); // the user's code: what it starts is not completed on our wait
        }
        return run;
      }
    };
  }

  static <K, V> FactoryCall<K, V> async(AsyncFactory<K, V> factory) {
    Objects.requireNonNull(factory, "factory must not be null");
    return new FactoryCall<>() {
      @Override
      RunningFactory<V> start(EngineFactoryContext<K, V> context, BackgroundTasks background, boolean offload) {
        RunningFactory<V> run = new RunningFactory<>(new CompletableFuture<>());
        Runnable task = () -> {
          try {
            CompletionStage<V> stage = Objects.requireNonNull(factory.create(context),
                "the async factory returned a null stage");
            stage.whenComplete((v, t) -> {
              if (t != null) {
                run.result.completeExceptionally(t);
              } else {
                try {
                  run.result.complete(checked(context, v));
                } catch (Throwable npe) {
                  run.result.completeExceptionally(npe);
                }
              }
            });
            run.result.whenComplete((v, t) -> {
              if (run.result.isCancelled()) {
                stage.toCompletableFuture().cancel(true);
              }
            });
          } catch (Throwable t) {
            run.result.completeExceptionally(t);
          }
        };
        if (!offload || !background.tryExecute(task)) {
          SynchronousCallers.withoutWaiting(task); // the user's code: what it starts is not completed on our wait
        }
        return run;
      }
    };
  }

  private static <K, V> V checked(EngineFactoryContext<K, V> context, V value) {
    if (value == null && context.failure() == null) {
      throw new NullPointerException("the factory for key '" + context.key()
          + "' returned null; a cache cannot store null: return a value, or call context.fail(reason)");
    }
    return value;
  }
}

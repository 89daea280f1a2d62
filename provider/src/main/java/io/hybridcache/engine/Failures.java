package io.hybridcache.engine;

import io.hybridcache.DistributedCacheException;
import io.hybridcache.FactoryFailedException;
import io.hybridcache.HybridCacheException;
import io.hybridcache.spi.SynchronousCallers;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/** Turns the failures that cross futures into what a caller should see. */
final class Failures {
  private Failures() {}

  /** The failure inside {@code CompletionException} / {@code ExecutionException} wrappers. */
  static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof CompletionException || cur instanceof ExecutionException) && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }

  /** {@code t} itself if unchecked, else a {@link FactoryFailedException} naming the key and wrapping it. */
  static RuntimeException unchecked(Throwable t, Object key, String cacheName) {
    Throwable cause = unwrap(t);
    if (cause instanceof RuntimeException) {
      return (RuntimeException) cause;
    }
    if (cause instanceof Error) {
      throw (Error) cause;
    }
    return new FactoryFailedException("the factory for key '" + key + "' of cache '" + cacheName + "' threw "
        + cause.getClass().getName() + ": " + cause.getMessage(), cause);
  }

  /**
   * The failure of cache {@code cacheName}'s distributed level to do {@code what} (to the entry under {@code levelKey}
   * when not null), with {@code error} unwrapped as its cause.
   */
  static DistributedCacheException distributed(String cacheName, String what, String levelKey, Throwable error) {
    Throwable cause = unwrap(error);
    return new DistributedCacheException("cache '" + cacheName + "': the distributed level failed to " + what
        + (levelKey == null ? "" : " '" + levelKey + "'") + ": " + cause, cause);
  }

  /**
   * Starts an operation with {@code start}, waits for its future and returns its value, rethrowing its failure
   * unwrapped. The completions of the distributed operations {@code start} begins run on this thread while it waits
   * ({@link SynchronousCallers}): one thread hand-off per round trip.
   */
  static <T> T await(Supplier<CompletableFuture<T>> start, Object key, String cacheName) {
    try {
      return SynchronousCallers.await(start);
    } catch (ExecutionException e) {
      throw unchecked(e.getCause(), key, cacheName);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HybridCacheException("interrupted while waiting for key '" + key + "' of cache '" + cacheName + "'", e);
    }
  }
}

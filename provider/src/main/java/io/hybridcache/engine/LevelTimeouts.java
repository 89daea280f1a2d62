package io.hybridcache.engine;

import io.hybridcache.DistributedCacheException;
import io.hybridcache.EntryOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The timeouts of one cache's operations on the distributed level, on the engine's timer: past
 * {@code distributedCacheHardTimeout} an operation counts as failed (logged, counted in {@code distributedErrors}) and
 * its caller gets null, or a {@link DistributedCacheException} naming the timeout when it asked to re-throw; past a
 * shorter timeout with a value to fall back on, the caller gets that value. The operation goes on in the background
 * either way. Work the timer starts runs on the background executor (inline when it refuses), never on the timer
 * thread, so callers' continuations do not run there.
 */
final class LevelTimeouts {
  private final String cacheName;
  private final TimeSource time;
  private final BackgroundTasks background;
  private final CacheEvents<?> events;

  LevelTimeouts(String cacheName, TimeSource time, BackgroundTasks background, CacheEvents<?> events) {
    this.cacheName = cacheName;
    this.time = time;
    this.background = background;
    this.events = events;
  }

  /**
   * {@code operation}, failed with a {@link DistributedCacheException} naming the timeout (logged and counted) when
   * {@code distributedCacheHardTimeout} passes first: for the operations that have no value to fall back on (the
   * conditional writes), where a soft timeout does not apply. The operation goes on in the background.
   */
  <T> CompletableFuture<T> withinHardTimeout(CompletableFuture<T> operation, String what, EntryOptions options) {
    Duration hard = options.distributedCacheHardTimeout().orElse(null);
    if (hard == null) {
      return operation;
    }
    return within(operation, hard, () -> timedOut(what, hard, true), null);
  }

  /**
   * The outcome of {@code operation} if it completes within {@code timeout}, else {@code onTimeout}'s (its exception
   * fails the future); the operation goes on either way, and {@code ended} (if not null) receives its result when it
   * completes (null for a failure) with whether the timeout came first. The timer is the engine's; the caller's
   * continuations run off it.
   */
  <T> CompletableFuture<T> within(CompletableFuture<T> operation, Duration timeout, Supplier<T> onTimeout,
      BiConsumer<T, Boolean> ended) {
    CompletableFuture<T> result = new CompletableFuture<>();
    AtomicBoolean decided = new AtomicBoolean();
    TimeSource.Cancellable timer = time.schedule(() -> handOff(() -> {
      if (!decided.compareAndSet(false, true)) {
        return;
      }
      try {
        result.complete(onTimeout.get());
      } catch (Throwable t) {
        result.completeExceptionally(Failures.unwrap(t));
      }
      if (ended != null) {
        operation.whenComplete((value, error) -> ended.accept(error == null ? value : null, true));
      }
    }), TimeMath.nanos(timeout));
    operation.whenComplete((value, error) -> {
      if (!decided.compareAndSet(false, true)) {
        return;
      }
      timer.cancel();
      if (ended != null) {
        ended.accept(error == null ? value : null, false);
      }
      if (error != null) {
        result.completeExceptionally(Failures.unwrap(error));
      } else {
        result.complete(value);
      }
    });
    return result;
  }

  /**
   * A hard timeout passed: logged and counted as a failure of {@code what}; null for the caller, or, with
   * {@code reThrow}, a {@link DistributedCacheException} naming the timeout.
   */
  <T> T timedOut(String what, Duration timeout, boolean reThrow) {
    TimeoutException error = new TimeoutException("timed out after " + timeout
        + " (distributedCacheHardTimeout); the operation goes on in the background");
    events.distributedError(what, error);
    if (reThrow) {
      throw Failures.distributed(cacheName, what, null, error);
    }
    return null;
  }

  /** Runs timer work off the timer thread, so callers' continuations never run on it. */
  void handOff(Runnable work) {
    if (!background.tryExecute(work)) {
      work.run();
    }
  }
}

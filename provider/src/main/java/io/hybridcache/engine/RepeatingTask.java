package io.hybridcache.engine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a round of background work every interval, on the engine's clock: each round starts on the background executor
 * one interval after the previous one ended (rounds never overlap, and a slow one delays the next instead of piling
 * up). A round that throws or fails is logged at debug; the next one runs all the same. {@link #close()} stops it.
 */
final class RepeatingTask implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RepeatingTask.class);

  private final String what;
  private final TimeSource time;
  private final BackgroundTasks background;
  private final long intervalNanos;
  private final Supplier<CompletableFuture<?>> round;
  private TimeSource.Cancellable next;
  private boolean closed;

  /**
   * Schedules the first round one {@code interval} from now.
   *
   * @param what what a round does, for the logs
   * @param interval positive
   */
  RepeatingTask(String what, TimeSource time, BackgroundTasks background, Duration interval,
      Supplier<CompletableFuture<?>> round) {
    this.what = what;
    this.time = time;
    this.background = background;
    this.intervalNanos = TimeMath.nanos(interval);
    this.round = round;
    scheduleNext();
  }

  private synchronized void scheduleNext() {
    if (!closed) {
      next = time.schedule(this::due, intervalNanos);
    }
  }

  private void due() {
    if (!background.tryExecute(this::run)) {
      scheduleNext(); // the executor is full or closing: try again one interval later
    }
  }

  private void run() {
    CompletableFuture<?> done;
    try {
      done = round.get();
    } catch (RuntimeException e) {
      done = CompletableFuture.failedFuture(e);
    }
    done.whenComplete((ignored, error) -> {
      if (error != null) {
        LOG.debug("{} failed; trying again in {} ms", what, intervalNanos / 1_000_000, error);
      }
      scheduleNext();
    });
  }

  /** Calls off the next round; a round under way ends without scheduling another. */
  @Override
  public synchronized void close() {
    closed = true;
    if (next != null) {
      next.cancel();
    }
  }
}

package io.hybridcache.engine;

import io.hybridcache.HybridCacheException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The waits of one atomic change between attempts that lost a compare-and-set to another writer: exponential backoff
 * with full jitter (a random wait between zero and a cap that starts at {@value #FIRST_CAP_MICROS} µs and doubles up to
 * {@value #MAX_CAP_MILLIS} ms), so writers that collided spread out instead of colliding again, and within a time bound
 * counted from the first lost attempt on the engine's {@link TimeSource} (tests move it by hand). The waits themselves
 * are real parks of the calling thread: they are short, and a fake clock nobody advances must not hold them forever.
 */
final class ConflictBackoff {
  /** The bound when the cache's entry options set no {@code distributedCacheHardTimeout}. */
  static final Duration DEFAULT_BOUND = Duration.ofSeconds(10);
  static final long FIRST_CAP_MICROS = 500;
  static final long MAX_CAP_MILLIS = 100;

  private final TimeSource time;
  private final Duration bound;
  private final long deadline;
  private long capNanos = FIRST_CAP_MICROS * 1_000L;

  ConflictBackoff(TimeSource time, Duration bound) {
    this.time = time;
    this.bound = bound;
    this.deadline = TimeMath.plus(time.nanoTime(), TimeMath.nanos(bound));
  }

  /** The time bound of the attempts. */
  Duration bound() {
    return bound;
  }

  /**
   * Waits before the next attempt and returns true, or returns false at once when the bound has passed (no attempt
   * may start then). A wait never ends past the bound.
   */
  boolean awaitNextAttempt() {
    long left = deadline - time.nanoTime();
    if (left <= 0) {
      return false;
    }
    long wait = Math.min(left, ThreadLocalRandom.current().nextLong(capNanos + 1));
    capNanos = Math.min(capNanos * 2, MAX_CAP_MILLIS * 1_000_000L);
    if (wait > 0) {
      sleep(wait);
    }
    return true;
  }

  private static void sleep(long nanos) {
    LockSupport.parkNanos(nanos); // an early wake-up only shortens a random wait
    if (Thread.currentThread().isInterrupted()) {
      throw new HybridCacheException("interrupted while waiting to retry an atomic change", null);
    }
  }
}

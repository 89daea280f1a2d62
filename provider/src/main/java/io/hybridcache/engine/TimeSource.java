package io.hybridcache.engine;

/**
 * The one source of time of an engine: wall-clock milliseconds for entry timestamps and expirations, a monotonic
 * nanosecond ticker for the memory level, and a scheduler for timeouts. Tests inject a fake that they advance by hand,
 * so no engine test sleeps.
 */
public interface TimeSource {

  /**
   * Wall-clock time in epoch milliseconds.
   *
   * @return wall-clock time in epoch milliseconds
   */
  long wallMillis();

  /**
   * Wall-clock time in epoch milliseconds for the checks of the hit path (is this entry still fresh?), where a
   * reading about a millisecond old is good enough and a real clock read would cost more than the hit. It must never
   * be behind a {@link #wallMillis()} reading returned before it, so that an expiration set to "now" is past at once.
   * The default reads {@link #wallMillis()}; the system source reads a field that a ticker thread keeps current.
   *
   * @return wall-clock time in epoch milliseconds for the checks of the hit path
   */
  default long recentWallMillis() {
    return wallMillis();
  }

  /** {@return a monotonic reading in nanoseconds, for the memory level's expiry} */
  long nanoTime();

  /**
   * Runs {@code task} once, {@code delayNanos} from now, on a timer thread (or, for a fake, on the thread that advances
   * the time). The task must be short.
   *
   * @param task what to run; short
   * @param delayNanos how long from now, in nanoseconds
   * @return a handle that cancels the task if it has not run yet
   */
  Cancellable schedule(Runnable task, long delayNanos);

  /** {@return the system clock, with a shared daemon timer thread} */
  static TimeSource system() {
    return SystemTimeSource.INSTANCE;
  }

  /** A scheduled task that can be called off. */
  @FunctionalInterface
  interface Cancellable {
    /** Cancels the task if it has not started; does nothing otherwise. */
    void cancel();
  }
}

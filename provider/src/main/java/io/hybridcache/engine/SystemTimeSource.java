package io.hybridcache.engine;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The system clock. Hit-path checks read a {@link TickingWallClock}, kept ticking while an engine is open. Timeouts
 * fire on one shared daemon thread, whose tasks only hand work over; it exits after a second without scheduled work.
 * So nothing outlives the caches that used them (a redeployed application unloads).
 */
final class SystemTimeSource implements TimeSource {
  static final SystemTimeSource INSTANCE = new SystemTimeSource();

  private final ScheduledThreadPoolExecutor timer;
  private final TickingWallClock clock = new TickingWallClock();

  private SystemTimeSource() {
    timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "hybridcache-timer");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
    timer.setKeepAliveTime(1, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
  }

  @Override
  public long wallMillis() {
    return clock.exact();
  }

  /** At most about a millisecond behind the clock while an engine uses it (see {@link TickingWallClock}). */
  @Override
  public long recentWallMillis() {
    return clock.recent();
  }

  /** Keeps the hit-path clock ticking if {@code source} is the system one (an engine opening); see {@link #release}. */
  static void retain(TimeSource source) {
    if (source == INSTANCE) {
      INSTANCE.clock.retain();
    }
  }

  /** Undoes one {@link #retain}: the last release stops the ticker, and hit-path readings become exact. */
  static void release(TimeSource source) {
    if (source == INSTANCE) {
      INSTANCE.clock.release();
    }
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Cancellable schedule(Runnable task, long delayNanos) {
    ScheduledFuture<?> future = timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }
}

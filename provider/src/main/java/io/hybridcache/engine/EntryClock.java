package io.hybridcache.engine;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timestamps of the entries one cache writes: the engine clock's wall time, but always later than every tag
 * removal and clear this node made or heard of, and never earlier than a timestamp it gave before. Barriers hide the
 * entries written at or before their time, and timestamps are milliseconds, so without the first an entry written
 * right after a clear, in the same millisecond, would be hidden by it. Without the second, a system clock set back
 * would stamp this node's new writes before its previous ones, and L1 and L2, which keep the later of two entries,
 * would keep the previous ones: after the clock is set back, entries are stamped with the last time given until the
 * clock catches up (ordered among themselves by {@link CacheEntry#order}), and their durations count from it.
 */
final class EntryClock {
  private static final Logger LOG = LoggerFactory.getLogger(EntryClock.class);
  /** How far the clock may go back before it is logged. */
  private static final long LOGGED_STEP_MILLIS = 1_000;

  private final TimeSource time;
  /** The earliest timestamp a new entry may have: one past the newest barrier known, or the last timestamp given. */
  private final AtomicLong floor = new AtomicLong(Long.MIN_VALUE);
  private final AtomicBoolean holding = new AtomicBoolean();

  EntryClock(TimeSource time) {
    this.time = time;
  }

  /** The timestamp of an entry written now. */
  long stamp() {
    return stamp(time.wallMillis());
  }

  /** The timestamp of an entry written at {@code now}: {@code now}, or later when a barrier or an earlier stamp is. */
  long stamp(long now) {
    long min = floor.get();
    if (now > min) {
      floor.accumulateAndGet(now, Math::max); // at most once per millisecond: later stamps of it see now == min
      holding.set(false);
      return now;
    }
    if (min != Long.MAX_VALUE && min - now > LOGGED_STEP_MILLIS && holding.compareAndSet(false, true)) {
      LOG.warn("the clock is {} ms behind the last entry time given (set back, or a barrier of a node ahead); entries "
          + "are stamped with that time until it catches up", min - now);
    }
    return min;
  }

  /** Records a barrier at {@code barrier}: entries written from now on get later timestamps. */
  void observe(long barrier) {
    long next = barrier == Long.MAX_VALUE ? barrier : barrier + 1;
    floor.accumulateAndGet(next, Math::max);
  }
}

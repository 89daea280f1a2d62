package io.hybridcache.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The timestamps of the entries one cache writes: the engine clock's wall time, but always later than every tag
 * removal and clear this node made or heard of. Barriers hide the entries written at or before their time, and
 * timestamps are milliseconds, so without this an entry written right after a clear, in the same millisecond, would
 * be hidden by it.
 */
final class EntryClock {
  private final TimeSource time;
  /** The earliest timestamp a new entry may have: one past the newest barrier known. */
  private final AtomicLong floor = new AtomicLong(Long.MIN_VALUE);

  EntryClock(TimeSource time) {
    this.time = time;
  }

  /** The timestamp of an entry written now. */
  long stamp() {
    return stamp(time.wallMillis());
  }

  /** The timestamp of an entry written at {@code now}: {@code now}, or later when a barrier is at or after it. */
  long stamp(long now) {
    long min = floor.get();
    return now >= min ? now : min;
  }

  /** Records a barrier at {@code barrier}: entries written from now on get later timestamps. */
  void observe(long barrier) {
    long next = barrier == Long.MAX_VALUE ? barrier : barrier + 1;
    floor.accumulateAndGet(next, Math::max);
  }
}

package io.hybridcache.redis;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/** A level's time to live as the scripts take it: whole milliseconds in ASCII, {@code "0"} for none. */
final class TimeToLive {
  /** Longer than this is no expiry: Redis refuses an expiry instant beyond the range of a 64-bit millisecond clock. */
  static final long MAX_MILLIS = Long.MAX_VALUE / 4;
  private static final Duration FOREVER = ChronoUnit.FOREVER.getDuration();

  private TimeToLive() {}

  /**
   * The milliseconds of {@code timeToLive}, rounded up; 0 (no TTL) for {@link ChronoUnit#FOREVER} and for anything
   * longer than {@link #MAX_MILLIS}.
   *
   * @throws IllegalArgumentException if {@code timeToLive} is null, zero or negative (Redis refuses such an expiry)
   */
  static long millis(Duration timeToLive) {
    if (timeToLive == null || timeToLive.isNegative() || timeToLive.isZero()) {
      throw new IllegalArgumentException("the time to live must be positive (ChronoUnit.FOREVER for none), was "
          + timeToLive);
    }
    if (timeToLive.equals(FOREVER) || timeToLive.getSeconds() >= MAX_MILLIS / 1000) {
      return 0;
    }
    long millis = timeToLive.toMillis();
    return Duration.ofMillis(millis).equals(timeToLive) ? millis : millis + 1;
  }

  /** {@link #millis} in ASCII decimal, as a script argument. */
  static byte[] argument(Duration timeToLive) {
    return Long.toString(millis(timeToLive)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}

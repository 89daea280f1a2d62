package io.hybridcache.engine;

import java.time.Duration;

/**
 * Saturating time arithmetic: very long durations ("forever") clamp to {@link Long#MAX_VALUE} instead of overflowing.
 * Public for the JCache layer, which computes expirations on the same terms.
 */
public final class TimeMath {
  private TimeMath() {}

  /**
   * {@code d} in milliseconds, or {@link Long#MAX_VALUE} when it does not fit.
   *
   * @param d the duration
   * @return {@code d} in milliseconds, or {@link Long#MAX_VALUE} when it does not fit
   */
  public static long millis(Duration d) {
    try {
      return d.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  static long nanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * {@code a + b}, or {@link Long#MAX_VALUE} when the sum overflows.
   *
   * @param a the first term
   * @param b the second term
   * @return {@code a + b}, or {@link Long#MAX_VALUE} when the sum overflows
   */
  public static long plus(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }

  static long millisToNanos(long millis) {
    if (millis >= Long.MAX_VALUE / 1_000_000L) {
      return Long.MAX_VALUE;
    }
    return millis <= 0 ? 0 : millis * 1_000_000L;
  }
}

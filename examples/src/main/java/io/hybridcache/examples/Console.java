package io.hybridcache.examples;

/** Prints the demo: scene titles, indented lines, and durations. */
final class Console {
  private Console() {}

  static void title(int number, String name) {
    System.out.printf("%n== %d. %s ==%n", number, name);
  }

  static void line(String format, Object... args) {
    System.out.println("   " + String.format(format, args));
  }

  /** Milliseconds elapsed since {@code startNanos} (a {@link System#nanoTime()} reading). */
  static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** Formats a duration in nanoseconds as milliseconds, with decimals when it is short. */
  static String ms(long nanos) {
    double millis = nanos / 1e6;
    return millis < 10 ? String.format("%.2f ms", millis) : String.format("%d ms", Math.round(millis));
  }
}

package io.hybridcache.examples;

import io.hybridcache.HybridCacheStats;

/** Prints the demo: scene titles, indented lines, durations and counter deltas. */
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

  /** The counters that grew between two snapshots of {@code cache.stats()}. */
  static HybridCacheStats delta(HybridCacheStats before, HybridCacheStats after) {
    return new HybridCacheStats(
        after.hits() - before.hits(),
        after.staleHits() - before.staleHits(),
        after.misses() - before.misses(),
        after.sets() - before.sets(),
        after.removes() - before.removes(),
        after.expires() - before.expires(),
        after.factoryRuns() - before.factoryRuns(),
        after.factoryErrors() - before.factoryErrors(),
        after.factoryTimeouts() - before.factoryTimeouts(),
        after.failSafeActivations() - before.failSafeActivations(),
        after.eagerRefreshes() - before.eagerRefreshes(),
        after.backgroundFactorySuccesses() - before.backgroundFactorySuccesses(),
        after.backgroundFactoryErrors() - before.backgroundFactoryErrors(),
        after.droppedBackgroundTasks() - before.droppedBackgroundTasks(),
        after.listenerErrors() - before.listenerErrors());
  }
}

package io.hybridcache.examples;

import io.hybridcache.engine.HybridCacheEngine;

/**
 * A tour of HybridCache embedded, without JCache: one cache, four scenes (stampede protection, fail-safe, soft timeout,
 * eager refresh), each against a {@link FakeDatabase} that sleeps in real time, with timings and counters printed.
 *
 * <p>Run it from the repository root with {@code ./mvnw -q -Pdemo -pl examples -am process-classes}; it takes a few
 * seconds.
 */
public final class Demo {
  private Demo() {}

  /**
   * Runs the four scenes and prints a one-line summary.
   *
   * @param args ignored
   * @throws Exception if a scene fails unexpectedly
   */
  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    String[] results;
    try (HybridCacheEngine<String, String> cache = HybridCacheEngine.<String, String>builder("demo").build()) {
      results = new String[] {
          StampedeScene.run(cache),
          FailSafeScene.run(cache),
          SoftTimeoutScene.run(cache),
          EagerRefreshScene.run(cache),
      };
    }
    System.out.printf("%nSummary: %s; all in %.1f s.%n", String.join("; ", results),
        Console.millisSince(start) / 1000.0);
  }
}

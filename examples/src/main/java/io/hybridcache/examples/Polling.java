package io.hybridcache.examples;

import io.hybridcache.HybridCache;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Waits, in bounded loops, for something the demo started elsewhere (a refresh, another node) to show. */
final class Polling {
  private static final Duration PAUSE = Duration.ofMillis(20);

  private Polling() {}

  /**
   * Polls {@code tryGet(key)} until it returns something other than {@code oldValue}, for at most {@code limit}.
   *
   * @return the new value, or empty if it did not show up in time
   */
  static Optional<String> awaitChange(HybridCache<String, String> cache, String key, String oldValue,
      Duration limit) throws InterruptedException {
    boolean changed = awaitTrue(() -> cache.tryGet(key).filter(v -> !v.equals(oldValue)).isPresent(), limit, PAUSE);
    return changed ? cache.tryGet(key) : Optional.empty();
  }

  /** Polls {@code condition} every {@code pause} until it holds, for at most {@code limit}; whether it held. */
  static boolean awaitTrue(BooleanSupplier condition, Duration limit, Duration pause) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(pause.toMillis());
    }
    return true;
  }
}

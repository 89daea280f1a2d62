package io.hybridcache.examples;

import io.hybridcache.HybridCache;
import java.time.Duration;
import java.util.Optional;

/** Waits, in a bounded loop, for a background refresh to become visible through {@code tryGet}. */
final class Polling {
  private static final long PAUSE_MILLIS = 20;

  private Polling() {}

  /**
   * Polls {@code tryGet(key)} until it returns something other than {@code oldValue}, for at most {@code limit}.
   *
   * @return the new value, or empty if it did not show up in time
   */
  static Optional<String> awaitChange(HybridCache<String, String> cache, String key, String oldValue,
      Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> now = cache.tryGet(key);
      if (now.isPresent() && !now.get().equals(oldValue)) {
        return now;
      }
      Thread.sleep(PAUSE_MILLIS);
    }
    return Optional.empty();
  }
}

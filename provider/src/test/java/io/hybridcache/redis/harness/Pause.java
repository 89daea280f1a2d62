package io.hybridcache.redis.harness;

import java.time.Duration;

/** The poll interval of the harness's wait loops. */
final class Pause {
  private Pause() {}

  /**
   * Sleeps for {@code duration}.
   *
   * @throws IllegalStateException when interrupted (the interrupt flag is set again)
   */
  static void of(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Redis", e);
    }
  }
}

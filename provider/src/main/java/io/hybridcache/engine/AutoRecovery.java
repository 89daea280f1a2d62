package io.hybridcache.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * How failed distributed operations are made again (see {@link ClusterNode.Builder#autoRecovery}).
 *
 * @param delay how long after a failure (and between two rounds) the queued operations are replayed; positive
 * @param maxItems how many operations one cache keeps queued at most (one per key); the oldest goes first
 * @param maxRetries how many times one operation is replayed before it is dropped
 */
public record AutoRecovery(Duration delay, int maxItems, int maxRetries) {

  /** Every 2 s, at most 10,000 operations per cache, retried until they succeed. */
  public static AutoRecovery defaults() {
    return new AutoRecovery(Duration.ofSeconds(2), 10_000, Integer.MAX_VALUE);
  }

  /** Checks every field. */
  public AutoRecovery {
    Objects.requireNonNull(delay, "delay must not be null");
    if (delay.isNegative() || delay.isZero()) {
      throw new IllegalArgumentException("the auto-recovery delay must be positive, was " + delay);
    }
    if (maxItems <= 0 || maxRetries <= 0) {
      throw new IllegalArgumentException("maxItems and maxRetries must be positive, were " + maxItems + " and "
          + maxRetries);
    }
  }
}

package io.hybridcache.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * How failed distributed operations are made again (see {@link ClusterNodeBuilder#autoRecovery}).
 *
 * @param delay how long after a failure (and between two rounds) the queued operations are replayed; positive
 * @param maxItems how many operations one cache keeps queued at most (one per key); the oldest goes first
 * @param maxRetries how many times one operation is replayed before it is dropped
 * @param reconnectBarrier how long after the backplane subscription is back the queued operations are replayed (the
 *     round due then is moved there): long enough for the other nodes, which lost it too, to be listening again; zero
 *     or positive
 */
public record AutoRecovery(Duration delay, int maxItems, int maxRetries, Duration reconnectBarrier) {
  /** The reconnect barrier unless one is given: half a second, or the delay if shorter. */
  static final Duration DEFAULT_RECONNECT_BARRIER = Duration.ofMillis(500);

  /** {@return every 2 s, at most 10,000 operations per cache, retried until they succeed} 500 ms after a reconnect. */
  public static AutoRecovery defaults() {
    return new AutoRecovery(Duration.ofSeconds(2), 10_000, Integer.MAX_VALUE);
  }

  /**
   * With the default reconnect barrier: 500 ms, or {@code delay} if shorter.
   *
   * @param delay how long after a failure, and between rounds, the queued operations are replayed; positive
   * @param maxItems how many operations one cache keeps queued at most; positive
   * @param maxRetries how many times one operation is replayed before it is dropped; positive
   */
  public AutoRecovery(Duration delay, int maxItems, int maxRetries) {
    this(delay, maxItems, maxRetries, delay == null || delay.compareTo(DEFAULT_RECONNECT_BARRIER) > 0
        ? DEFAULT_RECONNECT_BARRIER : delay);
  }

  /**
   * Checks every field.
   *
   * @param delay how long after a failure, and between rounds, the queued operations are replayed; positive
   * @param maxItems how many operations one cache keeps queued at most; positive
   * @param maxRetries how many times one operation is replayed before it is dropped; positive
   * @param reconnectBarrier how long after the backplane is back the queued operations are replayed; zero or positive
   */
  public AutoRecovery {
    Objects.requireNonNull(delay, "delay must not be null");
    Objects.requireNonNull(reconnectBarrier, "reconnectBarrier must not be null");
    if (delay.isNegative() || delay.isZero()) {
      throw new IllegalArgumentException("the auto-recovery delay must be positive, was " + delay);
    }
    if (reconnectBarrier.isNegative()) {
      throw new IllegalArgumentException("the auto-recovery reconnectBarrier must be zero or positive, was "
          + reconnectBarrier);
    }
    if (maxItems <= 0 || maxRetries <= 0) {
      throw new IllegalArgumentException("maxItems and maxRetries must be positive, were " + maxItems + " and "
          + maxRetries);
    }
  }
}

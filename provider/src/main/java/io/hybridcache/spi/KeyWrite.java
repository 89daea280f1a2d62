package io.hybridcache.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * One write of a {@link DistributedLevel#trySetAll bulk write}: what {@link DistributedLevel#trySet} takes for one key.
 *
 * @param key the key
 * @param envelope the bytes to store
 * @param timeToLive how long the key lives
 * @param notification the backplane message to publish once this key was written, or {@code null} for none
 */
public record KeyWrite(String key, byte[] envelope, Duration timeToLive, BackplaneMessage notification) {
  /**
   * Checks that the key and the envelope are given.
   *
   * @param key the key
   * @param envelope the bytes to store
   * @param timeToLive how long the key lives
   * @param notification the backplane message to publish once this key was written, or {@code null} for none
   * @throws NullPointerException when {@code key} or {@code envelope} is null
   */
  public KeyWrite {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(envelope, "envelope");
  }
}

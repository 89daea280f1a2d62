package io.hybridcache.spi;

import java.util.Objects;

/**
 * One removal of a {@link DistributedLevel#tryRemoveAll bulk removal}: what {@link DistributedLevel#tryRemove} takes
 * for one key.
 *
 * @param key the key
 * @param removedAt when the removal was made (epoch millis); {@link Long#MAX_VALUE} removes whatever is held
 * @param notification the backplane message to publish once this key was removed, or {@code null} for none
 */
public record KeyRemoval(String key, long removedAt, BackplaneMessage notification) {
  /**
   * Checks that the key is given.
   *
   * @param key the key
   * @param removedAt when the removal was made (epoch millis)
   * @param notification the backplane message to publish once this key was removed, or {@code null} for none
   * @throws NullPointerException when {@code key} is null
   */
  public KeyRemoval {
    Objects.requireNonNull(key, "key");
  }
}

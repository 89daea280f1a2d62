package io.hybridcache.spi;

import java.util.Objects;

/**
 * What a {@link DistributedLevel#getAll bulk read} found under one of its keys: the envelope, nothing, or a value the
 * level refused to transfer because it is larger than the read's bound.
 *
 * @param envelope the bytes held, or null when the key holds nothing (or a value that was refused)
 * @param refused why the value was not transferred, or null when it was (or the key holds nothing)
 */
public record KeyRead(byte[] envelope, OversizedEntryException refused) {
  private static final KeyRead ABSENT = new KeyRead(null, null);

  /**
   * Checks that a read has no envelope when it was refused.
   *
   * @param envelope the envelope read, or null
   * @param refused why the value was not transferred, or null
   */
  public KeyRead {
    if (envelope != null && refused != null) {
      throw new IllegalArgumentException("a refused read has no envelope");
    }
  }

  /**
   * The read of {@code envelope}; of a key holding nothing when it is null.
   *
   * @param envelope the envelope, or null for an absent key
   * @return the read
   */
  public static KeyRead of(byte[] envelope) {
    return envelope == null ? ABSENT : new KeyRead(envelope, null);
  }

  /**
   * The read of a key whose value is larger than the bound, not transferred.
   *
   * @param refused the size the level reported
   * @return the read
   */
  public static KeyRead refused(OversizedEntryException refused) {
    return new KeyRead(null, Objects.requireNonNull(refused, "refused"));
  }
}

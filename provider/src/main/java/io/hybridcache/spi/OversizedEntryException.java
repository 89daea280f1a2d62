package io.hybridcache.spi;

/**
 * What a distributed level's {@link DistributedLevel#get(String, int) bounded read} completes with when the key holds
 * more bytes than the bound: the level found out without transferring them, and the engine counts the entry as bad
 * data (a miss), as it counts an entry it cannot decode.
 */
public class OversizedEntryException extends SerializationException {
  private static final long serialVersionUID = 1L;

  /** How many bytes the key holds. */
  private final long size;
  /** The bound of the read. */
  private final int maxBytes;

  /**
   * @param key the key read
   * @param size how many bytes the key holds
   * @param maxBytes the bound of the read
   */
  public OversizedEntryException(String key, long size, int maxBytes) {
    super("an entry of " + size + " bytes cannot be read: the maximum entry size is " + maxBytes
        + " bytes (maxEntrySize); the distributed level did not transfer it (key '" + key + "')", null);
    this.size = size;
    this.maxBytes = maxBytes;
  }

  /** {@return how many bytes the key holds} */
  public long size() {
    return size;
  }

  /** {@return the bound of the read} */
  public int maxBytes() {
    return maxBytes;
  }
}

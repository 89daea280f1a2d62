package io.hybridcache.spi;

import java.util.Arrays;

/**
 * What a distributed level's {@link DistributedLevel#get(String, int) bounded read} completes with when the key holds
 * more bytes than the bound: the level found out without transferring them, and the engine counts the entry as bad
 * data (a miss), as it counts an entry it cannot decode.
 *
 * <p>It may describe the value without holding it: its first {@value #HEAD_BYTES} bytes (the header the level orders
 * by) and its last {@value #TAIL_BYTES} (a signed envelope's MAC). With its size, that is what
 * {@link DistributedLevel#replaceOversized} compares to replace exactly the value seen, without transferring it.
 */
public class OversizedEntryException extends SerializationException {
  private static final long serialVersionUID = 1L;

  /** How many bytes the key holds. */
  private final long size;
  /** The bound of the read. */
  private final int maxBytes;
  /** The value's first bytes, or null when the level did not give them. */
  private final byte[] head;
  /** The value's last bytes, or null when the level did not give them. */
  private final byte[] tail;

  /** How many of a value's first bytes describe it: an entry's header. */
  public static final int HEAD_BYTES = 20;
  /** How many of a value's last bytes describe it: a signed envelope's MAC. */
  public static final int TAIL_BYTES = 32;

  /**
   * @param key the key read
   * @param size how many bytes the key holds
   * @param maxBytes the bound of the read
   */
  public OversizedEntryException(String key, long size, int maxBytes) {
    this(key, size, maxBytes, null, null);
  }

  /**
   * @param key the key read
   * @param size how many bytes the key holds
   * @param maxBytes the bound of the read
   * @param head the value's first {@value #HEAD_BYTES} bytes (all of them if it is shorter), or null
   * @param tail the value's last {@value #TAIL_BYTES} bytes (all of them if it is shorter), or null
   */
  public OversizedEntryException(String key, long size, int maxBytes, byte[] head, byte[] tail) {
    super("an entry of " + size + " bytes cannot be read: the maximum entry size is " + maxBytes
        + " bytes (maxEntrySize); the distributed level did not transfer it (key '" + key + "')", null);
    this.size = size;
    this.maxBytes = maxBytes;
    this.head = head == null ? null : head.clone();
    this.tail = tail == null ? null : tail.clone();
  }

  /**
   * An exception for {@code value}, held under {@code key}, describing it by its size, head and tail.
   *
   * @param key the level key
   * @param value the value read
   * @param maxBytes the bound it passed
   * @return the exception
   */
  public static OversizedEntryException of(String key, byte[] value, int maxBytes) {
    return new OversizedEntryException(key, value.length, maxBytes, head(value), tail(value));
  }

  /**
   * The first {@value #HEAD_BYTES} bytes of {@code value} (all of them if it is shorter).
   *
   * @param value the value
   * @return a copy of its first bytes
   */
  public static byte[] head(byte[] value) {
    return Arrays.copyOf(value, Math.min(HEAD_BYTES, value.length));
  }

  /**
   * The last {@value #TAIL_BYTES} bytes of {@code value} (all of them if it is shorter).
   *
   * @param value the value
   * @return a copy of its last bytes
   */
  public static byte[] tail(byte[] value) {
    return Arrays.copyOfRange(value, Math.max(0, value.length - TAIL_BYTES), value.length);
  }

  /**
   * Whether this exception describes the value it was made for by its head and tail (not only by its size).
   *
   * @return whether head and tail are known
   */
  public boolean describesValue() {
    return head != null && tail != null;
  }

  /**
   * Whether {@code value} has the size, head and tail this exception describes; false without head and tail.
   *
   * @param value the bytes to compare, or null
   * @return whether they match the size, head and tail
   */
  public boolean describes(byte[] value) {
    return value != null && describesValue() && value.length == size && Arrays.equals(head(value), head)
        && Arrays.equals(tail(value), tail);
  }

  /**
   * The value's first bytes, or null when the level did not give them.
   *
   * @return a copy of the first bytes, or null
   */
  public byte[] head() {
    return head == null ? null : head.clone();
  }

  /**
   * The value's last bytes, or null when the level did not give them.
   *
   * @return a copy of the last bytes, or null
   */
  public byte[] tail() {
    return tail == null ? null : tail.clone();
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

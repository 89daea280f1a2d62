package io.hybridcache.redis;

import java.nio.charset.StandardCharsets;

/**
 * The Redis Cluster hash slot of a key, computed here as Redis does, so a bulk write can group its keys by slot without
 * asking the server ({@code CLUSTER KEYSLOT} would cost a round trip per key). Redisson has the same function, but in
 * an internal class ({@code org.redisson.connection.CRC16}) that is no API and is relocated in our jar.
 *
 * <p>The slot is CRC16/XMODEM (polynomial {@code 0x1021}, initial value 0, no reflection) of the key's UTF-8 bytes
 * (the bytes Redisson sends for a {@code String} key), modulo {@value #SLOTS}. When the key holds a {@code {} followed,
 * later, by a {@code }} with at least one byte between them, only the bytes between the first {@code {} and the first
 * {@code }} after it are hashed (a hash tag): {@code {user1000}.following} and {@code {user1000}.followers} share a
 * slot.
 */
final class HashSlot {
  /** How many hash slots a Redis cluster has. */
  static final int SLOTS = 16_384;
  private static final int[] TABLE = table();

  private HashSlot() {}

  /**
   * {@return the hash slot of {@code key}, in [0, {@value #SLOTS})}
   *
   * @throws NullPointerException when {@code key} is null
   */
  static int of(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    int from = 0;
    int to = bytes.length;
    int open = indexOf(bytes, (byte) '{', 0);
    if (open >= 0) {
      int close = indexOf(bytes, (byte) '}', open + 1);
      if (close > open + 1) {
        from = open + 1;
        to = close;
      }
    }
    return crc16(bytes, from, to) & (SLOTS - 1);
  }

  /** CRC16/XMODEM of {@code bytes[from, to)}. */
  static int crc16(byte[] bytes, int from, int to) {
    int crc = 0;
    for (int i = from; i < to; i++) {
      crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ bytes[i]) & 0xff]) & 0xffff;
    }
    return crc;
  }

  private static int indexOf(byte[] bytes, byte wanted, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  private static int[] table() {
    int[] table = new int[256];
    for (int b = 0; b < 256; b++) {
      int crc = b << 8;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
      }
      table[b] = crc & 0xffff;
    }
    return table;
  }
}

package io.hybridcache.spi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes a level keeps for a while in place of a removed key, so that a write older than the removal that arrives
 * later is refused (the Redis level's tombstone): {@code 'H' 'C'}, format byte 1, a flags byte with bit 64 set (which
 * no entry envelope sets), then the removal's time (epoch millis, big-endian). The header sits where an envelope's
 * does, so a level script orders writes against a tombstone as against an entry.
 *
 * <p>With signing keys (the envelope keys) a tombstone is signed: flag 16 is set too, and a {@value SigningKeys#MAC_BYTES}-byte
 * HMAC-SHA256 follows the 12 header bytes, computed over the label {@code "hybridcache-tombstone-v1"} and a zero byte,
 * the level key (as {@link SigningKeys} binds a name) and the header. A node with keys reads only a tombstone whose MAC
 * verifies as a removal; any other is untrusted data. A node without keys reads every tombstone as a removal, signed
 * or not (bit 64 is all it looks at).
 */
public final class Tombstone {
  /** The size of an unsigned tombstone. */
  public static final int BYTES = 12;
  /** The size of a signed tombstone: the header and its MAC. */
  public static final int SIGNED_BYTES = BYTES + SigningKeys.MAC_BYTES;
  private static final int FLAG = 64;
  private static final int SIGNED = 16;
  private static final byte[] LABEL = "hybridcache-tombstone-v1\0".getBytes(StandardCharsets.US_ASCII);

  private Tombstone() {}

  /**
   * The tombstone of a removal of {@code levelKey} made at {@code removedAt}: signed with the first of {@code keys},
   * or unsigned when {@code keys} is null.
   *
   * @param levelKey the key the tombstone is stored under
   * @param removedAt the removal's time, in epoch millis
   * @param keys the signing keys, or null for an unsigned tombstone
   * @return the tombstone's bytes
   */
  public static byte[] of(String levelKey, long removedAt, SigningKeys keys) {
    byte[] bytes = new byte[keys == null ? BYTES : SIGNED_BYTES];
    ByteBuffer.wrap(bytes).put((byte) 'H').put((byte) 'C').put((byte) 1)
        .put((byte) (keys == null ? FLAG : FLAG | SIGNED)).putLong(removedAt);
    if (keys != null) {
      System.arraycopy(keys.sign(LABEL, levelKey, bytes, BYTES), 0, bytes, BYTES, SigningKeys.MAC_BYTES);
    }
    return bytes;
  }

  /**
   * Whether {@code held} starts with a tombstone's header (signed or not, genuine or not).
   *
   * @param held the bytes held, or null
   * @return whether they start with a tombstone's header
   */
  public static boolean is(byte[] held) {
    return held != null && held.length >= BYTES && held[0] == 'H' && held[1] == 'C' && held[2] == 1
        && (held[3] & FLAG) != 0;
  }

  /**
   * Whether {@code held}, read under {@code levelKey}, is a tombstone a node may take as a removal: any tombstone when
   * {@code keys} is null; with keys, only a signed one whose MAC one of them made for this key.
   *
   * @param levelKey the key the bytes were read under
   * @param held the bytes held, or null
   * @param keys the signing keys, or null when the node has none
   * @return whether the bytes are a removal this node may trust
   */
  public static boolean trusted(String levelKey, byte[] held, SigningKeys keys) {
    if (!is(held)) {
      return false;
    }
    return keys == null || ((held[3] & SIGNED) != 0 && keys.verifies(LABEL, levelKey, held, BYTES));
  }
}

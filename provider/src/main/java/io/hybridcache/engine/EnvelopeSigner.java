package io.hybridcache.engine;

import io.hybridcache.spi.SerializationException;
import io.hybridcache.spi.SigningKeys;
import io.hybridcache.spi.Tombstone;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Signs the envelopes a node writes to the distributed level and checks the ones it reads, with HMAC-SHA256 under
 * keys every node shares ({@link SigningKeys}): the first key signs, every key verifies, so a new key can be rolled
 * out node by node.
 *
 * <p>A signed envelope has the {@link EntryEnvelope#SIGNED} flag set and is followed by a {@value #MAC_BYTES}-byte MAC
 * computed over a fixed label ({@code "hybridcache-envelope-v1"} and a zero byte, so that a MAC made with the same key
 * for another purpose never passes for this one), the level key the envelope is stored under (its UTF-8 length as an
 * i32, then its bytes) and the envelope up to the MAC, flags included. Binding the level key means a signed envelope
 * copied under another key (another entry, cache or key prefix) does not verify; clearing the flag does not help
 * either, since a node with keys refuses unsigned envelopes. MACs are compared in constant time.
 *
 * <p>What this does not do: hide the values (they are not encrypted), or stop an old envelope of the same key, signed
 * with a key still configured, from being written back (a replay); the entry's own expiration still bounds it.
 */
final class EnvelopeSigner {
  /** The shortest key accepted, in bytes: HMAC-SHA256's output size. */
  static final int MIN_KEY_BYTES = SigningKeys.MIN_KEY_BYTES;
  /** The size of the MAC after a signed envelope. */
  static final int MAC_BYTES = SigningKeys.MAC_BYTES;
  private static final byte[] LABEL = "hybridcache-envelope-v1\0".getBytes(StandardCharsets.US_ASCII);

  private final SigningKeys keys;
  private final LongAdder rejected = new LongAdder();

  private EnvelopeSigner(SigningKeys keys) {
    this.keys = keys;
  }

  /**
   * A signer whose first key signs and whose keys all verify.
   *
   * @throws NullPointerException if the list or a key is null
   * @throws IllegalArgumentException if the list is empty, a key is shorter than {@value #MIN_KEY_BYTES} bytes, or a
   *     key is given twice (the message names the key by its position, never by its bytes)
   */
  static EnvelopeSigner of(List<byte[]> keys) {
    return new EnvelopeSigner(SigningKeys.of("envelopeKeys", keys));
  }

  /** How many envelopes failed the check (not a signed envelope of this format, or a MAC no key matches). */
  long rejected() {
    return rejected.sum();
  }

  /** {@code envelope} (an unsigned format-1 envelope) with the signed flag set and the first key's MAC after it. */
  byte[] sign(String levelKey, byte[] envelope) {
    byte[] signed = new byte[envelope.length + MAC_BYTES];
    System.arraycopy(envelope, 0, signed, 0, envelope.length);
    signed[3] |= EntryEnvelope.SIGNED;
    System.arraycopy(keys.sign(LABEL, levelKey, signed, envelope.length), 0, signed, envelope.length, MAC_BYTES);
    return signed;
  }

  /**
   * The unsigned envelope inside {@code bytes}, read under {@code levelKey}, if its MAC verifies under one of the
   * keys.
   *
   * @throws SerializationException if the bytes are not a signed envelope of this format or its MAC matches no key
   *     (counted in {@link #rejected()})
   */
  byte[] verify(String levelKey, byte[] bytes) {
    SerializationException notThisFormat = EntryEnvelope.formatError(bytes);
    if (notThisFormat != null) {
      rejected.increment();
      throw notThisFormat;
    }
    if ((bytes[3] & EntryEnvelope.SIGNED) == 0) {
      rejected.increment();
      throw new SerializationException("the entry is not signed, and this node reads only signed entries "
          + "(envelope keys are configured): it was written by a node without the keys, or by someone else", null);
    }
    int end = bytes.length - MAC_BYTES;
    if (end >= 4 && keys.verifies(LABEL, levelKey, bytes, end)) {
      return unsigned(bytes);
    }
    rejected.increment();
    throw new SerializationException("the entry's MAC matches none of this node's envelope keys: it was changed in "
        + "the distributed level, copied from another key, or signed with a key this node does not have", null);
  }

  /**
   * Whether {@code held}, a tombstone read under {@code levelKey}, is signed for that key by one of the keys
   * ({@link Tombstone#trusted}); one that is not is counted in {@link #rejected()}.
   */
  boolean trustsTombstone(String levelKey, byte[] held) {
    if (Tombstone.trusted(levelKey, held, keys)) {
      return true;
    }
    rejected.increment();
    return false;
  }

  /**
   * {@code bytes} without its MAC and signed flag, unchecked: how a node without keys reads a signed envelope (it
   * checks nothing, signed or not). Bytes that are not a signed envelope are returned as they are.
   */
  static byte[] unsigned(byte[] bytes) {
    if (!EntryEnvelope.isCurrentFormat(bytes) || (bytes[3] & EntryEnvelope.SIGNED) == 0
        || bytes.length - MAC_BYTES < 4) {
      return bytes;
    }
    byte[] envelope = new byte[bytes.length - MAC_BYTES];
    System.arraycopy(bytes, 0, envelope, 0, envelope.length);
    envelope[3] &= (byte) ~EntryEnvelope.SIGNED;
    return envelope;
  }

  @Override
  public String toString() {
    return "EnvelopeSigner{" + keys.size() + " key(s)}"; // never the keys
  }
}

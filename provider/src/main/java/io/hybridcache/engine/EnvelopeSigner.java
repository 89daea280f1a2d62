package io.hybridcache.engine;

import io.hybridcache.spi.SerializationException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the envelopes a node writes to the distributed level and checks the ones it reads, with HMAC-SHA256 under
 * keys every node shares: the first key signs, every key verifies, so a new key can be rolled out node by node.
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
  static final int MIN_KEY_BYTES = 32;
  /** The size of the MAC after a signed envelope. */
  static final int MAC_BYTES = 32;
  private static final String ALGORITHM = "HmacSHA256";
  private static final byte[] LABEL = "hybridcache-envelope-v1\0".getBytes(StandardCharsets.US_ASCII);

  /** One prototype per key, initialised; each use works on a clone (a {@link Mac} is not thread-safe). */
  private final List<Mac> prototypes;
  private final LongAdder rejected = new LongAdder();

  private EnvelopeSigner(List<Mac> prototypes) {
    this.prototypes = prototypes;
  }

  /**
   * A signer whose first key signs and whose keys all verify.
   *
   * @throws NullPointerException if the list or a key is null
   * @throws IllegalArgumentException if the list is empty, a key is shorter than {@value #MIN_KEY_BYTES} bytes, or a
   *     key is given twice (the message names the key by its position, never by its bytes)
   */
  static EnvelopeSigner of(List<byte[]> keys) {
    Objects.requireNonNull(keys, "envelopeKeys must not be null");
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("envelopeKeys must hold at least one key (the first signs, all verify); "
          + "leave the option out for unsigned envelopes");
    }
    List<Mac> macs = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      byte[] key = Objects.requireNonNull(keys.get(i), "envelopeKeys[" + i + "] must not be null");
      if (key.length < MIN_KEY_BYTES) {
        throw new IllegalArgumentException("envelopeKeys[" + i + "] has " + key.length + " bytes; a key needs at "
            + "least " + MIN_KEY_BYTES + " (256 bits), e.g. 32 random bytes: openssl rand -base64 32");
      }
      for (int j = 0; j < i; j++) {
        if (MessageDigest.isEqual(key, keys.get(j))) {
          throw new IllegalArgumentException("envelopeKeys[" + i + "] is the same key as envelopeKeys[" + j + "]");
        }
      }
      Mac mac = mac(key);
      copy(mac); // fails here, not at the first write, if the JVM's implementation cannot be cloned
      macs.add(mac);
    }
    return new EnvelopeSigner(List.copyOf(macs));
  }

  private static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM)); // SecretKeySpec copies the bytes
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
    }
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
    byte[] mac = compute(prototypes.get(0), levelKey, signed, envelope.length);
    System.arraycopy(mac, 0, signed, envelope.length, MAC_BYTES);
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
    if (end >= 4) {
      byte[] actual = new byte[MAC_BYTES];
      System.arraycopy(bytes, end, actual, 0, MAC_BYTES);
      for (Mac prototype : prototypes) {
        if (MessageDigest.isEqual(compute(prototype, levelKey, bytes, end), actual)) {
          return unsigned(bytes);
        }
      }
    }
    rejected.increment();
    throw new SerializationException("the entry's MAC matches none of this node's envelope keys: it was changed in "
        + "the distributed level, copied from another key, or signed with a key this node does not have", null);
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

  private static byte[] compute(Mac prototype, String levelKey, byte[] bytes, int length) {
    Mac mac = copy(prototype);
    mac.update(LABEL);
    byte[] key = levelKey.getBytes(StandardCharsets.UTF_8);
    mac.update(ByteBuffer.allocate(4).putInt(key.length).array());
    mac.update(key);
    mac.update(bytes, 0, length);
    return mac.doFinal();
  }

  private static Mac copy(Mac prototype) {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the " + ALGORITHM + " implementation of this JVM cannot be cloned", e);
    }
  }

  @Override
  public String toString() {
    return "EnvelopeSigner{" + prototypes.size() + " key(s)}"; // never the keys
  }
}

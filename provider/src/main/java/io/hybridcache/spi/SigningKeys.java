package io.hybridcache.spi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under keys that every node of a key prefix shares, for what the nodes sign on shared infrastructure
 * (the distributed level's entries, the backplane's messages): the first key signs, every key verifies, so a new key
 * can be rolled out node by node.
 *
 * <p>A MAC covers a purpose label, so that a MAC made with the same key for another purpose never passes for this
 * one; the name the bytes belong to (its UTF-8 length as a big-endian i32, then its bytes: a level key, a channel), so
 * that bytes copied under another name do not verify; then the bytes. MACs are compared in constant time. An instance
 * is immutable and thread-safe; {@link #toString()} never shows a key.
 */
public final class SigningKeys {
  /** The size of a MAC, in bytes. */
  public static final int MAC_BYTES = 32;
  /** The shortest key accepted, in bytes: HMAC-SHA256's output size. */
  public static final int MIN_KEY_BYTES = 32;
  private static final String ALGORITHM = "HmacSHA256";

  /** One prototype per key, initialised; each use works on a clone (a {@link Mac} is not thread-safe). */
  private final List<Mac> prototypes;

  private SigningKeys(List<Mac> prototypes) {
    this.prototypes = prototypes;
  }

  /**
   * Keys whose first signs and whose all verify.
   *
   * @param option the name of the setting the keys come from, for the messages (e.g. {@code "envelopeKeys"})
   * @param keys the keys, each at least {@value #MIN_KEY_BYTES} bytes; the first signs
   * @return the keys
   * @throws NullPointerException if the list or a key is null
   * @throws IllegalArgumentException if the list is empty, a key is shorter than {@value #MIN_KEY_BYTES} bytes, or a
   *     key is given twice: the message names the key by its position, never by its bytes
   * @throws IllegalStateException if this JVM has no HMAC-SHA256 it can clone
   */
  public static SigningKeys of(String option, List<byte[]> keys) {
    Objects.requireNonNull(option, "option must not be null");
    Objects.requireNonNull(keys, option + " must not be null");
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(option + " must hold at least one key (the first signs, all verify); "
          + "leave the option out to sign nothing");
    }
    List<Mac> macs = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      byte[] key = Objects.requireNonNull(keys.get(i), option + "[" + i + "] must not be null");
      if (key.length < MIN_KEY_BYTES) {
        throw new IllegalArgumentException(option + "[" + i + "] has " + key.length + " bytes; a key needs at least "
            + MIN_KEY_BYTES + " (256 bits), e.g. 32 random bytes: openssl rand -base64 32");
      }
      for (int j = 0; j < i; j++) {
        if (MessageDigest.isEqual(key, keys.get(j))) {
          throw new IllegalArgumentException(option + "[" + i + "] is the same key as " + option + "[" + j + "]");
        }
      }
      Mac mac = mac(key);
      copy(mac); // fails here, not at the first use, if the JVM's implementation cannot be cloned
      macs.add(mac);
    }
    return new SigningKeys(List.copyOf(macs));
  }

  /** {@return how many keys verify (the first of them signs)} */
  public int size() {
    return prototypes.size();
  }

  /**
   * The first key's MAC of {@code bytes[0, length)}, under {@code label}, for {@code name}.
   *
   * @param label what the MAC is for (entries and messages use different labels)
   * @param name what the MAC is bound to (the Redis key or channel)
   * @param bytes the bytes to sign
   * @param length how many bytes to cover
   * @return the MAC, {@value #MAC_BYTES} bytes
   */
  public byte[] sign(byte[] label, String name, byte[] bytes, int length) {
    return compute(prototypes.get(0), label, name, bytes, length);
  }

  /**
   * Whether the {@value #MAC_BYTES} bytes of {@code bytes} from {@code length} on are the MAC of
   * {@code bytes[0, length)}, under {@code label}, for {@code name}, with one of the keys; false when {@code bytes} is
   * too short to hold them.
   *
   * @param label what the MAC is for (entries and messages use different labels)
   * @param name what the MAC is bound to (the Redis key or channel)
   * @param bytes the bytes, followed by the MAC
   * @param length how many bytes the MAC covers
   * @return whether the MAC verifies with one of the keys
   */
  public boolean verifies(byte[] label, String name, byte[] bytes, int length) {
    if (length < 0 || bytes.length - length != MAC_BYTES) {
      return false;
    }
    byte[] actual = new byte[MAC_BYTES];
    System.arraycopy(bytes, length, actual, 0, MAC_BYTES);
    for (Mac prototype : prototypes) {
      if (MessageDigest.isEqual(compute(prototype, label, name, bytes, length), actual)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] compute(Mac prototype, byte[] label, String name, byte[] bytes, int length) {
    Mac mac = copy(prototype);
    mac.update(label);
    byte[] encodedName = name.getBytes(StandardCharsets.UTF_8);
    mac.update(ByteBuffer.allocate(4).putInt(encodedName.length).array());
    mac.update(encodedName);
    mac.update(bytes, 0, length);
    return mac.doFinal();
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

  private static Mac copy(Mac prototype) {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the " + ALGORITHM + " implementation of this JVM cannot be cloned", e);
    }
  }

  @Override
  public String toString() {
    return "SigningKeys{" + prototypes.size() + " key(s)}";
  }
}

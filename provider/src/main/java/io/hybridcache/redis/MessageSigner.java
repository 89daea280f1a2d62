package io.hybridcache.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs the bodies of the backplane messages a connection publishes and checks those it receives, with HMAC-SHA256
 * under the keys every node shares (the same as the envelope keys): the first key signs, every key verifies.
 *
 * <p>A signed body has the {@link BackplaneWire#SIGNED} bit set in its type byte and is followed by a
 * {@value #MAC_BYTES}-byte MAC over a fixed label ({@code "hybridcache-backplane-v1"} and a zero byte, apart from the
 * envelopes' label), the channel (its UTF-8 length as an i32, then its bytes) and the body up to the MAC. The sequence
 * in front of the body is not covered: Redis assigns it after the body was signed. A refused message (unsigned, or a
 * MAC no key matches) is counted and logged at warn the first time per cause, at debug after.
 */
final class MessageSigner {
  /** The size of the MAC after a signed body. */
  static final int MAC_BYTES = 32;
  private static final int MIN_KEY_BYTES = 32;
  private static final String ALGORITHM = "HmacSHA256";
  private static final byte[] LABEL = "hybridcache-backplane-v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final Logger LOG = LoggerFactory.getLogger(MessageSigner.class);

  private final List<Mac> prototypes;
  private final LongAdder rejected = new LongAdder();
  private final AtomicBoolean unsignedLogged = new AtomicBoolean();
  private final AtomicBoolean forgedLogged = new AtomicBoolean();

  private MessageSigner(List<Mac> prototypes) {
    this.prototypes = prototypes;
  }

  /**
   * A signer for {@code keys}, or null when the list is empty (messages unsigned).
   *
   * @throws NullPointerException if the list or a key is null
   * @throws IllegalArgumentException if a key is shorter than 32 bytes (named by its position, never by its bytes)
   */
  static MessageSigner of(List<byte[]> keys) {
    Objects.requireNonNull(keys, "messageKeys must not be null");
    if (keys.isEmpty()) {
      return null;
    }
    List<Mac> macs = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      byte[] key = Objects.requireNonNull(keys.get(i), "messageKeys[" + i + "] must not be null");
      if (key.length < MIN_KEY_BYTES) {
        throw new IllegalArgumentException("messageKeys[" + i + "] has " + key.length + " bytes; a key needs at "
            + "least " + MIN_KEY_BYTES);
      }
      try {
        Mac mac = Mac.getInstance(ALGORITHM);
        mac.init(new SecretKeySpec(key, ALGORITHM));
        mac.clone(); // fails here, not at the first message, if the JVM's implementation cannot be cloned
        macs.add(mac);
      } catch (GeneralSecurityException | CloneNotSupportedException e) {
        throw new IllegalStateException(ALGORITHM + " is not usable in this JVM", e);
      }
    }
    return new MessageSigner(List.copyOf(macs));
  }

  /** How many received messages were refused (unsigned, or a MAC no key matches). */
  long rejected() {
    return rejected.sum();
  }

  /** {@code body} with the signed bit set and the first key's MAC for {@code channel} after it. */
  byte[] sign(String channel, byte[] body) {
    byte[] signed = new byte[body.length + MAC_BYTES];
    System.arraycopy(body, 0, signed, 0, body.length);
    signed[BackplaneWire.TYPE_OFFSET] |= (byte) BackplaneWire.SIGNED;
    System.arraycopy(compute(prototypes.get(0), channel, signed, body.length), 0, signed, body.length, MAC_BYTES);
    return signed;
  }

  /**
   * The unsigned body inside {@code body} received on {@code channel} if its MAC verifies; null (counted, logged)
   * when it is unsigned or matches no key. Bytes too short to hold a type byte are returned as they are, for the
   * decoder to refuse.
   */
  byte[] verify(String channel, byte[] body) {
    if (body.length <= BackplaneWire.TYPE_OFFSET) {
      return body;
    }
    if ((body[BackplaneWire.TYPE_OFFSET] & BackplaneWire.SIGNED) == 0) {
      return refused(unsignedLogged, "an unsigned message on " + channel + " (the nodes of this key prefix have "
          + "keys; it came from a node without them, or from someone else)");
    }
    int end = body.length - MAC_BYTES;
    if (end > BackplaneWire.TYPE_OFFSET) {
      byte[] actual = new byte[MAC_BYTES];
      System.arraycopy(body, end, actual, 0, MAC_BYTES);
      for (Mac prototype : prototypes) {
        if (MessageDigest.isEqual(compute(prototype, channel, body, end), actual)) {
          return BackplaneWire.unsigned(body);
        }
      }
    }
    return refused(forgedLogged, "a message on " + channel + " whose MAC matches none of this node's keys "
        + "(forged, changed, or signed with a key this node does not have)");
  }

  private byte[] refused(AtomicBoolean logged, String what) {
    rejected.increment();
    if (logged.compareAndSet(false, true)) {
      LOG.warn("ignored {} (logged once per cause; every occurrence is counted)", what);
    } else {
      LOG.debug("ignored {}", what);
    }
    return null;
  }

  private static byte[] compute(Mac prototype, String channel, byte[] bytes, int length) {
    Mac mac;
    try {
      mac = (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(ALGORITHM + " cannot be cloned", e);
    }
    mac.update(LABEL);
    byte[] name = channel.getBytes(StandardCharsets.UTF_8);
    mac.update(ByteBuffer.allocate(4).putInt(name.length).array());
    mac.update(name);
    mac.update(bytes, 0, length);
    return mac.doFinal();
  }

  @Override
  public String toString() {
    return "MessageSigner{" + prototypes.size() + " key(s)}"; // never the keys
  }
}

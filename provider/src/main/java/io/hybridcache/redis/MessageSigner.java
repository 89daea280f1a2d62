package io.hybridcache.redis;

import io.hybridcache.spi.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs the bodies of the backplane messages a connection publishes and checks those it receives, with HMAC-SHA256
 * under the keys every node shares ({@link SigningKeys}; the same as the envelope keys): the first key signs, every
 * key verifies.
 *
 * <p>A signed body has the {@link BackplaneWire#SIGNED} bit set in its type byte and is followed by a
 * {@value #MAC_BYTES}-byte MAC over a fixed label ({@code "hybridcache-backplane-v1"} and a zero byte, apart from the
 * envelopes' label), the channel (its UTF-8 length as an i32, then its bytes) and the body up to the MAC. The sequence
 * in front of the body is not covered: Redis assigns it after the body was signed. A refused message (unsigned, or a
 * MAC no key matches) is counted and logged at warn the first time per cause, at debug after.
 */
final class MessageSigner {
  /** The size of the MAC after a signed body. */
  static final int MAC_BYTES = SigningKeys.MAC_BYTES;
  private static final byte[] LABEL = "hybridcache-backplane-v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final Logger LOG = LoggerFactory.getLogger(MessageSigner.class);

  private final SigningKeys keys;
  private final LongAdder rejected = new LongAdder();
  private final AtomicBoolean unsignedLogged = new AtomicBoolean();
  private final AtomicBoolean forgedLogged = new AtomicBoolean();

  private MessageSigner(SigningKeys keys) {
    this.keys = keys;
  }

  /**
   * A signer for {@code keys}, or null when the list is empty (messages unsigned).
   *
   * @throws NullPointerException if the list or a key is null
   * @throws IllegalArgumentException if a key is shorter than 32 bytes or given twice (named by its position, never
   *     by its bytes)
   */
  static MessageSigner of(List<byte[]> keys) {
    Objects.requireNonNull(keys, "messageKeys must not be null");
    return keys.isEmpty() ? null : new MessageSigner(SigningKeys.of("messageKeys", keys));
  }

  /** The keys: the envelope keys, which sign the level's tombstones too ({@link io.hybridcache.spi.Tombstone}). */
  SigningKeys keys() {
    return keys;
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
    System.arraycopy(keys.sign(LABEL, channel, signed, body.length), 0, signed, body.length, MAC_BYTES);
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
    if (end > BackplaneWire.TYPE_OFFSET && keys.verifies(LABEL, channel, body, end)) {
      return BackplaneWire.unsigned(body);
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

  @Override
  public String toString() {
    return "MessageSigner{" + keys.size() + " key(s)}"; // never the keys
  }
}

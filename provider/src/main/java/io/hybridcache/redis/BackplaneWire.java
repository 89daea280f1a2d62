package io.hybridcache.redis;

import io.hybridcache.spi.BackplaneMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes of a {@link BackplaneMessage} on a Redis channel: a frame {@code <sequence>|<body>}.
 *
 * <ul>
 *   <li>{@code <sequence>}: the message's sequence in ASCII decimal ({@code 0} when it has none). It comes first and
 *       in text so the level's Lua script can put the number Redis just assigned in front of a body Java encoded.
 *   <li>{@code <body>}: the magic {@code "HC"}, the format version (one byte, {@link BackplaneMessage#FORMAT_VERSION}),
 *       the type (one byte, a fixed code per type, never the enum's ordinal), the timestamp (8 bytes, big-endian),
 *       then the source node id, the cache name and the key, each as a 4-byte big-endian length and UTF-8 bytes.
 * </ul>
 *
 * <p>With keys ({@link MessageSigner}), the body is signed: the {@link #SIGNED} bit is set in the type byte and a
 * 32-byte MAC follows the key. A receiver with keys accepts only signed bodies whose MAC verifies; one without keys
 * reads a signed body without checking it (as it reads every body).
 *
 * <p>{@link #decode} is strict: a frame longer than {@link #MAX_FRAME_BYTES} (not even looked into), a frame without the separator, a sequence that is not a non-negative decimal number,
 * a wrong magic, another version, an unknown type code, a negative or too long length, or bytes left over make it
 * return {@code null}, never throw.
 */
final class BackplaneWire {
  /** Between the sequence and the body. */
  static final byte SEPARATOR = '|';
  private static final byte[] MAGIC = {'H', 'C'};
  /** Where the type byte is in a body (after the magic and the version). */
  static final int TYPE_OFFSET = 3;
  /** The bit of the type byte that marks a signed body. */
  static final int SIGNED = 0x80;
  private static final int MAX_SEQUENCE_DIGITS = 19;
  /**
   * The largest frame sent or read (128 KiB): a key of {@link BackplaneMessage#MAX_KEY_BYTES} and 64 KiB for the rest
   * (sequence, header, node id, cache name, MAC). A frame any larger is not this version's: it is refused before it
   * is decoded, and never published, since a large enough one overflows the pub/sub output buffer Redis keeps for
   * each subscriber and makes it drop them all.
   */
  static final int MAX_FRAME_BYTES = BackplaneMessage.MAX_KEY_BYTES + 64 * 1024;
  private static final BackplaneMessage.Type[] BY_CODE = {
    BackplaneMessage.Type.ENTRY_SET, BackplaneMessage.Type.ENTRY_REMOVE, BackplaneMessage.Type.ENTRY_EXPIRE,
    BackplaneMessage.Type.TAG_REMOVED, BackplaneMessage.Type.CLEAR
  };

  private BackplaneWire() {}

  /** The body of {@code message}, without sequence: what the level's script publishes behind the one it assigns. */
  static byte[] body(BackplaneMessage message) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + message.key().length());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeByte(message.formatVersion());
      out.writeByte(code(message.type()));
      out.writeLong(message.timestamp());
      writeText(out, message.sourceNodeId());
      writeText(out, message.cacheName());
      writeText(out, message.key());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen: writing to memory", e);
    }
    return bytes.toByteArray();
  }

  /** The whole frame of {@code message}, with its own sequence. */
  static byte[] frame(BackplaneMessage message) {
    return frame(message, null, null);
  }

  /** The whole frame of {@code message}, its body signed by {@code signer} for {@code channel} unless it is null. */
  static byte[] frame(BackplaneMessage message, MessageSigner signer, String channel) {
    byte[] sequence = Long.toString(message.sequence()).getBytes(StandardCharsets.US_ASCII);
    byte[] body = signer == null ? body(message) : signer.sign(channel, body(message));
    byte[] frame = Arrays.copyOf(sequence, sequence.length + 1 + body.length);
    frame[sequence.length] = SEPARATOR;
    System.arraycopy(body, 0, frame, sequence.length + 1, body.length);
    return frame;
  }

  /** The message in {@code frame}, or {@code null} when it is not one this version wrote (see the class comment). */
  static BackplaneMessage decode(byte[] frame) {
    return decode(frame, null, null);
  }

  /**
   * The message in {@code frame} received on {@code channel}, or {@code null} when it is not one this version wrote,
   * or, with a {@code signer}, when its body is unsigned or its MAC does not verify (counted by the signer).
   */
  static BackplaneMessage decode(byte[] frame, MessageSigner signer, String channel) {
    if (frame == null || frame.length > MAX_FRAME_BYTES) {
      return null;
    }
    int separator = -1;
    for (int i = 0; i < frame.length && i <= MAX_SEQUENCE_DIGITS; i++) {
      if (frame[i] == SEPARATOR) {
        separator = i;
        break;
      }
      if (frame[i] < '0' || frame[i] > '9') {
        return null;
      }
    }
    if (separator <= 0) {
      return null;
    }
    long sequence;
    try {
      sequence = Long.parseLong(new String(frame, 0, separator, StandardCharsets.US_ASCII));
    } catch (NumberFormatException tooLarge) {
      return null;
    }
    byte[] body = Arrays.copyOfRange(frame, separator + 1, frame.length);
    body = signer == null ? unsigned(body) : signer.verify(channel, body);
    return body == null ? null : decodeBody(body, sequence);
  }

  /**
   * {@code body} without its MAC and signed bit, unchecked (how a receiver without keys reads a signed body); any
   * other bytes as they are.
   */
  static byte[] unsigned(byte[] body) {
    if (body.length <= TYPE_OFFSET || (body[TYPE_OFFSET] & SIGNED) == 0
        || body.length - MessageSigner.MAC_BYTES <= TYPE_OFFSET) {
      return body;
    }
    byte[] plain = Arrays.copyOf(body, body.length - MessageSigner.MAC_BYTES);
    plain[TYPE_OFFSET] &= (byte) ~SIGNED;
    return plain;
  }

  private static BackplaneMessage decodeBody(byte[] body, long sequence) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
      if (in.readByte() != MAGIC[0] || in.readByte() != MAGIC[1]) {
        return null;
      }
      int version = in.readUnsignedByte();
      if (version != BackplaneMessage.FORMAT_VERSION) {
        return null;
      }
      int code = in.readUnsignedByte();
      if (code >= BY_CODE.length) {
        return null;
      }
      long timestamp = in.readLong();
      String source = readText(in);
      String cacheName = readText(in);
      String key = readText(in);
      if (source == null || cacheName == null || key == null || in.available() > 0) {
        return null;
      }
      return new BackplaneMessage(version, source, timestamp, sequence, BY_CODE[code], cacheName, key);
    } catch (IOException truncated) {
      return null;
    }
  }

  private static int code(BackplaneMessage.Type type) {
    for (int i = 0; i < BY_CODE.length; i++) {
      if (BY_CODE[i] == type) {
        return i;
      }
    }
    throw new IllegalArgumentException("no wire code for " + type);
  }

  private static void writeText(DataOutputStream out, String text) throws IOException {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  /** The next length-prefixed text, or null when its length is negative or longer than what is left. */
  private static String readText(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      return null;
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}

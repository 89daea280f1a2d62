package io.hybridcache.engine;

import io.hybridcache.spi.SerializationException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The bytes an entry is stored as in the distributed level: a versioned envelope holding the entry's metadata and the
 * value's bytes from the {@code ValueSerializer}. Layout of format 1 (big-endian):
 *
 * <pre>
 * magic 'H' 'C' | version u8 = 1 | flags u8 (1 stale, 2 eager refresh, 4 etag, 8 lastModified, 32 order)
 * timestamp i64 | [order i64] | logicalExpiration i64 | physicalExpiration i64 | [eagerRefreshAt i64]
 * weight i32 | tag count i32, each tag: length i32 + UTF-8 | [etag: length i32 + UTF-8]
 * [lastModified: epoch seconds i64 + nanos i32] | value: length i32 + bytes, and nothing after
 * </pre>
 *
 * <p>Nodes configured with envelope keys write signed envelopes: flag 16 set and a 32-byte HMAC-SHA256 after the value
 * (see {@link EnvelopeSigner}); this class encodes and decodes the unsigned form only. Without keys the bytes are
 * exactly the layout above.
 *
 * <p>Decoding never trusts a length: bytes that are cut short, too long, badly tagged or of another format version
 * are a {@link SerializationException} naming what is wrong, never another exception and never a large allocation.
 * The distributed level can be written by other nodes and other versions; what this code cannot read is a miss.
 */
final class EntryEnvelope {
  static final byte MAGIC_0 = 'H';
  static final byte MAGIC_1 = 'C';
  static final int FORMAT_VERSION = 1;

  private static final int STALE = 1;
  private static final int EAGER_REFRESH = 2;
  private static final int ETAG = 4;
  private static final int LAST_MODIFIED = 8;
  /** The flag of a signed envelope (set and checked by {@link EnvelopeSigner}, never seen by {@link #decode}). */
  static final int SIGNED = 16;
  /** The order of the entry among those of its millisecond follows the timestamp (always written; absent: 0). */
  static final int ORDER = 32;
  private static final int KNOWN_FLAGS = STALE | EAGER_REFRESH | ETAG | LAST_MODIFIED | ORDER;

  private EntryEnvelope() {}

  /** What an envelope holds: the entry's metadata and the value's bytes, still to be deserialized. */
  record Contents(long timestamp, long order, long logicalExpiration, long eagerRefreshAt, long physicalExpiration,
      boolean stale, Set<String> tags, String etag, Instant lastModified, int weight, byte[] valueBytes) {

    /** The entry these contents describe, holding {@code value} (the deserialized {@link #valueBytes}). */
    <V> CacheEntry<V> toEntry(V value) {
      return CacheEntry.of(value, timestamp, logicalExpiration, eagerRefreshAt, physicalExpiration, stale, tags,
          etag, lastModified, weight, order);
    }
  }

  /** Encodes {@code entry}'s metadata around {@code valueBytes}. */
  static byte[] encode(CacheEntry<?> entry, byte[] valueBytes) {
    byte[] etag = entry.etag() == null ? null : entry.etag().getBytes(StandardCharsets.UTF_8);
    byte[][] tags = new byte[entry.tags().size()][];
    int size = 2 + 1 + 1 + 8 * 4 + 4 + 4 + 4 + valueBytes.length;
    int i = 0;
    for (String tag : entry.tags()) {
      tags[i] = tag.getBytes(StandardCharsets.UTF_8);
      size += 4 + tags[i++].length;
    }
    int flags = (entry.isStale() ? STALE : 0) | ORDER;
    if (entry.eagerRefreshAt() != CacheEntry.NO_EAGER_REFRESH) {
      flags |= EAGER_REFRESH;
      size += 8;
    }
    if (etag != null) {
      flags |= ETAG;
      size += 4 + etag.length;
    }
    if (entry.lastModified() != null) {
      flags |= LAST_MODIFIED;
      size += 12;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(MAGIC_0).put(MAGIC_1).put((byte) FORMAT_VERSION).put((byte) flags);
    out.putLong(entry.timestamp).putLong(entry.order).putLong(entry.logicalExpiration)
        .putLong(entry.physicalExpiration());
    if ((flags & EAGER_REFRESH) != 0) {
      out.putLong(entry.eagerRefreshAt());
    }
    out.putInt(entry.weight()).putInt(tags.length);
    for (byte[] tag : tags) {
      out.putInt(tag.length).put(tag);
    }
    if (etag != null) {
      out.putInt(etag.length).put(etag);
    }
    if (entry.lastModified() != null) {
      out.putLong(entry.lastModified().getEpochSecond()).putInt(entry.lastModified().getNano());
    }
    out.putInt(valueBytes.length).put(valueBytes);
    return out.array();
  }

  /**
   * Decodes an envelope.
   *
   * @throws SerializationException if the bytes are not a format-1 envelope, are cut short, or hold bytes after the
   *     value; the message says which
   */
  static Contents decode(byte[] bytes) {
    return decode(bytes, Integer.MAX_VALUE);
  }

  /**
   * Decodes an envelope whose entry carries at most {@code maxTags} tags, each of at most {@link Tags#MAX_UTF8_BYTES}
   * bytes: more, or a longer one, is refused before the tags are read.
   *
   * @throws SerializationException as {@link #decode(byte[])}, and for too many tags or too long a tag
   */
  static Contents decode(byte[] bytes, int maxTags) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      SerializationException notThisFormat = formatError(bytes);
      if (notThisFormat != null) {
        throw notThisFormat;
      }
      in.position(3);
      int flags = in.get() & 0xFF;
      if ((flags & ~KNOWN_FLAGS) != 0) {
        throw corrupt("unknown flags " + Integer.toBinaryString(flags));
      }
      long timestamp = in.getLong();
      long order = (flags & ORDER) != 0 ? in.getLong() : 0;
      long logical = in.getLong();
      long physical = in.getLong();
      long eager = (flags & EAGER_REFRESH) != 0 ? in.getLong() : CacheEntry.NO_EAGER_REFRESH;
      int weight = in.getInt();
      if (weight < 0) {
        throw corrupt("negative weight " + weight);
      }
      int tagCount = length(in, 4, "tag count");
      if (tagCount > maxTags) {
        throw corrupt("it carries " + tagCount + " tags, more than the " + maxTags + " an entry may carry "
            + "(maxTagsPerEntry)");
      }
      Set<String> tags = tagCount == 0 ? Set.of() : new LinkedHashSet<>();
      for (int i = 0; i < tagCount; i++) {
        tags.add(text(in, "tag", Tags.MAX_UTF8_BYTES));
      }
      String etag = (flags & ETAG) != 0 ? text(in, "etag") : null;
      Instant lastModified = (flags & LAST_MODIFIED) != 0 ? Instant.ofEpochSecond(in.getLong(), in.getInt()) : null;
      byte[] value = new byte[length(in, 1, "value length")];
      in.get(value);
      if (in.hasRemaining()) {
        throw corrupt(in.remaining() + " bytes after the value");
      }
      return new Contents(timestamp, order, logical, eager, physical, (flags & STALE) != 0,
          tagCount == 0 ? tags : Set.copyOf(tags), etag, lastModified, weight, value);
    } catch (BufferUnderflowException e) {
      throw corrupt("it is cut short");
    } catch (DateTimeException | ArithmeticException e) {
      throw corrupt("lastModified is out of range");
    }
  }

  /** Whether {@code bytes} start like an envelope of this format version (magic, version, a flags byte). */
  static boolean isCurrentFormat(byte[] bytes) {
    return formatError(bytes) == null;
  }

  /** Why {@code bytes} are not an envelope of this format version (no magic, another version), or null if they are. */
  static SerializationException formatError(byte[] bytes) {
    if (bytes.length < 4 || bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
      return corrupt("it does not start with the HybridCache envelope magic");
    }
    int version = bytes[2] & 0xFF;
    if (version != FORMAT_VERSION) {
      return new SerializationException("unknown envelope format version " + version + " (this node reads version "
          + FORMAT_VERSION + "); a node of another HybridCache version wrote it", null);
    }
    return null;
  }

  /** Reads a length, checking it against what is left (each counted item takes at least {@code minItemBytes}). */
  private static int length(ByteBuffer in, int minItemBytes, String what) {
    int n = in.getInt();
    if (n < 0 || (long) n * minItemBytes > in.remaining()) {
      throw corrupt(what + " " + n + " does not fit the " + in.remaining() + " bytes left");
    }
    return n;
  }

  private static String text(ByteBuffer in, String what) {
    return text(in, what, Integer.MAX_VALUE);
  }

  /** A length-prefixed UTF-8 text of at most {@code maxBytes} bytes. */
  private static String text(ByteBuffer in, String what, int maxBytes) {
    int length = length(in, 1, what + " length");
    if (length > maxBytes) {
      throw corrupt("a " + what + " of " + length + " bytes is longer than the " + maxBytes + " allowed");
    }
    byte[] b = new byte[length];
    in.get(b);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      throw corrupt(what + " is not valid UTF-8");
    }
  }

  private static SerializationException corrupt(String why) {
    return new SerializationException("corrupt cache envelope: " + why, null);
  }
}

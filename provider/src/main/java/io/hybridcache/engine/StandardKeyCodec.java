package io.hybridcache.engine;

import io.hybridcache.spi.KeyCodec;
import io.hybridcache.spi.ValueSerializer;
import java.util.Base64;
import java.util.UUID;

/**
 * The key codec used unless one is configured. Strings stay as they are (readable in {@code redis-cli}); the common
 * value types get a short typed form; any other key is written with the value serializer, Base64url-encoded.
 *
 * <pre>
 * "user:42"  -> user:42          42 (Integer) -> ~i42        42L -> ~l42        UUID -> ~u&lt;uuid&gt;
 * "~x" or "" -> ~s~x, ~s         anything else -> ~o&lt;base64url of the serialized key&gt;
 * </pre>
 *
 * <p>A string that starts with {@code ~}, and the empty string, are escaped with {@code ~s}, so no two keys ever share
 * an encoding. The serialized form is deterministic when the key's serialized bytes are (records, value classes,
 * collections of them); a key whose bytes depend on the JVM (identity hash codes, unordered hash sets of such objects)
 * should get a {@link KeyCodec} of its own.
 */
final class StandardKeyCodec<K> implements KeyCodec<K> {
  private static final char MARK = '~';

  private final ValueSerializer serializer;

  /** A codec that writes other key types with {@code serializer}; null allows only the built-in types. */
  StandardKeyCodec(ValueSerializer serializer) {
    this.serializer = serializer;
  }

  @Override
  public String encode(K key) {
    if (key instanceof String s) {
      return s.isEmpty() || s.charAt(0) == MARK ? "~s" + s : s;
    }
    if (key instanceof Integer i) {
      return "~i" + i;
    }
    if (key instanceof Long l) {
      return "~l" + l;
    }
    if (key instanceof UUID u) {
      return "~u" + u;
    }
    if (serializer == null) {
      throw new IllegalArgumentException("keys of type " + key.getClass().getName()
          + " need a value serializer or a KeyCodec to be named in the distributed level");
    }
    return "~o" + Base64.getUrlEncoder().withoutPadding().encodeToString(serializer.serialize(key));
  }

  @Override
  @SuppressWarnings("unchecked")
  public K decode(String encoded) {
    if (encoded.isEmpty() || encoded.charAt(0) != MARK) {
      return (K) encoded;
    }
    if (encoded.length() < 2) {
      throw new IllegalArgumentException("not an encoded key: '" + encoded + "'");
    }
    String rest = encoded.substring(2);
    try {
      switch (encoded.charAt(1)) {
        case 's':
          return (K) rest;
        case 'i':
          return (K) Integer.valueOf(rest);
        case 'l':
          return (K) Long.valueOf(rest);
        case 'u':
          return (K) UUID.fromString(rest);
        case 'o':
          if (serializer == null) {
            throw new IllegalArgumentException("'" + encoded + "' is a serialized key, and there is no serializer");
          }
          return (K) serializer.deserialize(Base64.getUrlDecoder().decode(rest));
        default:
          throw new IllegalArgumentException("unknown key type mark in '" + encoded + "'");
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not an encoded key: '" + encoded + "' (" + e.getMessage() + ")", e);
    }
  }
}

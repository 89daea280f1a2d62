package io.hybridcache.engine;

import io.hybridcache.spi.KeyCodec;

/**
 * The names of one cache's entries in the distributed level: the cache's start, {@code {keyPrefix}:{cacheName}:},
 * followed by the key as the cache's {@link KeyCodec} encodes it, the same encoded key its backplane messages carry.
 * Encoding and decoding throw whatever the codec throws.
 */
final class LevelKeyspace<K> {
  private final String start;
  private final KeyCodec<K> keys;

  /** @param start the start of every level key of the cache; null without a node (no name is then made) */
  LevelKeyspace(String start, KeyCodec<K> keys) {
    this.start = start;
    this.keys = keys;
  }

  /**
   * The start of every level key of a cache: {@code {keyPrefix}:{cacheName}:}, or for its tag removal times
   * {@code {keyPrefix}:{tagPrefix}:{cacheName}:}, with the configured separator and the cache name escaped.
   */
  static String start(String keyPrefix, InternalKeys internal, String cacheName, boolean tagTimes) {
    String sep = internal.separator();
    return keyPrefix + sep + (tagTimes ? internal.tagPrefix() + sep : "") + internal.escaped(cacheName) + sep;
  }

  /** The start of every level key of this cache. */
  String start() {
    return start;
  }

  /**
   * The key of {@code key} in the distributed level: {@code {keyPrefix}:{cacheName}:{encodedKey}}, where a {@code :}
   * in the cache name is written {@code %3A} (and {@code %} is written {@code %25}).
   */
  String levelKey(K key) {
    return start + keys.encode(key);
  }

  /** The key in the distributed level of the key encoded as {@code encodedKey}. */
  String levelKeyOfEncoded(String encodedKey) {
    return start + encodedKey;
  }

  /** The encoded form of {@code key}, as it appears in level keys and messages. */
  String encode(K key) {
    return keys.encode(key);
  }

  /** The key encoded as {@code encodedKey}, as a message carries it. */
  K decode(String encodedKey) {
    return keys.decode(encodedKey);
  }

  /** The key whose level key is {@code levelKey}, a name that starts with this cache's start. */
  K keyOf(String levelKey) {
    return keys.decode(levelKey.substring(start.length()));
  }
}

package io.hybridcache.spi;

import java.util.Objects;

/**
 * One backplane notification: what changed, where and when; never a value.
 *
 * @param formatVersion the wire format this message was written with
 * @param sourceNodeId the node that made the change (a node ignores its own messages)
 * @param timestamp when the change was made, in epoch milliseconds (older than the local entry = ignored)
 * @param sequence the per-key-prefix sequence assigned with the write, or 0 when there is none; a receiver that sees a
 *     gap knows it missed a message
 * @param type what changed
 * @param cacheName the cache the change belongs to
 * @param key the encoded key of the entry, or the tag for {@link Type#TAG_REMOVED}, or empty for {@link Type#CLEAR}
 */
public record BackplaneMessage(
    int formatVersion, String sourceNodeId, long timestamp, long sequence, Type type, String cacheName, String key) {

  /**
   * The wire format this code writes and reads. A new format gets a new number, and with it a new channel, so nodes of
   * different versions sharing one server never misread each other.
   */
  public static final int FORMAT_VERSION = 1;
  /**
   * The longest key, in UTF-8 bytes, a message may carry (64 KiB): a message is a key and a small header, and one
   * much larger could overflow a Redis client's pub/sub output buffer, which makes Redis drop every subscription of
   * that client (see {@code client-output-buffer-limit pubsub}). An engine announces a change of a longer key as a
   * {@code CLEAR} of kind {@code stale}, which makes the other nodes mark that cache's memory level stale.
   */
  public static final int MAX_KEY_BYTES = 64 * 1024;

  /**
   * Whether {@code key} is longer than {@link #MAX_KEY_BYTES} in UTF-8.
   *
   * @param key the key
   * @return whether {@code key} is longer than {@link #MAX_KEY_BYTES} in UTF-8
   */
  public static boolean keyTooLong(String key) {
    if (key.length() <= MAX_KEY_BYTES / 3) {
      return false; // at most 3 bytes per UTF-16 char
    }
    return key.length() > MAX_KEY_BYTES || key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_KEY_BYTES;
  }

  /**
   * The channel of the nodes sharing {@code keyPrefix}: {@code {keyPrefix}:backplane:v{FORMAT_VERSION}}.
   *
   * @param keyPrefix the key prefix the nodes share
   * @return {@code {keyPrefix}:backplane:v{FORMAT_VERSION}}
   */
  public static String channel(String keyPrefix) {
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    return keyPrefix + ":backplane:v" + FORMAT_VERSION;
  }

  /**
   * This message with {@code sequence}: what a level assigns when it publishes a write's notification.
   *
   * @param sequence the number the level assigned
   * @return a copy of this message with {@code sequence}
   */
  public BackplaneMessage withSequence(long sequence) {
    return new BackplaneMessage(formatVersion, sourceNodeId, timestamp, sequence, type, cacheName, key);
  }

  /** The kinds of change a message reports. */
  public enum Type {
    /** A value was written: others mark their copy expired (kept as a fallback) and re-read it on next access. */
    ENTRY_SET,
    /** A key was removed: others evict it. */
    ENTRY_REMOVE,
    /** A key was expired: others mark their copy stale. */
    ENTRY_EXPIRE,
    /** A tag was removed: others update their tag barrier from the message. */
    TAG_REMOVED,
    /** A cache was cleared: others update their clear barrier from the message. */
    CLEAR
  }

  /**
   * Validates the fields: none may be null.
   *
   * @param formatVersion the wire format version
   * @param sourceNodeId the id of the node that sent it
   * @param timestamp when the change was made, in epoch milliseconds
   * @param sequence the number the level assigned, or 0 for none
   * @param type what changed
   * @param cacheName the cache the change is about
   * @param key the key
   */
  public BackplaneMessage {
    Objects.requireNonNull(sourceNodeId, "sourceNodeId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(key, "key");
  }
}

package io.hybridcache.engine;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The strings the engine builds the keys of the distributed level from, for backends that restrict the characters of
 * a key. Every node sharing a key prefix must use the same ones.
 *
 * <ul>
 *   <li>{@code separator} (default {@code :}) joins the parts of a key: an entry is
 *       {@code {keyPrefix}{separator}{cacheName}{separator}{encodedKey}}, a cache name's own separator characters and
 *       {@code %} being percent-encoded;
 *   <li>{@code tagPrefix} (default {@code ~tag}) names where the removal times of a cache's tags live:
 *       {@code {keyPrefix}{separator}{tagPrefix}{separator}{cacheName}{separator}{tag}} (a cache may not be named like
 *       it);
 *   <li>{@code clearExpireTag} (default {@code *}) and {@code clearRemoveTag} (default {@code !}) are the two special
 *       tags whose times are {@code clear(true)} and {@code clear(false)}; user tags may not take these names.
 * </ul>
 *
 * <p>The Redis level's own bookkeeping (its notification sequence counter, the backplane channel) keeps {@code :}:
 * Redis accepts any byte in a key.
 *
 * @param separator joins the parts of a key; non-empty
 * @param tagPrefix the key part under which tag removal times live; non-empty
 * @param clearExpireTag the tag of {@code clear(true)}; non-empty
 * @param clearRemoveTag the tag of {@code clear(false)}; non-empty, other than {@code clearExpireTag}
 */
public record InternalKeys(String separator, String tagPrefix, String clearExpireTag, String clearRemoveTag) {
  private static final InternalKeys DEFAULTS = new InternalKeys(":", "~tag", "*", "!");

  /**
   * Checks every part: none null or empty, the clear tags distinct.
   *
   * @param separator joins the parts of a key; non-empty
   * @param tagPrefix the key part under which tag removal times live; non-empty
   * @param clearExpireTag the tag of {@code clear(true)}; non-empty
   * @param clearRemoveTag the tag of {@code clear(false)}; non-empty, other than {@code clearExpireTag}
   */
  public InternalKeys {
    requireText(separator, "separator");
    requireText(tagPrefix, "tagPrefix");
    requireText(clearExpireTag, "clearExpireTag");
    requireText(clearRemoveTag, "clearRemoveTag");
    if (clearExpireTag.equals(clearRemoveTag)) {
      throw new IllegalArgumentException("clearExpireTag and clearRemoveTag must differ, both were '"
          + clearExpireTag + "'");
    }
  }

  /**
   * {@code :}, {@code ~tag}, {@code *} and {@code !}.
   *
   * @return {@code :}, {@code ~tag}, {@code *} and {@code !}
   */
  public static InternalKeys defaults() {
    return DEFAULTS;
  }

  /** {@return a builder starting from {@link #defaults()}} */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether {@code tag} is one of the two clear tags, which users may not remove by tag. */
  boolean isClearTag(String tag) {
    return clearExpireTag.equals(tag) || clearRemoveTag.equals(tag);
  }

  /**
   * Checks that {@code keyPrefix} holds none of the separator's characters, so the keys of two prefixes never overlap:
   * with {@code :}, prefix {@code app:orders}, cache {@code admin}, key {@code flag} would be the key
   * {@code app:orders:admin:flag} of prefix {@code app}, cache {@code orders}, key {@code admin:flag}, and each could
   * read and overwrite the other's entries (cache names are escaped for the same reason).
   *
   * @param keyPrefix the key prefix the nodes share
   * @return {@code keyPrefix}
   * @throws IllegalArgumentException naming the character, the overlap and a prefix to write instead
   */
  public String checkKeyPrefix(String keyPrefix) {
    Objects.requireNonNull(keyPrefix, "keyPrefix must not be null");
    int at = firstSeparatorChar(keyPrefix, 0);
    if (at < 0) {
      return keyPrefix;
    }
    String rest = keyPrefix.substring(at + 1);
    int end = firstSeparatorChar(rest, 0);
    String cache = end < 0 ? rest : rest.substring(0, end);
    String other = keyPrefix.substring(0, at);
    String replacement = separator.contains("-") ? (separator.contains(".") ? "" : ".") : "-";
    StringBuilder instead = new StringBuilder();
    keyPrefix.codePoints().forEach(c -> {
      if (separator.indexOf(c) >= 0) {
        instead.append(replacement);
      } else {
        instead.appendCodePoint(c);
      }
    });
    throw new IllegalArgumentException("keyPrefix must not contain '" + keyPrefix.charAt(at) + "' (a character of "
        + "the key separator '" + separator + "'), was '" + keyPrefix + "': its keys would also be keys of prefix '"
        + other + "' (cache '" + cache + "'), so the two could read and overwrite each other's entries; write it "
        + "without, e.g. '" + instead + "'");
  }

  /**
   * Whether the entry keys of cache {@code cacheName} could run into the keys kept under {@code namespace} (the tag
   * prefix, the locks' {@code ~lock}), which sit in the cache-name place: when the cache's escaped name is the
   * namespace up to its first separator character. With {@code _} as separator and {@code T_} as tag prefix, cache
   * {@code T}, key {@code _products_t1} would otherwise be the time of tag {@code t1} of cache {@code products}.
   */
  boolean collides(String cacheName, String namespace) {
    int end = firstSeparatorChar(namespace, 0);
    return escaped(cacheName).equals(end < 0 ? namespace : namespace.substring(0, end));
  }

  private int firstSeparatorChar(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      if (separator.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** {@code cacheName} with {@code %} and the separator's characters percent-encoded, so names never run together. */
  String escaped(String cacheName) {
    StringBuilder out = new StringBuilder(cacheName.length());
    cacheName.codePoints().forEach(c -> {
      if (c == '%' || separator.indexOf(c) >= 0) {
        for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(String.format("%02X", b & 0xff));
        }
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name + " must not be null");
    if (value.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
  }

  /** Builds {@link InternalKeys}; each setter replaces one default, {@link #build()} checks them together. */
  public static final class Builder {
    private String separator = DEFAULTS.separator;
    private String tagPrefix = DEFAULTS.tagPrefix;
    private String clearExpireTag = DEFAULTS.clearExpireTag;
    private String clearRemoveTag = DEFAULTS.clearRemoveTag;

    private Builder() {}

    /**
     * Joins the parts of a key (default {@code :}).
     *
     * @param separator joins the parts of a key; non-empty
     * @return this builder
     */
    public Builder separator(String separator) {
      this.separator = separator;
      return this;
    }

    /**
     * The key part under which tag removal times live (default {@code ~tag}).
     *
     * @param tagPrefix the key part under which tag removal times live; non-empty
     * @return this builder
     */
    public Builder tagPrefix(String tagPrefix) {
      this.tagPrefix = tagPrefix;
      return this;
    }

    /**
     * The special tag of {@code clear(true)} (default {@code *}).
     *
     * @param tag the tag
     * @return this builder
     */
    public Builder clearExpireTag(String tag) {
      this.clearExpireTag = tag;
      return this;
    }

    /**
     * The special tag of {@code clear(false)} (default {@code !}).
     *
     * @param tag the tag
     * @return this builder
     */
    public Builder clearRemoveTag(String tag) {
      this.clearRemoveTag = tag;
      return this;
    }

    /**
     * {@return the keys}
     *
     * @throws NullPointerException if a part is null
     * @throws IllegalArgumentException if a part is empty, or the clear tags are equal
     */
    public InternalKeys build() {
      return new InternalKeys(separator, tagPrefix, clearExpireTag, clearRemoveTag);
    }
  }
}

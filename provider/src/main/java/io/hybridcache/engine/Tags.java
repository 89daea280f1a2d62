package io.hybridcache.engine;

import java.util.Objects;
import java.util.Set;

/**
 * Validation of tag sets: no null set, no null, empty or overlong tag; the result is an immutable copy. An entry's tags
 * are also bounded in number ({@link #ofEntry}): each read of a tagged entry may need the removal time of every tag,
 * so an unbounded set would make one entry cost as many lookups as it has tags.
 */
final class Tags {
  /** The default bound on the number of tags one entry carries ({@code maxTagsPerEntry}). */
  static final int DEFAULT_MAX_PER_ENTRY = 100;
  /**
   * The longest tag, in UTF-16 characters: a tag is part of a key in the distributed level and of a backplane message,
   * and is stored in every envelope of an entry carrying it.
   */
  static final int MAX_LENGTH = 1_024;
  /** The most UTF-8 bytes a tag of {@link #MAX_LENGTH} characters takes (each character at most three bytes). */
  static final int MAX_UTF8_BYTES = 3 * MAX_LENGTH;

  private final int maxPerEntry;

  /** @param maxPerEntry the most tags one entry may carry; positive */
  Tags(int maxPerEntry) {
    this.maxPerEntry = checkMaxPerEntry(maxPerEntry);
  }

  /** {@code maxPerEntry} if it is a valid bound (1 or more), else an {@link IllegalArgumentException} saying so. */
  static int checkMaxPerEntry(int maxPerEntry) {
    if (maxPerEntry < 1) {
      throw new IllegalArgumentException("maxTagsPerEntry must be at least 1, was " + maxPerEntry);
    }
    return maxPerEntry;
  }

  /** The most tags one entry may carry. */
  int maxPerEntry() {
    return maxPerEntry;
  }

  /**
   * The tags of an entry being written, {@link #validated} and at most {@link #maxPerEntry()} of them.
   *
   * @throws IllegalArgumentException naming the count, the bound and the setting when there are more
   */
  Set<String> ofEntry(Set<String> tags) {
    Objects.requireNonNull(tags, "tags must not be null (use Set.of() for none)");
    if (tags.size() > maxPerEntry) {
      throw new IllegalArgumentException("an entry may carry at most " + maxPerEntry + " tags (maxTagsPerEntry), "
          + "was given " + tags.size() + "; tag it more coarsely or raise maxTagsPerEntry");
    }
    return validated(tags);
  }

  /**
   * {@code tags} checked: not null, each tag neither null, empty nor longer than {@link #MAX_LENGTH} characters.
   *
   * @throws NullPointerException for a null set or tag
   * @throws IllegalArgumentException for an empty or overlong tag
   */
  static Set<String> validated(Set<String> tags) {
    Objects.requireNonNull(tags, "tags must not be null (use Set.of() for none)");
    if (tags.isEmpty()) {
      return Set.of();
    }
    for (String tag : tags) {
      Objects.requireNonNull(tag, "a tag must not be null");
      if (tag.isEmpty()) {
        throw new IllegalArgumentException("a tag must not be empty; tags were " + tags);
      }
      if (tag.length() > MAX_LENGTH) {
        throw new IllegalArgumentException("a tag may be at most " + MAX_LENGTH + " characters long, one was "
            + tag.length() + " (starting '" + tag.substring(0, 40) + "'); use a shorter tag");
      }
    }
    return Set.copyOf(tags);
  }
}

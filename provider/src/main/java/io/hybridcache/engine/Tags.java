package io.hybridcache.engine;

import java.util.Objects;
import java.util.Set;

/** Validation of tag sets: no null set, no null or empty tag; the result is an immutable copy. */
final class Tags {
  private Tags() {}

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
    }
    return Set.copyOf(tags);
  }
}

package io.hybridcache.jcache;

import io.hybridcache.EntryOptions;
import io.hybridcache.engine.HybridCacheEngineBuilder;
import io.hybridcache.engine.TagRemoval;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What one cache gets from the configuration file: its default entry options, the bound of its memory level (a
 * maximum number of entries or a maximum total weight, never both) and whether it uses the manager's distributed level
 * and backplane, when the manager has them, what a tag removal does to the entries it hides, how many tags one entry
 * may carry, and whether its JSR-107 statistics and management MXBeans are on from its creation.
 *
 * @throws NullPointerException if a component is null
 * @throws IllegalArgumentException if a bound is not positive, or both bounds are set
 */
record CacheSettings(EntryOptions options, OptionalLong maximumSize, OptionalLong maximumWeight,
    boolean distributedLevel, boolean backplane, TagRemoval tagRemoval, int maxTagsPerEntry,
    boolean statisticsEnabled, boolean managementEnabled) {

  /**
   * What a cache gets when no file says otherwise: entry option defaults, at most 10,000 entries, L2 and backplane,
   * statistics and management off.
   */
  static final CacheSettings BUILT_IN =
      new CacheSettings(EntryOptions.defaults(), OptionalLong.of(10_000), OptionalLong.empty(), true, true);

  CacheSettings {
    Objects.requireNonNull(options, "options must not be null");
    Objects.requireNonNull(maximumSize, "maximumSize must not be null");
    Objects.requireNonNull(maximumWeight, "maximumWeight must not be null");
    if (maximumSize.isPresent() && maximumWeight.isPresent()) {
      throw new IllegalArgumentException("maximumSize and maximumWeight are exclusive, set one of them");
    }
    if (maximumSize.orElse(1) <= 0 || maximumWeight.orElse(1) <= 0) {
      throw new IllegalArgumentException("maximumSize and maximumWeight must be positive, were "
          + maximumSize + " and " + maximumWeight);
    }
    Objects.requireNonNull(tagRemoval, "tagRemoval must not be null");
    if (maxTagsPerEntry < 1) {
      throw new IllegalArgumentException("maxTagsPerEntry must be at least 1, was " + maxTagsPerEntry);
    }
  }

  /** Settings with the default bound on tags per entry, statistics and management off. */
  CacheSettings(EntryOptions options, OptionalLong maximumSize, OptionalLong maximumWeight, boolean distributedLevel,
      boolean backplane, TagRemoval tagRemoval) {
    this(options, maximumSize, maximumWeight, distributedLevel, backplane, tagRemoval,
        HybridCacheEngineBuilder.DEFAULT_MAX_TAGS_PER_ENTRY, false, false);
  }

  /** Settings whose tag removals expire entries ({@link TagRemoval#EXPIRE}), with the defaults above. */
  CacheSettings(EntryOptions options, OptionalLong maximumSize, OptionalLong maximumWeight, boolean distributedLevel,
      boolean backplane) {
    this(options, maximumSize, maximumWeight, distributedLevel, backplane, TagRemoval.EXPIRE);
  }
}

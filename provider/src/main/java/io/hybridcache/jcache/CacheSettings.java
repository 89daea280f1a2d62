package io.hybridcache.jcache;

import io.hybridcache.EntryOptions;
import io.hybridcache.engine.TagRemoval;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What one cache gets from the configuration file: its default entry options, the bound of its memory level (a
 * maximum number of entries or a maximum total weight, never both) and whether it uses the manager's distributed level
 * and backplane, when the manager has them, and whether its JSR-107 statistics and management MXBeans are on from
 * its creation.
 *
 * @throws NullPointerException if a component is null
 * @throws IllegalArgumentException if a bound is not positive, or both bounds are set
 */
record CacheSettings(EntryOptions options, OptionalLong maximumSize, OptionalLong maximumWeight,
    boolean distributedLevel, boolean backplane, TagRemoval tagRemoval, boolean statisticsEnabled,
    boolean managementEnabled) {

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
  }

  /** Settings with statistics and management off. */
  CacheSettings(EntryOptions options, OptionalLong maximumSize, OptionalLong maximumWeight, boolean distributedLevel,
      boolean backplane, TagRemoval tagRemoval) {
    this(options, maximumSize, maximumWeight, distributedLevel, backplane, tagRemoval, false, false);
  }

  /** Settings whose tag removals expire entries ({@link TagRemoval#EXPIRE}), statistics and management off. */
  CacheSettings(EntryOptions options, OptionalLong maximumSize, OptionalLong maximumWeight, boolean distributedLevel,
      boolean backplane) {
    this(options, maximumSize, maximumWeight, distributedLevel, backplane, TagRemoval.EXPIRE);
  }
}

package io.hybridcache.jcache;

import io.hybridcache.EntryOptions;
import io.hybridcache.engine.HybridCacheEngineBuilder;
import io.hybridcache.engine.TagRemoval;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Reads a cache section of the configuration file ({@code defaults} or {@code caches.<name>}) over the settings it
 * refines: each key written replaces the inherited value of that key alone, every other value is inherited.
 *
 * <p>Keys: the entry options ({@link EntryOptionKeys}), {@code maximumSize} and {@code maximumWeight} (positive whole
 * numbers; a section may set one of them, and the one it sets replaces the inherited bound, whichever it was), and
 * the booleans {@code distributedLevel} and {@code backplane}, {@code tagRemoval} ({@code expire} or
 * {@code remove}: what a read does to an entry hidden by the removal of one of its tags), {@code maxTagsPerEntry}
 * (1 to 10,000, default 100: the most tags one entry may carry; see {@link HybridCacheEngineBuilder#maxTagsPerEntry}),
 * and the booleans {@code statisticsEnabled} and {@code managementEnabled} (the JSR-107 statistics and configuration
 * MXBeans of the cache, on from its creation; {@code false} by default).
 */
final class CacheSection {
  static final String MAXIMUM_SIZE = "maximumSize";
  static final String MAXIMUM_WEIGHT = "maximumWeight";
  static final String DISTRIBUTED_LEVEL = "distributedLevel";
  static final String BACKPLANE = "backplane";
  static final String TAG_REMOVAL = "tagRemoval";
  static final String MAX_TAGS_PER_ENTRY = "maxTagsPerEntry";
  static final String STATISTICS_ENABLED = "statisticsEnabled";
  static final String MANAGEMENT_ENABLED = "managementEnabled";

  /** The largest {@code maxTagsPerEntry} a file may set. */
  static final int MAX_TAGS_LIMIT = 10_000;

  /** Every key a cache section may hold. */
  static final List<String> KEYS = keys();

  private CacheSection() {}

  /**
   * The settings {@code section} describes on top of {@code inherited}.
   *
   * @throws ConfigFileException for an unknown key, a value of the wrong type or out of range, both bounds set, or
   *     entry options that do not fit together (such as a soft timeout not shorter than the hard one)
   */
  static CacheSettings read(YamlSection section, CacheSettings inherited) {
    section.requireKnownKeys(KEYS);
    EntryOptions.Builder options = inherited.options().toBuilder();
    for (String key : section.keys()) {
      if (EntryOptionKeys.names().contains(key)) {
        EntryOptionKeys.apply(options, section, key);
      }
    }
    OptionalLong maximumSize = inherited.maximumSize();
    OptionalLong maximumWeight = inherited.maximumWeight();
    if (section.has(MAXIMUM_SIZE) && section.has(MAXIMUM_WEIGHT)) {
      throw section.error("maximumSize and maximumWeight are exclusive: bound the cache by entry count "
          + "(maximumSize) or by total weight (maximumWeight), remove one of them");
    } else if (section.has(MAXIMUM_SIZE)) {
      maximumSize = OptionalLong.of(section.positiveLong(MAXIMUM_SIZE));
      maximumWeight = OptionalLong.empty();
    } else if (section.has(MAXIMUM_WEIGHT)) {
      maximumWeight = OptionalLong.of(section.positiveLong(MAXIMUM_WEIGHT));
      maximumSize = OptionalLong.empty();
    }
    boolean distributedLevel = section.has(DISTRIBUTED_LEVEL)
        ? section.bool(DISTRIBUTED_LEVEL) : inherited.distributedLevel();
    boolean backplane = section.has(BACKPLANE) ? section.bool(BACKPLANE) : inherited.backplane();
    TagRemoval tagRemoval = inherited.tagRemoval();
    if (section.has(TAG_REMOVAL)) {
      String value = section.text(TAG_REMOVAL);
      try {
        tagRemoval = TagRemoval.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw section.error(TAG_REMOVAL, "must be expire (entries hidden by a tag removal stay as fail-safe "
            + "fallbacks) or remove (no fallback), was \"" + value + "\"");
      }
    }
    int maxTags = inherited.maxTagsPerEntry();
    if (section.has(MAX_TAGS_PER_ENTRY)) {
      long n = section.positiveLong(MAX_TAGS_PER_ENTRY);
      if (n > MAX_TAGS_LIMIT) {
        throw section.error(MAX_TAGS_PER_ENTRY, "must be at most " + MAX_TAGS_LIMIT + " (every tag of an entry may "
            + "cost a lookup on read), was " + n);
      }
      maxTags = (int) n;
    }
    boolean statistics = section.has(STATISTICS_ENABLED)
        ? section.bool(STATISTICS_ENABLED) : inherited.statisticsEnabled();
    boolean management = section.has(MANAGEMENT_ENABLED)
        ? section.bool(MANAGEMENT_ENABLED) : inherited.managementEnabled();
    return new CacheSettings(build(options, section), maximumSize, maximumWeight, distributedLevel, backplane,
        tagRemoval, maxTags, statistics, management);
  }

  private static EntryOptions build(EntryOptions.Builder options, YamlSection section) {
    try {
      return options.build();
    } catch (IllegalArgumentException e) {
      throw section.error(e.getMessage());
    }
  }

  private static List<String> keys() {
    List<String> keys = new ArrayList<>(EntryOptionKeys.names());
    keys.addAll(List.of(MAXIMUM_SIZE, MAXIMUM_WEIGHT, DISTRIBUTED_LEVEL, BACKPLANE, TAG_REMOVAL, MAX_TAGS_PER_ENTRY,
        STATISTICS_ENABLED, MANAGEMENT_ENABLED));
    return Collections.unmodifiableList(keys);
  }
}

package io.hybridcache.jcache;

import io.hybridcache.EntryOptions;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The entry-option keys of a cache section: one per {@link EntryOptions} option, named as its getter, each applied to a
 * builder through the builder method of the same name.
 *
 * <p>Durations are read by {@link DurationText}; the options that may be absent also take {@code none}
 * ({@code jitterMaxDuration: none} means no jitter), {@code duration} also takes {@code eternal}.
 * {@code eagerRefreshThreshold} is a number strictly between 0 and 1, or {@code none}; {@code size} a whole number of
 * zero or more, or {@code none}. The rest are booleans.
 */
final class EntryOptionKeys {

  /** Reads the value of one key from a section and sets it on a builder. */
  private interface Setter {
    void apply(EntryOptions.Builder builder, YamlSection section, String key);
  }

  private static final Map<String, Setter> SETTERS = setters();

  private EntryOptionKeys() {}

  /** The keys, in the order of {@link EntryOptions}'s documentation. */
  static Set<String> names() {
    return SETTERS.keySet();
  }

  /**
   * Sets on {@code builder} the option {@code key} of {@code section} holds; a value the builder rejects becomes a
   * {@link ConfigFileException} at that key, carrying the builder's message.
   *
   * @throws IllegalArgumentException if {@code key} is not one of {@link #names()}
   */
  static void apply(EntryOptions.Builder builder, YamlSection section, String key) {
    Setter setter = SETTERS.get(key);
    if (setter == null) {
      throw new IllegalArgumentException("not an entry option: " + key);
    }
    try {
      setter.apply(builder, section, key);
    } catch (IllegalArgumentException e) {
      throw section.error(key, e.getMessage());
    }
  }

  private static Map<String, Setter> setters() {
    Map<String, Setter> m = new LinkedHashMap<>();
    m.put("duration", (b, s, k) -> b.duration(s.duration(k, DurationText::parseOrEternal)));
    m.put("jitterMaxDuration", (b, s, k) ->
        b.jitterMaxDuration(s.duration(k, DurationText::parseOrNone).orElse(Duration.ZERO)));
    m.put("failSafe", (b, s, k) -> b.failSafe(s.bool(k)));
    m.put("failSafeMaxDuration", (b, s, k) -> b.failSafeMaxDuration(s.duration(k, DurationText::parse)));
    m.put("failSafeThrottleDuration", (b, s, k) -> b.failSafeThrottleDuration(s.duration(k, DurationText::parse)));
    m.put("factorySoftTimeout", (b, s, k) -> b.factorySoftTimeout(optionalDuration(s, k)));
    m.put("factoryHardTimeout", (b, s, k) -> b.factoryHardTimeout(optionalDuration(s, k)));
    m.put("allowTimedOutFactoryBackgroundCompletion", (b, s, k) ->
        b.allowTimedOutFactoryBackgroundCompletion(s.bool(k)));
    m.put("distributedCacheDuration", (b, s, k) -> b.distributedCacheDuration(optionalDuration(s, k)));
    m.put("distributedCacheSoftTimeout", (b, s, k) -> b.distributedCacheSoftTimeout(optionalDuration(s, k)));
    m.put("distributedCacheHardTimeout", (b, s, k) -> b.distributedCacheHardTimeout(optionalDuration(s, k)));
    m.put("backgroundDistributedCacheOperations", (b, s, k) -> b.backgroundDistributedCacheOperations(s.bool(k)));
    m.put("backgroundBackplaneOperations", (b, s, k) -> b.backgroundBackplaneOperations(s.bool(k)));
    m.put("reThrowDistributedCacheExceptions", (b, s, k) -> b.reThrowDistributedCacheExceptions(s.bool(k)));
    m.put("reThrowBackplaneExceptions", (b, s, k) -> b.reThrowBackplaneExceptions(s.bool(k)));
    m.put("reThrowSerializationExceptions", (b, s, k) -> b.reThrowSerializationExceptions(s.bool(k)));
    m.put("eagerRefreshThreshold", (b, s, k) -> {
      if (s.isWord(k, DurationText.NONE)) {
        b.noEagerRefresh();
      } else {
        b.eagerRefreshThreshold(s.number(k));
      }
    });
    m.put("skipMemoryCacheRead", (b, s, k) -> b.skipMemoryCacheRead(s.bool(k)));
    m.put("skipMemoryCacheWrite", (b, s, k) -> b.skipMemoryCacheWrite(s.bool(k)));
    m.put("skipDistributedCacheRead", (b, s, k) -> b.skipDistributedCacheRead(s.bool(k)));
    m.put("skipDistributedCacheWrite", (b, s, k) -> b.skipDistributedCacheWrite(s.bool(k)));
    m.put("skipBackplaneNotifications", (b, s, k) -> b.skipBackplaneNotifications(s.bool(k)));
    m.put("allowStaleOnReadOnly", (b, s, k) -> b.allowStaleOnReadOnly(s.bool(k)));
    m.put("lockTimeout", (b, s, k) -> b.lockTimeout(optionalDuration(s, k)));
    m.put("skipDistributedLocking", (b, s, k) -> b.skipDistributedLocking(s.bool(k)));
    m.put("distributedLockTimeout", (b, s, k) -> b.distributedLockTimeout(optionalDuration(s, k)));
    m.put("size", (b, s, k) -> {
      if (s.isWord(k, DurationText.NONE)) {
        b.noSize();
      } else {
        b.size(s.wholeNumber(k));
      }
    });
    return Collections.unmodifiableMap(m);
  }

  private static Duration optionalDuration(YamlSection section, String key) {
    return section.duration(key, DurationText::parseOrNone).orElse(null);
  }
}

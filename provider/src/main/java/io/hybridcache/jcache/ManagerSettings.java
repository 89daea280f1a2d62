package io.hybridcache.jcache;

import io.hybridcache.engine.AutoRecovery;
import io.hybridcache.engine.InternalKeys;
import io.hybridcache.redis.RedisConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A cache manager's settings, as its configuration file gives them ({@link ConfigFile}).
 *
 * @param source the file read, or null when there was none (built-in defaults)
 * @param keyPrefix the first part of every Redis key and channel name; non-blank, no whitespace, none of the
 *     characters of {@code internalKeys}' separator
 * @param redis the raw {@code redis} section, a Redisson configuration handed to Redisson as is; null when absent, and
 *     then the manager has no distributed level and no backplane
 * @param backplane the backplane settings
 * @param internalKeys the strings the distributed level's keys are built from (section {@code internalKeys})
 * @param serialization the classes values read from the distributed level may hold (section {@code serialization})
 * @param circuitBreakers how long a failed component is skipped (section {@code circuitBreakers})
 * @param autoRecovery how failed distributed operations are made again, or null for never (section
 *     {@code autoRecovery})
 * @param security the envelope keys (section {@code security})
 * @param tombstoneDuration how long Redis remembers a removal (section {@code tombstones}); zero for not at all
 * @param distributedLocking whether a key's {@code getOrSet} misses and atomic operations take a lock every node
 *     shares ({@code distributedLocking}; needs {@code redis})
 * @param defaults what a cache gets when the file does not name it
 * @param caches the caches the file names, each with its keys merged over {@code defaults}, in file order
 * @throws NullPointerException if a component other than {@code source} or {@code redis} is null
 * @throws IllegalArgumentException if {@code keyPrefix} is blank, holds whitespace or a character of the separator
 */
record ManagerSettings(URI source, String keyPrefix, Map<String, Object> redis, BackplaneSettings backplane,
    CacheSettings defaults, Map<String, CacheSettings> caches, InternalKeys internalKeys,
    SerializationSettings serialization, CircuitBreakerSettings circuitBreakers, AutoRecovery autoRecovery,
    SecuritySettings security, Duration tombstoneDuration, boolean distributedLocking) {

  /** The key prefix when the file gives none. */
  static final String DEFAULT_KEY_PREFIX = "hybridcache";

  ManagerSettings {
    checkKeyPrefix(keyPrefix);
    Objects.requireNonNull(backplane, "backplane must not be null");
    Objects.requireNonNull(defaults, "defaults must not be null");
    redis = redis == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(redis));
    Objects.requireNonNull(caches, "caches must not be null");
    caches = Collections.unmodifiableMap(new LinkedHashMap<>(caches));
    Objects.requireNonNull(internalKeys, "internalKeys must not be null");
    internalKeys.checkKeyPrefix(keyPrefix);
    Objects.requireNonNull(serialization, "serialization must not be null");
    Objects.requireNonNull(circuitBreakers, "circuitBreakers must not be null");
    Objects.requireNonNull(security, "security must not be null");
    RedisConnection.checkTombstoneDuration(tombstoneDuration);
  }

  /** Settings without distributed locking. */
  ManagerSettings(URI source, String keyPrefix, Map<String, Object> redis, BackplaneSettings backplane,
      CacheSettings defaults, Map<String, CacheSettings> caches, InternalKeys internalKeys,
      SerializationSettings serialization, CircuitBreakerSettings circuitBreakers, AutoRecovery autoRecovery,
      SecuritySettings security, Duration tombstoneDuration) {
    this(source, keyPrefix, redis, backplane, defaults, caches, internalKeys, serialization, circuitBreakers,
        autoRecovery, security, tombstoneDuration, false);
  }

  /** Settings with the default tombstone duration. */
  ManagerSettings(URI source, String keyPrefix, Map<String, Object> redis, BackplaneSettings backplane,
      CacheSettings defaults, Map<String, CacheSettings> caches, InternalKeys internalKeys,
      SerializationSettings serialization, CircuitBreakerSettings circuitBreakers, AutoRecovery autoRecovery,
      SecuritySettings security) {
    this(source, keyPrefix, redis, backplane, defaults, caches, internalKeys, serialization, circuitBreakers,
        autoRecovery, security, RedisConnection.DEFAULT_TOMBSTONE_DURATION);
  }

  /** Settings with unsigned envelopes. */
  ManagerSettings(URI source, String keyPrefix, Map<String, Object> redis, BackplaneSettings backplane,
      CacheSettings defaults, Map<String, CacheSettings> caches, InternalKeys internalKeys,
      SerializationSettings serialization, CircuitBreakerSettings circuitBreakers, AutoRecovery autoRecovery) {
    this(source, keyPrefix, redis, backplane, defaults, caches, internalKeys, serialization, circuitBreakers,
        autoRecovery, SecuritySettings.BUILT_IN);
  }

  /** Settings with the default auto-recovery. */
  ManagerSettings(URI source, String keyPrefix, Map<String, Object> redis, BackplaneSettings backplane,
      CacheSettings defaults, Map<String, CacheSettings> caches, InternalKeys internalKeys,
      SerializationSettings serialization, CircuitBreakerSettings circuitBreakers) {
    this(source, keyPrefix, redis, backplane, defaults, caches, internalKeys, serialization, circuitBreakers,
        AutoRecovery.defaults());
  }

  /** Settings with the default internal key strings. */
  ManagerSettings(URI source, String keyPrefix, Map<String, Object> redis, BackplaneSettings backplane,
      CacheSettings defaults, Map<String, CacheSettings> caches) {
    this(source, keyPrefix, redis, backplane, defaults, caches, InternalKeys.defaults(),
        SerializationSettings.BUILT_IN, CircuitBreakerSettings.BUILT_IN);
  }

  /** The settings of a manager without a file: L1 only, bounded built-in defaults for every cache. */
  static ManagerSettings builtIn() {
    return new ManagerSettings(null, DEFAULT_KEY_PREFIX, null, BackplaneSettings.BUILT_IN, CacheSettings.BUILT_IN,
        Map.of());
  }

  /**
   * The settings of the cache {@code name}: those the file gives it, or {@link #defaults()} for a cache it does not
   * name (such as the caches Hibernate and Spring create on the fly).
   *
   * @throws NullPointerException if {@code name} is null
   */
  CacheSettings cache(String name) {
    Objects.requireNonNull(name, "name must not be null");
    return caches.getOrDefault(name, defaults);
  }

  /**
   * Checks a key prefix.
   *
   * @throws NullPointerException if it is null
   * @throws IllegalArgumentException if it is blank or holds whitespace, with a message saying which
   */
  static String checkKeyPrefix(String keyPrefix) {
    Objects.requireNonNull(keyPrefix, "keyPrefix must not be null");
    if (keyPrefix.isEmpty() || keyPrefix.codePoints().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("keyPrefix must be non-blank text without whitespace (e.g. shop), was \""
          + keyPrefix + "\"");
    }
    return keyPrefix;
  }
}

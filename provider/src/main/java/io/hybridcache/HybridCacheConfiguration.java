package io.hybridcache;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/**
 * A JCache configuration with HybridCache's extras: the cache's default {@link EntryOptions}, a bound on its memory
 * level (a maximum number of entries or a maximum total weight) and switches for its distributed level and backplane.
 *
 * <p>Pass it to {@code CacheManager.createCache(name, configuration)}. Each extra left unset falls back to what the
 * manager's configuration file says for the cache (or to the built-in defaults). Every setter returns this
 * configuration, so a fluent chain keeps its type:
 *
 * <pre>{@code
 * new HybridCacheConfiguration<String, User>()
 *     .setTypes(String.class, User.class)
 *     .setDefaultEntryOptions(EntryOptions.builder().duration(Duration.ofMinutes(5)).failSafe(true).build())
 *     .setMaximumSize(50_000)
 *     .setStatisticsEnabled(true);
 * }</pre>
 *
 * <p>The setters inherited from {@link MutableConfiguration} keep their JSR-107 meaning, nulls included (a null loader
 * or writer factory means none, a null expiry policy factory means eternal). The setters of the extras reject a null
 * with {@link NullPointerException} naming the parameter.
 *
 * <p><b>Serialization.</b> Like its superclass this class is {@link java.io.Serializable}, but {@link EntryOptions} is
 * not: the default entry options are {@code transient}. A deserialized copy keeps every other setting and has no
 * default entry options, so its cache falls back to the manager's defaults; set them again if they matter.
 *
 * <p><b>Equality.</b> Two instances are equal when {@link MutableConfiguration#equals(Object)} holds and their extras
 * are equal. A plain {@link MutableConfiguration} never equals a {@code HybridCacheConfiguration}, although the
 * superclass's {@code equals}, called on the plain one, may say otherwise.
 *
 * <p>Instances are mutable and not thread-safe, like their superclass.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public class HybridCacheConfiguration<K, V> extends MutableConfiguration<K, V> {
  private static final long serialVersionUID = 1L;

  private transient EntryOptions defaultEntryOptions; // null = the manager's defaults
  /** The most entries of the memory level; 0 = unset. */
  private long maximumSize;
  /** The most total weight of the memory level; 0 = unset. */
  private long maximumWeight;
  /** Whether the cache uses the manager's distributed level. */
  private boolean distributedLevelEnabled = true;
  /** Whether the cache sends and receives backplane notifications. */
  private boolean backplaneEnabled = true;

  /** Creates a configuration with the JSR-107 defaults and no extras set; both switches are on. */
  public HybridCacheConfiguration() {}

  /**
   * Creates a copy of {@code configuration}: every JSR-107 setting, and the extras too when it is a
   * {@code HybridCacheConfiguration} (otherwise they stay unset and both switches on). Later changes to either
   * configuration do not affect the other.
   *
   * @param configuration the configuration to copy
   * @throws NullPointerException if {@code configuration} is null
   */
  public HybridCacheConfiguration(CompleteConfiguration<K, V> configuration) {
    super(Objects.requireNonNull(configuration, "configuration must not be null"));
    if (configuration instanceof HybridCacheConfiguration<?, ?> other) {
      defaultEntryOptions = other.defaultEntryOptions;
      maximumSize = other.maximumSize;
      maximumWeight = other.maximumWeight;
      distributedLevelEnabled = other.distributedLevelEnabled;
      backplaneEnabled = other.backplaneEnabled;
    }
  }

  // ---------------------------------------------------------------- extras

  /**
   * {@return the options used by the cache's operations that take none} Empty when unset (the manager's defaults
   * apply), and after deserialization (see the class description).
   */
  public Optional<EntryOptions> getDefaultEntryOptions() {
    return Optional.ofNullable(defaultEntryOptions);
  }

  /**
   * Sets the options used by the cache's operations that take none, replacing any set before.
   *
   * @param options the options
   * @return this configuration
   * @throws NullPointerException if {@code options} is null
   */
  public HybridCacheConfiguration<K, V> setDefaultEntryOptions(EntryOptions options) {
    this.defaultEntryOptions = Objects.requireNonNull(options, "options must not be null");
    return this;
  }

  /** {@return the maximum number of entries in the memory level} Empty when unset. */
  public OptionalLong getMaximumSize() {
    return maximumSize == 0 ? OptionalLong.empty() : OptionalLong.of(maximumSize);
  }

  /**
   * Bounds the memory level to {@code maximumSize} entries, replacing a size set before.
   *
   * @param maximumSize the most entries the memory level holds; positive
   * @return this configuration
   * @throws IllegalArgumentException if {@code maximumSize} is not positive
   * @throws IllegalStateException if a maximum weight is set: a cache is bounded by size or by weight, not both
   */
  public HybridCacheConfiguration<K, V> setMaximumSize(long maximumSize) {
    requirePositive("maximumSize", maximumSize);
    if (this.maximumWeight != 0) {
      throw new IllegalStateException("maximumSize and maximumWeight are exclusive: maximumWeight is already set to "
          + this.maximumWeight + ", so maximumSize " + maximumSize + " cannot be set too");
    }
    this.maximumSize = maximumSize;
    return this;
  }

  /**
   * The maximum total weight of the entries in the memory level (each weighing its {@link EntryOptions#size()}, 1
   * when absent); empty when unset.
   *
   * @return the maximum total weight of the entries in the memory level
   */
  public OptionalLong getMaximumWeight() {
    return maximumWeight == 0 ? OptionalLong.empty() : OptionalLong.of(maximumWeight);
  }

  /**
   * Bounds the memory level to a total weight of {@code maximumWeight}, replacing a weight set before.
   *
   * @param maximumWeight the most total weight the memory level holds; positive
   * @return this configuration
   * @throws IllegalArgumentException if {@code maximumWeight} is not positive
   * @throws IllegalStateException if a maximum size is set: a cache is bounded by size or by weight, not both
   */
  public HybridCacheConfiguration<K, V> setMaximumWeight(long maximumWeight) {
    requirePositive("maximumWeight", maximumWeight);
    if (this.maximumSize != 0) {
      throw new IllegalStateException("maximumSize and maximumWeight are exclusive: maximumSize is already set to "
          + this.maximumSize + ", so maximumWeight " + maximumWeight + " cannot be set too");
    }
    this.maximumWeight = maximumWeight;
    return this;
  }

  /**
   * {@return whether the cache uses the distributed level when its manager has one (default true)} Without one, this
   * switch changes nothing.
   */
  public boolean isDistributedLevelEnabled() {
    return distributedLevelEnabled;
  }

  /**
   * Sets whether the cache uses the distributed level when its manager has one.
   *
   * @param enabled whether it is on
   * @return this configuration
   */
  public HybridCacheConfiguration<K, V> setDistributedLevelEnabled(boolean enabled) {
    this.distributedLevelEnabled = enabled;
    return this;
  }

  /**
   * {@return whether the cache sends and receives backplane notifications when its manager has a backplane (default
   * true)} without one, this switch changes nothing.
   */
  public boolean isBackplaneEnabled() {
    return backplaneEnabled;
  }

  /**
   * Sets whether the cache sends and receives backplane notifications when its manager has a backplane.
   *
   * @param enabled whether it is on
   * @return this configuration
   */
  public HybridCacheConfiguration<K, V> setBackplaneEnabled(boolean enabled) {
    this.backplaneEnabled = enabled;
    return this;
  }

  // ---------------------------------------------------------------- JSR-107 setters, covariant

  /**
   * As {@link MutableConfiguration#setTypes(Class, Class)}: {@code Object.class} for both means unchecked types.
   *
   * @throws NullPointerException if {@code keyType} or {@code valueType} is null
   */
  @Override
  public HybridCacheConfiguration<K, V> setTypes(Class<K> keyType, Class<V> valueType) {
    Objects.requireNonNull(keyType, "keyType must not be null");
    Objects.requireNonNull(valueType, "valueType must not be null");
    super.setTypes(keyType, valueType);
    return this;
  }

  /**
   * As {@link MutableConfiguration#addCacheEntryListenerConfiguration(CacheEntryListenerConfiguration)}.
   *
   * @throws NullPointerException if {@code listenerConfiguration} is null
   * @throws IllegalArgumentException if an equal listener configuration is already registered
   */
  @Override
  public HybridCacheConfiguration<K, V> addCacheEntryListenerConfiguration(
      CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    Objects.requireNonNull(listenerConfiguration, "listenerConfiguration must not be null");
    super.addCacheEntryListenerConfiguration(listenerConfiguration);
    return this;
  }

  /**
   * As {@link MutableConfiguration#removeCacheEntryListenerConfiguration(CacheEntryListenerConfiguration)}; removing
   * a configuration that is not registered does nothing.
   *
   * @throws NullPointerException if {@code listenerConfiguration} is null
   */
  @Override
  public HybridCacheConfiguration<K, V> removeCacheEntryListenerConfiguration(
      CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    Objects.requireNonNull(listenerConfiguration, "listenerConfiguration must not be null");
    super.removeCacheEntryListenerConfiguration(listenerConfiguration);
    return this;
  }

  /** As {@link MutableConfiguration#setCacheLoaderFactory(Factory)}: {@code null} means no loader. */
  @Override
  public HybridCacheConfiguration<K, V> setCacheLoaderFactory(Factory<? extends CacheLoader<K, V>> factory) {
    super.setCacheLoaderFactory(factory);
    return this;
  }

  /** As {@link MutableConfiguration#setCacheWriterFactory(Factory)}: {@code null} means no writer. */
  @Override
  public HybridCacheConfiguration<K, V> setCacheWriterFactory(
      Factory<? extends CacheWriter<? super K, ? super V>> factory) {
    super.setCacheWriterFactory(factory);
    return this;
  }

  /** As {@link MutableConfiguration#setExpiryPolicyFactory(Factory)}: {@code null} means eternal entries. */
  @Override
  public HybridCacheConfiguration<K, V> setExpiryPolicyFactory(Factory<? extends ExpiryPolicy> factory) {
    super.setExpiryPolicyFactory(factory);
    return this;
  }

  /** As {@link MutableConfiguration#setReadThrough(boolean)}: a miss calls the loader (which then needs a factory). */
  @Override
  public HybridCacheConfiguration<K, V> setReadThrough(boolean readThrough) {
    super.setReadThrough(readThrough);
    return this;
  }

  /** As {@link MutableConfiguration#setWriteThrough(boolean)}: writes call the writer (which then needs a factory). */
  @Override
  public HybridCacheConfiguration<K, V> setWriteThrough(boolean writeThrough) {
    super.setWriteThrough(writeThrough);
    return this;
  }

  /** As {@link MutableConfiguration#setStoreByValue(boolean)}: by value (the default) or by reference. */
  @Override
  public HybridCacheConfiguration<K, V> setStoreByValue(boolean storeByValue) {
    super.setStoreByValue(storeByValue);
    return this;
  }

  /** As {@link MutableConfiguration#setStatisticsEnabled(boolean)}. */
  @Override
  public HybridCacheConfiguration<K, V> setStatisticsEnabled(boolean enabled) {
    super.setStatisticsEnabled(enabled);
    return this;
  }

  /** As {@link MutableConfiguration#setManagementEnabled(boolean)}. */
  @Override
  public HybridCacheConfiguration<K, V> setManagementEnabled(boolean enabled) {
    super.setManagementEnabled(enabled);
    return this;
  }

  // ---------------------------------------------------------------- equality

  /** Equal when the JSR-107 settings are equal (as the superclass compares them) and the extras are equal. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof HybridCacheConfiguration<?, ?> that) || !super.equals(o)) {
      return false;
    }
    return maximumSize == that.maximumSize
        && maximumWeight == that.maximumWeight
        && distributedLevelEnabled == that.distributedLevelEnabled
        && backplaneEnabled == that.backplaneEnabled
        && Objects.equals(defaultEntryOptions, that.defaultEntryOptions);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode()
        + Objects.hash(defaultEntryOptions, maximumSize, maximumWeight, distributedLevelEnabled, backplaneEnabled);
  }

  private static void requirePositive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}

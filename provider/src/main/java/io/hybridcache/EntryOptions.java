package io.hybridcache;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * How one cache entry is read, written and kept: its duration, fail-safe, timeouts, eager refresh, skip flags and the
 * behaviour of the distributed parts.
 *
 * <p>Instances are immutable and thread-safe; build one with {@link #builder()} or derive one with {@link
 * #toBuilder()}. Every builder method validates its argument at once and throws {@link NullPointerException} for a null
 * and {@link IllegalArgumentException} for an out-of-range value, with a message naming the option and the value given.
 * Options marked "none" below are absent by default: their getters return an empty {@code Optional}.
 *
 * <table>
 *   <caption>Options and defaults</caption>
 *   <tr><th>option</th><th>default</th></tr>
 *   <tr><td>{@link #duration()}</td><td>30 s</td></tr>
 *   <tr><td>{@link #jitterMaxDuration()}</td><td>0</td></tr>
 *   <tr><td>{@link #failSafe()}</td><td>false</td></tr>
 *   <tr><td>{@link #failSafeMaxDuration()}</td><td>1 day</td></tr>
 *   <tr><td>{@link #failSafeThrottleDuration()}</td><td>30 s</td></tr>
 *   <tr><td>{@link #factorySoftTimeout()}, {@link #factoryHardTimeout()}</td><td>none</td></tr>
 *   <tr><td>{@link #allowTimedOutFactoryBackgroundCompletion()}</td><td>true</td></tr>
 *   <tr><td>{@link #distributedCacheDuration()}</td><td>none (falls back to {@code duration})</td></tr>
 *   <tr><td>{@link #distributedCacheSoftTimeout()}, {@link #distributedCacheHardTimeout()}</td><td>none</td></tr>
 *   <tr><td>{@link #backgroundDistributedCacheOperations()}</td><td>false</td></tr>
 *   <tr><td>{@link #backgroundBackplaneOperations()}</td><td>true</td></tr>
 *   <tr><td>{@link #reThrowDistributedCacheExceptions()}, {@link #reThrowBackplaneExceptions()}</td><td>false</td></tr>
 *   <tr><td>{@link #reThrowSerializationExceptions()}</td><td>false (unreadable bytes in L2 are a miss)</td></tr>
 *   <tr><td>{@link #eagerRefreshThreshold()}</td><td>none (valid values lie strictly between 0 and 1)</td></tr>
 *   <tr><td>skip flags, {@link #allowStaleOnReadOnly()}</td><td>false</td></tr>
 *   <tr><td>{@link #lockTimeout()}</td><td>none (wait for the running factory as long as it takes)</td></tr>
 *   <tr><td>{@link #skipDistributedLocking()}</td><td>false</td></tr>
 *   <tr><td>{@link #distributedLockTimeout()}</td><td>none (10 s)</td></tr>
 *   <tr><td>{@link #size()}</td><td>none (the entry weighs 1 in a weight-bounded memory level)</td></tr>
 * </table>
 */
public final class EntryOptions {

  private static final EntryOptions DEFAULTS = new Builder().build();

  private final Duration duration;
  private final Duration jitterMaxDuration;
  private final boolean failSafe;
  private final Duration failSafeMaxDuration;
  private final Duration failSafeThrottleDuration;
  private final Duration factorySoftTimeout;
  private final Duration factoryHardTimeout;
  private final boolean allowTimedOutFactoryBackgroundCompletion;
  private final Duration distributedCacheDuration;
  private final Duration distributedCacheSoftTimeout;
  private final Duration distributedCacheHardTimeout;
  private final boolean backgroundDistributedCacheOperations;
  private final boolean backgroundBackplaneOperations;
  private final boolean reThrowDistributedCacheExceptions;
  private final boolean reThrowBackplaneExceptions;
  private final boolean reThrowSerializationExceptions;
  private final double eagerRefreshThreshold; // NaN = none
  private final boolean skipMemoryCacheRead;
  private final boolean skipMemoryCacheWrite;
  private final boolean skipDistributedCacheRead;
  private final boolean skipDistributedCacheWrite;
  private final boolean skipBackplaneNotifications;
  private final boolean allowStaleOnReadOnly;
  private final Duration lockTimeout;
  private final boolean skipDistributedLocking;
  private final Duration distributedLockTimeout;
  private final long size; // -1 = none

  private EntryOptions(Builder b) {
    this.duration = b.duration;
    this.jitterMaxDuration = b.jitterMaxDuration;
    this.failSafe = b.failSafe;
    this.failSafeMaxDuration = b.failSafeMaxDuration;
    this.failSafeThrottleDuration = b.failSafeThrottleDuration;
    this.factorySoftTimeout = b.factorySoftTimeout;
    this.factoryHardTimeout = b.factoryHardTimeout;
    this.allowTimedOutFactoryBackgroundCompletion = b.allowTimedOutFactoryBackgroundCompletion;
    this.distributedCacheDuration = b.distributedCacheDuration;
    this.distributedCacheSoftTimeout = b.distributedCacheSoftTimeout;
    this.distributedCacheHardTimeout = b.distributedCacheHardTimeout;
    this.backgroundDistributedCacheOperations = b.backgroundDistributedCacheOperations;
    this.backgroundBackplaneOperations = b.backgroundBackplaneOperations;
    this.reThrowDistributedCacheExceptions = b.reThrowDistributedCacheExceptions;
    this.reThrowBackplaneExceptions = b.reThrowBackplaneExceptions;
    this.reThrowSerializationExceptions = b.reThrowSerializationExceptions;
    this.eagerRefreshThreshold = b.eagerRefreshThreshold;
    this.skipMemoryCacheRead = b.skipMemoryCacheRead;
    this.skipMemoryCacheWrite = b.skipMemoryCacheWrite;
    this.skipDistributedCacheRead = b.skipDistributedCacheRead;
    this.skipDistributedCacheWrite = b.skipDistributedCacheWrite;
    this.skipBackplaneNotifications = b.skipBackplaneNotifications;
    this.allowStaleOnReadOnly = b.allowStaleOnReadOnly;
    this.lockTimeout = b.lockTimeout;
    this.skipDistributedLocking = b.skipDistributedLocking;
    this.distributedLockTimeout = b.distributedLockTimeout;
    this.size = b.size;
  }

  /** {@return a builder holding the defaults listed in the class description} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the options with every default, as {@code builder().build()} would (one shared instance)} */
  public static EntryOptions defaults() {
    return DEFAULTS;
  }

  /** {@return a builder pre-filled with these options, to derive a variant} This instance is not changed. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * {@return how long a value is fresh (its logical lifetime)} After it, a read is a miss unless fail-safe serves it.
   */
  public Duration duration() {
    return duration;
  }

  /**
   * {@return the most random extra time added to {@link #duration()} per write, to spread expirations} Zero: none.
   */
  public Duration jitterMaxDuration() {
    return jitterMaxDuration;
  }

  /** {@return whether an expired value is kept as a fallback for when the factory fails or times out} */
  public boolean failSafe() {
    return failSafe;
  }

  /**
   * {@return how long after its creation a value may still serve as a fallback, with fail-safe (its physical
   * lifetime)}
   */
  public Duration failSafeMaxDuration() {
    return failSafeMaxDuration;
  }

  /** {@return how long a fallback value that saved a call is served before the factory is tried again} */
  public Duration failSafeThrottleDuration() {
    return failSafeThrottleDuration;
  }

  /**
   * {@return how long after its start a factory is abandoned in favour of the fallback} Applies only with fail-safe and
   * a fallback; empty: never.
   */
  public Optional<Duration> factorySoftTimeout() {
    return Optional.ofNullable(factorySoftTimeout);
  }

  /**
   * {@return how long after its start a factory is abandoned in any case} The fallback is then returned if usable,
   * else the call fails; empty: never.
   */
  public Optional<Duration> factoryHardTimeout() {
    return Optional.ofNullable(factoryHardTimeout);
  }

  /** {@return whether a factory abandoned by a timeout may finish in the background and then update the cache} */
  public boolean allowTimedOutFactoryBackgroundCompletion() {
    return allowTimedOutFactoryBackgroundCompletion;
  }

  /** {@return the logical lifetime in the distributed level} When absent, {@link #duration()} is used. */
  public Optional<Duration> distributedCacheDuration() {
    return Optional.ofNullable(distributedCacheDuration);
  }

  /**
   * How long a read waits for the distributed level when the caller has a fallback to serve: a stale entry in the
   * memory level, with {@link #failSafe()} on (and, for {@code tryGet} / {@code getOrDefault}, also
   * {@link #allowStaleOnReadOnly()}). Past it, {@code getOrSet} returns the fallback as it is, without running the
   * factory, and {@code tryGet} serves it as a stale hit; the read is not counted as an error. The read goes on in the
   * background and a fresh entry it brings is then kept in the memory level, unless a write of the key on this node
   * came first. Without a fallback it does not apply; nor when it is not shorter than
   * {@link #distributedCacheHardTimeout()}. It never applies to writes, nor to JCache reads.
   *
   * @return the soft timeout, or empty for none
   */
  public Optional<Duration> distributedCacheSoftTimeout() {
    return Optional.ofNullable(distributedCacheSoftTimeout);
  }

  /**
   * {@return the longest a caller waits for one distributed-level operation, timed on the engine's clock} Past it the
   * operation counts as failed for the caller (logged at warn, counted in {@code distributedErrors}, "timed out after
   * ..."): a read is a miss ({@code getOrSet} runs the factory; {@code tryGet} misses, or serves a fallback with {@link
   * #allowStaleOnReadOnly()}; a JCache read misses), and a write the caller waits for (that is, with {@link
   * #backgroundDistributedCacheOperations()} off) stops being waited for; with {@link
   * #reThrowDistributedCacheExceptions()} the call fails instead with a {@link DistributedCacheException} naming the
   * timeout. Either way the operation goes on in the background: a write still lands, and a fresh entry a late read
   * brings is kept in the memory level unless a write of the key on this node, or the factory result of the same {@code
   * getOrSet}, came first (the late read of a JCache lookup is dropped). Each operation has its own timeout: a {@code
   * getOrSet} that misses can wait for the read, then for the write of the factory result. The JCache atomic operations
   * take the hard timeout of the cache's defaults for their read and their compare-and-set, and so do the reads of tag
   * and clear times.
   */
  public Optional<Duration> distributedCacheHardTimeout() {
    return Optional.ofNullable(distributedCacheHardTimeout);
  }

  /**
   * {@return whether writes to the distributed level (and the notifications after them) run without the caller waiting}
   */
  public boolean backgroundDistributedCacheOperations() {
    return backgroundDistributedCacheOperations;
  }

  /** {@return whether backplane notifications are sent without the caller waiting} */
  public boolean backgroundBackplaneOperations() {
    return backgroundBackplaneOperations;
  }

  /** {@return whether a failure of the distributed level reaches the caller instead of being logged and recovered} */
  public boolean reThrowDistributedCacheExceptions() {
    return reThrowDistributedCacheExceptions;
  }

  /** {@return whether a failure of the backplane reaches the caller instead of being logged and recovered} */
  public boolean reThrowBackplaneExceptions() {
    return reThrowBackplaneExceptions;
  }

  /**
   * Whether bytes that cannot be read, or a value that cannot be written, make the call fail with a
   * {@link io.hybridcache.spi.SerializationException} (false by default). When false, an entry in the distributed
   * level that this node cannot read (corrupt, truncated, foreign, of another format version, unsigned or with a MAC
   * that does not verify under envelope keys, of a class the serializer refuses or cannot load) is a miss, counted
   * and logged at warn once per cause: {@code getOrSet} runs its factory and overwrites the entry. A value the
   * serializer refuses stays in the memory level only. True is for development, where such a problem should show at
   * once.
   *
   * @return whether serialization problems reach the caller
   */
  public boolean reThrowSerializationExceptions() {
    return reThrowSerializationExceptions;
  }

  /**
   * {@return the fraction of {@link #duration()} after which a hit starts a background refresh} Strictly between 0 and
   * 1; empty when eager refresh is off.
   */
  public OptionalDouble eagerRefreshThreshold() {
    return Double.isNaN(eagerRefreshThreshold) ? OptionalDouble.empty() : OptionalDouble.of(eagerRefreshThreshold);
  }

  /** {@return whether reads ignore the memory level} */
  public boolean skipMemoryCacheRead() {
    return skipMemoryCacheRead;
  }

  /** {@return whether writes leave the memory level untouched} */
  public boolean skipMemoryCacheWrite() {
    return skipMemoryCacheWrite;
  }

  /** {@return whether reads ignore the distributed level} */
  public boolean skipDistributedCacheRead() {
    return skipDistributedCacheRead;
  }

  /** {@return whether writes leave the distributed level untouched} */
  public boolean skipDistributedCacheWrite() {
    return skipDistributedCacheWrite;
  }

  /** {@return whether writes send no backplane notification to the other nodes} */
  public boolean skipBackplaneNotifications() {
    return skipBackplaneNotifications;
  }

  /**
   * {@return whether read-only operations ({@code tryGet}, {@code getOrDefault}) may return an expired fallback value}
   */
  public boolean allowStaleOnReadOnly() {
    return allowStaleOnReadOnly;
  }

  /**
   * {@return how long a caller waits for another caller's factory run on the same key} Past it, it runs the factory
   * itself; empty: it waits as long as it takes.
   */
  public Optional<Duration> lockTimeout() {
    return Optional.ofNullable(lockTimeout);
  }

  /**
   * Whether this operation goes without the cluster-wide lock of its key when the cache manager has distributed
   * locking on: a {@code getOrSet} miss then runs its factory without waiting for other nodes, and an atomic operation
   * settles conflicts by compare-and-set alone. No effect when distributed locking is off.
   *
   * @return whether this operation goes without the cluster-wide lock of its key
   */
  public boolean skipDistributedLocking() {
    return skipDistributedLocking;
  }

  /**
   * With distributed locking on, how long an operation waits for the cluster-wide lock of its key (held by another
   * node's factory run or atomic operation) before going on without it (logged and counted); empty = 10 seconds.
   *
   * @return how long an operation waits for the cluster-wide lock of its key, or empty for 10 seconds
   */
  public Optional<Duration> distributedLockTimeout() {
    return Optional.ofNullable(distributedLockTimeout);
  }

  /** {@return the weight of the entry in a weight-bounded memory level} Empty = 1. */
  public OptionalLong size() {
    return size < 0 ? OptionalLong.empty() : OptionalLong.of(size);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof EntryOptions)) {
      return false;
    }
    EntryOptions that = (EntryOptions) o;
    return failSafe == that.failSafe
        && allowTimedOutFactoryBackgroundCompletion == that.allowTimedOutFactoryBackgroundCompletion
        && backgroundDistributedCacheOperations == that.backgroundDistributedCacheOperations
        && backgroundBackplaneOperations == that.backgroundBackplaneOperations
        && reThrowDistributedCacheExceptions == that.reThrowDistributedCacheExceptions
        && reThrowBackplaneExceptions == that.reThrowBackplaneExceptions
        && reThrowSerializationExceptions == that.reThrowSerializationExceptions
        && Double.compare(eagerRefreshThreshold, that.eagerRefreshThreshold) == 0
        && skipMemoryCacheRead == that.skipMemoryCacheRead
        && skipMemoryCacheWrite == that.skipMemoryCacheWrite
        && skipDistributedCacheRead == that.skipDistributedCacheRead
        && skipDistributedCacheWrite == that.skipDistributedCacheWrite
        && skipBackplaneNotifications == that.skipBackplaneNotifications
        && allowStaleOnReadOnly == that.allowStaleOnReadOnly
        && size == that.size
        && duration.equals(that.duration)
        && jitterMaxDuration.equals(that.jitterMaxDuration)
        && failSafeMaxDuration.equals(that.failSafeMaxDuration)
        && failSafeThrottleDuration.equals(that.failSafeThrottleDuration)
        && Objects.equals(factorySoftTimeout, that.factorySoftTimeout)
        && Objects.equals(factoryHardTimeout, that.factoryHardTimeout)
        && Objects.equals(distributedCacheDuration, that.distributedCacheDuration)
        && Objects.equals(distributedCacheSoftTimeout, that.distributedCacheSoftTimeout)
        && Objects.equals(distributedCacheHardTimeout, that.distributedCacheHardTimeout)
        && Objects.equals(lockTimeout, that.lockTimeout)
        && skipDistributedLocking == that.skipDistributedLocking
        && Objects.equals(distributedLockTimeout, that.distributedLockTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(duration, jitterMaxDuration, failSafe, failSafeMaxDuration, failSafeThrottleDuration,
        factorySoftTimeout, factoryHardTimeout, allowTimedOutFactoryBackgroundCompletion, distributedCacheDuration,
        distributedCacheSoftTimeout, distributedCacheHardTimeout, backgroundDistributedCacheOperations,
        backgroundBackplaneOperations, reThrowDistributedCacheExceptions, reThrowBackplaneExceptions,
        reThrowSerializationExceptions, eagerRefreshThreshold, skipMemoryCacheRead, skipMemoryCacheWrite,
        skipDistributedCacheRead, skipDistributedCacheWrite, skipBackplaneNotifications, allowStaleOnReadOnly,
        lockTimeout, size, skipDistributedLocking, distributedLockTimeout);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("EntryOptions{duration=").append(duration);
    if (!jitterMaxDuration.isZero()) {
      s.append(", jitterMaxDuration=").append(jitterMaxDuration);
    }
    if (failSafe) {
      s.append(", failSafe, failSafeMaxDuration=").append(failSafeMaxDuration)
          .append(", failSafeThrottleDuration=").append(failSafeThrottleDuration);
    }
    appendIfSet(s, "factorySoftTimeout", factorySoftTimeout);
    appendIfSet(s, "factoryHardTimeout", factoryHardTimeout);
    appendIfSet(s, "distributedCacheDuration", distributedCacheDuration);
    appendIfSet(s, "distributedCacheSoftTimeout", distributedCacheSoftTimeout);
    appendIfSet(s, "distributedCacheHardTimeout", distributedCacheHardTimeout);
    appendIfSet(s, "lockTimeout", lockTimeout);
    appendIfSet(s, "distributedLockTimeout", distributedLockTimeout);
    if (!Double.isNaN(eagerRefreshThreshold)) {
      s.append(", eagerRefreshThreshold=").append(eagerRefreshThreshold);
    }
    if (size >= 0) {
      s.append(", size=").append(size);
    }
    appendIf(s, !allowTimedOutFactoryBackgroundCompletion, "noTimedOutFactoryBackgroundCompletion");
    appendIf(s, backgroundDistributedCacheOperations, "backgroundDistributedCacheOperations");
    appendIf(s, !backgroundBackplaneOperations, "foregroundBackplaneOperations");
    appendIf(s, reThrowDistributedCacheExceptions, "reThrowDistributedCacheExceptions");
    appendIf(s, reThrowBackplaneExceptions, "reThrowBackplaneExceptions");
    appendIf(s, reThrowSerializationExceptions, "reThrowSerializationExceptions");
    appendIf(s, skipMemoryCacheRead, "skipMemoryCacheRead");
    appendIf(s, skipMemoryCacheWrite, "skipMemoryCacheWrite");
    appendIf(s, skipDistributedCacheRead, "skipDistributedCacheRead");
    appendIf(s, skipDistributedCacheWrite, "skipDistributedCacheWrite");
    appendIf(s, skipBackplaneNotifications, "skipBackplaneNotifications");
    appendIf(s, allowStaleOnReadOnly, "allowStaleOnReadOnly");
    appendIf(s, skipDistributedLocking, "skipDistributedLocking");
    return s.append('}').toString();
  }

  private static void appendIfSet(StringBuilder s, String name, Duration value) {
    if (value != null) {
      s.append(", ").append(name).append('=').append(value);
    }
  }

  private static void appendIf(StringBuilder s, boolean condition, String flag) {
    if (condition) {
      s.append(", ").append(flag);
    }
  }

  /**
   * A fluent, fail-fast builder of {@link EntryOptions}. Each setter checks its own argument; {@link #build()} checks
   * the options against each other. A builder is not thread-safe; the options it builds are.
   */
  public static final class Builder {
    private Duration duration = Duration.ofSeconds(30);
    private Duration jitterMaxDuration = Duration.ZERO;
    private boolean failSafe;
    private Duration failSafeMaxDuration = Duration.ofDays(1);
    private Duration failSafeThrottleDuration = Duration.ofSeconds(30);
    private Duration factorySoftTimeout;
    private Duration factoryHardTimeout;
    private boolean allowTimedOutFactoryBackgroundCompletion = true;
    private Duration distributedCacheDuration;
    private Duration distributedCacheSoftTimeout;
    private Duration distributedCacheHardTimeout;
    private boolean backgroundDistributedCacheOperations;
    private boolean backgroundBackplaneOperations = true;
    private boolean reThrowDistributedCacheExceptions;
    private boolean reThrowBackplaneExceptions;
    private boolean reThrowSerializationExceptions;
    private double eagerRefreshThreshold = Double.NaN;
    private boolean skipMemoryCacheRead;
    private boolean skipMemoryCacheWrite;
    private boolean skipDistributedCacheRead;
    private boolean skipDistributedCacheWrite;
    private boolean skipBackplaneNotifications;
    private boolean allowStaleOnReadOnly;
    private Duration lockTimeout;
    private boolean skipDistributedLocking;
    private Duration distributedLockTimeout;
    private long size = -1;

    private Builder() {}

    private Builder(EntryOptions o) {
      duration = o.duration;
      jitterMaxDuration = o.jitterMaxDuration;
      failSafe = o.failSafe;
      failSafeMaxDuration = o.failSafeMaxDuration;
      failSafeThrottleDuration = o.failSafeThrottleDuration;
      factorySoftTimeout = o.factorySoftTimeout;
      factoryHardTimeout = o.factoryHardTimeout;
      allowTimedOutFactoryBackgroundCompletion = o.allowTimedOutFactoryBackgroundCompletion;
      distributedCacheDuration = o.distributedCacheDuration;
      distributedCacheSoftTimeout = o.distributedCacheSoftTimeout;
      distributedCacheHardTimeout = o.distributedCacheHardTimeout;
      backgroundDistributedCacheOperations = o.backgroundDistributedCacheOperations;
      backgroundBackplaneOperations = o.backgroundBackplaneOperations;
      reThrowDistributedCacheExceptions = o.reThrowDistributedCacheExceptions;
      reThrowBackplaneExceptions = o.reThrowBackplaneExceptions;
      reThrowSerializationExceptions = o.reThrowSerializationExceptions;
      eagerRefreshThreshold = o.eagerRefreshThreshold;
      skipMemoryCacheRead = o.skipMemoryCacheRead;
      skipMemoryCacheWrite = o.skipMemoryCacheWrite;
      skipDistributedCacheRead = o.skipDistributedCacheRead;
      skipDistributedCacheWrite = o.skipDistributedCacheWrite;
      skipBackplaneNotifications = o.skipBackplaneNotifications;
      allowStaleOnReadOnly = o.allowStaleOnReadOnly;
      lockTimeout = o.lockTimeout;
      skipDistributedLocking = o.skipDistributedLocking;
      distributedLockTimeout = o.distributedLockTimeout;
      size = o.size;
    }

    /**
     * Sets how long a value is fresh; must be positive.
     *
     * @param duration how long a value is fresh; positive
     * @return this builder
     */
    public Builder duration(Duration duration) {
      this.duration = positive("duration", duration);
      return this;
    }

    /**
     * Sets the maximum random extra time added to the duration of each write; zero turns jitter off.
     *
     * @param jitterMaxDuration the largest extra time; zero or positive
     * @return this builder
     */
    public Builder jitterMaxDuration(Duration jitterMaxDuration) {
      this.jitterMaxDuration = notNegative("jitterMaxDuration", jitterMaxDuration);
      return this;
    }

    /**
     * Turns fail-safe on or off.
     *
     * @param failSafe whether fail-safe is on
     * @return this builder
     */
    public Builder failSafe(boolean failSafe) {
      this.failSafe = failSafe;
      return this;
    }

    /**
     * Turns fail-safe on with the given maximum fallback lifetime and throttle duration (both positive).
     *
     * @param failSafe whether fail-safe is on
     * @param maxDuration how long after creation a value may serve as a fallback; positive
     * @param throttleDuration how long a fallback that saved a call is served; positive
     * @return this builder
     */
    public Builder failSafe(boolean failSafe, Duration maxDuration, Duration throttleDuration) {
      return failSafe(failSafe).failSafeMaxDuration(maxDuration).failSafeThrottleDuration(throttleDuration);
    }

    /**
     * Sets how long after creation a value may serve as a fallback; must be positive.
     *
     * @param failSafeMaxDuration how long after creation a value may serve as a fallback; positive
     * @return this builder
     */
    public Builder failSafeMaxDuration(Duration failSafeMaxDuration) {
      this.failSafeMaxDuration = positive("failSafeMaxDuration", failSafeMaxDuration);
      return this;
    }

    /**
     * Sets how long a fallback that saved a call is served before the factory runs again; must be positive.
     *
     * @param failSafeThrottleDuration how long a fallback that saved a call is served; positive
     * @return this builder
     */
    public Builder failSafeThrottleDuration(Duration failSafeThrottleDuration) {
      this.failSafeThrottleDuration = positive("failSafeThrottleDuration", failSafeThrottleDuration);
      return this;
    }

    /**
     * Sets the factory soft timeout (positive), or removes it with {@code null}.
     *
     * @param factorySoftTimeout the soft timeout (positive), or {@code null} for none
     * @return this builder
     */
    public Builder factorySoftTimeout(Duration factorySoftTimeout) {
      this.factorySoftTimeout = positiveOrNone("factorySoftTimeout", factorySoftTimeout);
      return this;
    }

    /**
     * Sets the factory hard timeout (positive), or removes it with {@code null}.
     *
     * @param factoryHardTimeout the hard timeout (positive), or {@code null} for none
     * @return this builder
     */
    public Builder factoryHardTimeout(Duration factoryHardTimeout) {
      this.factoryHardTimeout = positiveOrNone("factoryHardTimeout", factoryHardTimeout);
      return this;
    }

    /**
     * Sets whether a timed-out factory may finish in the background and then update the cache.
     *
     * @param allow whether it is allowed
     * @return this builder
     */
    public Builder allowTimedOutFactoryBackgroundCompletion(boolean allow) {
      this.allowTimedOutFactoryBackgroundCompletion = allow;
      return this;
    }

    /**
     * Sets the logical lifetime in the distributed level (positive), or {@code null} to use the duration.
     *
     * @param distributedCacheDuration the lifetime in the distributed level (positive), or {@code null} for the
     *     duration
     * @return this builder
     */
    public Builder distributedCacheDuration(Duration distributedCacheDuration) {
      this.distributedCacheDuration = positiveOrNone("distributedCacheDuration", distributedCacheDuration);
      return this;
    }

    /**
     * Sets the distributed-level soft timeout (positive; see {@link EntryOptions#distributedCacheSoftTimeout()}), or
     * removes it with {@code null}.
     *
     * @param distributedCacheSoftTimeout the soft timeout (positive), or {@code null} for none
     * @return this builder
     */
    public Builder distributedCacheSoftTimeout(Duration distributedCacheSoftTimeout) {
      this.distributedCacheSoftTimeout = positiveOrNone("distributedCacheSoftTimeout", distributedCacheSoftTimeout);
      return this;
    }

    /**
     * Sets the distributed-level hard timeout (positive; see {@link EntryOptions#distributedCacheHardTimeout()}), or
     * removes it with {@code null}.
     *
     * @param distributedCacheHardTimeout the hard timeout (positive), or {@code null} for none
     * @return this builder
     */
    public Builder distributedCacheHardTimeout(Duration distributedCacheHardTimeout) {
      this.distributedCacheHardTimeout = positiveOrNone("distributedCacheHardTimeout", distributedCacheHardTimeout);
      return this;
    }

    /**
     * Sets whether distributed-level writes (and the notifications after them) run in the background.
     *
     * @param background whether it runs in the background
     * @return this builder
     */
    public Builder backgroundDistributedCacheOperations(boolean background) {
      this.backgroundDistributedCacheOperations = background;
      return this;
    }

    /**
     * Sets whether backplane notifications run in the background.
     *
     * @param background whether it runs in the background
     * @return this builder
     */
    public Builder backgroundBackplaneOperations(boolean background) {
      this.backgroundBackplaneOperations = background;
      return this;
    }

    /**
     * Sets whether distributed-level failures reach the caller.
     *
     * @param reThrow whether the exception reaches the caller
     * @return this builder
     */
    public Builder reThrowDistributedCacheExceptions(boolean reThrow) {
      this.reThrowDistributedCacheExceptions = reThrow;
      return this;
    }

    /**
     * Sets whether backplane failures reach the caller.
     *
     * @param reThrow whether the exception reaches the caller
     * @return this builder
     */
    public Builder reThrowBackplaneExceptions(boolean reThrow) {
      this.reThrowBackplaneExceptions = reThrow;
      return this;
    }

    /**
     * Sets whether serialization failures reach the caller (false by default: unreadable entries are misses).
     *
     * @param reThrow whether the exception reaches the caller
     * @return this builder
     */
    public Builder reThrowSerializationExceptions(boolean reThrow) {
      this.reThrowSerializationExceptions = reThrow;
      return this;
    }

    /**
     * Sets the eager-refresh threshold, strictly between 0 and 1 (e.g. 0.9 = refresh after 90% of the duration).
     *
     * @param threshold the fraction of the duration, strictly between 0 and 1
     * @return this builder
     */
    public Builder eagerRefreshThreshold(double threshold) {
      if (!(threshold > 0.0 && threshold < 1.0)) {
        throw new IllegalArgumentException(
            "eagerRefreshThreshold must lie strictly between 0 and 1 (e.g. 0.8), was " + threshold);
      }
      this.eagerRefreshThreshold = threshold;
      return this;
    }

    /**
     * Turns eager refresh off.
     *
     * @return this builder
     */
    public Builder noEagerRefresh() {
      this.eagerRefreshThreshold = Double.NaN;
      return this;
    }

    /**
     * Sets whether reads ignore the memory level.
     *
     * @param skip whether to skip it
     * @return this builder
     */
    public Builder skipMemoryCacheRead(boolean skip) {
      this.skipMemoryCacheRead = skip;
      return this;
    }

    /**
     * Sets whether writes leave the memory level untouched.
     *
     * @param skip whether to skip it
     * @return this builder
     */
    public Builder skipMemoryCacheWrite(boolean skip) {
      this.skipMemoryCacheWrite = skip;
      return this;
    }

    /**
     * Sets both memory-level skip flags at once.
     *
     * @param skip whether to skip it
     * @return this builder
     */
    public Builder skipMemoryCache(boolean skip) {
      return skipMemoryCacheRead(skip).skipMemoryCacheWrite(skip);
    }

    /**
     * Sets whether reads ignore the distributed level.
     *
     * @param skip whether to skip it
     * @return this builder
     */
    public Builder skipDistributedCacheRead(boolean skip) {
      this.skipDistributedCacheRead = skip;
      return this;
    }

    /**
     * Sets whether writes leave the distributed level untouched.
     *
     * @param skip whether to skip it
     * @return this builder
     */
    public Builder skipDistributedCacheWrite(boolean skip) {
      this.skipDistributedCacheWrite = skip;
      return this;
    }

    /**
     * Sets both distributed-level skip flags at once.
     *
     * @param skip whether to skip it
     * @return this builder
     */
    public Builder skipDistributedCache(boolean skip) {
      return skipDistributedCacheRead(skip).skipDistributedCacheWrite(skip);
    }

    /**
     * Sets whether writes send no backplane notification.
     *
     * @param skip whether to skip it
     * @return this builder
     */
    public Builder skipBackplaneNotifications(boolean skip) {
      this.skipBackplaneNotifications = skip;
      return this;
    }

    /**
     * Sets whether read-only operations may return an expired fallback value.
     *
     * @param allow whether it is allowed
     * @return this builder
     */
    public Builder allowStaleOnReadOnly(boolean allow) {
      this.allowStaleOnReadOnly = allow;
      return this;
    }

    /**
     * Sets how long a caller waits for another caller's factory (positive), or {@code null} to wait indefinitely.
     *
     * @param lockTimeout the longest wait (positive), or {@code null} to wait as long as it takes
     * @return this builder
     */
    public Builder lockTimeout(Duration lockTimeout) {
      this.lockTimeout = positiveOrNone("lockTimeout", lockTimeout);
      return this;
    }

    /**
     * Sets whether the operation goes without the cluster-wide lock of its key (distributed locking).
     *
     * @param skip whether to skip it
     * @return this builder
     */
    public Builder skipDistributedLocking(boolean skip) {
      this.skipDistributedLocking = skip;
      return this;
    }

    /**
     * Sets how long an operation waits for the cluster-wide lock of its key (positive), or {@code null} for the default
     * of 10 seconds.
     *
     * @param timeout the longest wait (positive), or {@code null} for the default of 10 seconds
     * @return this builder
     */
    public Builder distributedLockTimeout(Duration timeout) {
      this.distributedLockTimeout = positiveOrNone("distributedLockTimeout", timeout);
      return this;
    }

    /**
     * Sets the weight of the entry in a weight-bounded memory level; must not be negative.
     *
     * @param size the weight; zero or more
     * @return this builder
     */
    public Builder size(long size) {
      if (size < 0) {
        throw new IllegalArgumentException("size must not be negative, was " + size);
      }
      this.size = size;
      return this;
    }

    /**
     * Clears the weight, so the entry weighs 1.
     *
     * @return this builder
     */
    public Builder noSize() {
      this.size = -1;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     * @throws IllegalArgumentException if the soft timeout is not shorter than the hard timeout
     */
    public EntryOptions build() {
      if (factorySoftTimeout != null && factoryHardTimeout != null
          && factorySoftTimeout.compareTo(factoryHardTimeout) >= 0) {
        throw new IllegalArgumentException("factorySoftTimeout (" + factorySoftTimeout
            + ") must be shorter than factoryHardTimeout (" + factoryHardTimeout + "); drop one or shorten the soft one");
      }
      if (distributedCacheSoftTimeout != null && distributedCacheHardTimeout != null
          && distributedCacheSoftTimeout.compareTo(distributedCacheHardTimeout) >= 0) {
        throw new IllegalArgumentException("distributedCacheSoftTimeout (" + distributedCacheSoftTimeout
            + ") must be shorter than distributedCacheHardTimeout (" + distributedCacheHardTimeout + ")");
      }
      return new EntryOptions(this);
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, () -> name + " must not be null");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }

    private static Duration positiveOrNone(String name, Duration value) {
      return value == null ? null : positive(name, value);
    }

    private static Duration notNegative(String name, Duration value) {
      Objects.requireNonNull(value, () -> name + " must not be null");
      if (value.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, was " + value);
      }
      return value;
    }
  }
}

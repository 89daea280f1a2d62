package io.hybridcache.engine;

import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.DistributedLocker;
import io.hybridcache.spi.OperationObserver;
import io.hybridcache.spi.ValueSerializer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Builds a {@link ClusterNode}; every method checks its argument at once. */
public final class ClusterNodeBuilder {
  /** The default {@link #sweepInterval}: 1 second. */
  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(1);
  /** The longest {@link #sweepInterval}: 1 minute. */
  public static final Duration MAX_SWEEP_INTERVAL = Duration.ofMinutes(1);
  /** The default {@link #removalCheckInterval}: 30 seconds. */
  public static final Duration DEFAULT_REMOVAL_CHECK_INTERVAL = Duration.ofSeconds(30);
  /** The longest {@link #removalCheckInterval}: 1 day. */
  public static final Duration MAX_REMOVAL_CHECK_INTERVAL = Duration.ofDays(1);
  final String keyPrefix;
  String nodeId = UUID.randomUUID().toString();
  DistributedLevel level;
  Backplane backplane;
  DistributedLocker locker;
  ValueSerializer serializer;
  InternalKeys internalKeys = InternalKeys.defaults();
  Duration memoryDurationCeiling;
  int maxEntrySize = Integer.MAX_VALUE;
  AutoRecovery autoRecovery = AutoRecovery.defaults();
  Duration levelBreak = Duration.ZERO;
  Duration backplaneBreak = Duration.ZERO;
  TimeSource time = TimeSource.system();
  EnvelopeSigner signer;
  Duration maximumClockSkew = FutureTimes.DEFAULT_SKEW;
  Duration sweepInterval = DEFAULT_SWEEP_INTERVAL;
  Duration removalCheckInterval = DEFAULT_REMOVAL_CHECK_INTERVAL;
  OperationObserver observer = OperationObserver.NONE;

  ClusterNodeBuilder(String keyPrefix) {
    Objects.requireNonNull(keyPrefix, "keyPrefix must not be null");
    if (keyPrefix.isEmpty() || keyPrefix.codePoints().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("keyPrefix must be non-blank text without whitespace (e.g. shop), was '"
          + keyPrefix + "'");
    }
    this.keyPrefix = keyPrefix;
  }

  /**
   * This node's id (non-blank); a random UUID unless set.
   *
   * @param nodeId this node's id; non-blank
   * @return this builder
   */
  public ClusterNodeBuilder nodeId(String nodeId) {
    Objects.requireNonNull(nodeId, "nodeId must not be null");
    if (nodeId.isBlank()) {
      throw new IllegalArgumentException("nodeId must not be blank");
    }
    this.nodeId = nodeId;
    return this;
  }

  /**
   * The level shared by every node; needs a {@link #valueSerializer}.
   *
   * @param level the level shared by every node
   * @return this builder
   */
  public ClusterNodeBuilder distributedLevel(DistributedLevel level) {
    this.level = Objects.requireNonNull(level, "distributedLevel must not be null");
    return this;
  }

  /**
   * The notification bus shared by every node.
   *
   * @param backplane the bus shared by every node
   * @return this builder
   */
  public ClusterNodeBuilder backplane(Backplane backplane) {
    this.backplane = Objects.requireNonNull(backplane, "backplane must not be null");
    return this;
  }

  /**
   * Turns values (and keys of no built-in type) into bytes for the distributed level.
   *
   * @param serializer the serializer of values and keys
   * @return this builder
   */
  public ClusterNodeBuilder valueSerializer(ValueSerializer serializer) {
    this.serializer = Objects.requireNonNull(serializer, "valueSerializer must not be null");
    return this;
  }

  /**
   * The strings the level's keys are built from, for backends that restrict characters (default
   * {@link InternalKeys#defaults()}); every node sharing the key prefix must use the same.
   *
   * @param internalKeys the strings the keys are built from
   * @return this builder
   */
  public ClusterNodeBuilder internalKeys(InternalKeys internalKeys) {
    this.internalKeys = Objects.requireNonNull(internalKeys, "internalKeys must not be null");
    return this;
  }

  /**
   * Bounds how long an entry stays fresh in the memory levels of this node after it was written or read from L2
   * (positive; none by default): past it the entry is read from L2 again, so a copy made stale by a backplane
   * message that was lost unnoticed is served at most that long. The L2 copy keeps its own duration.
   *
   * @param ceiling the longest an entry stays fresh in L1 after it was written or read; positive
   * @return this builder
   */
  public ClusterNodeBuilder memoryDurationCeiling(Duration ceiling) {
    Objects.requireNonNull(ceiling, "memoryDurationCeiling must not be null");
    if (ceiling.isNegative() || ceiling.isZero()) {
      throw new IllegalArgumentException("memoryDurationCeiling must be positive, was " + ceiling);
    }
    this.memoryDurationCeiling = ceiling;
    return this;
  }

  /**
   * After a failure of the distributed level, skip it for {@code duration} (reads miss, writes are not attempted;
   * each is counted as a distributed error) instead of waiting on it again; zero, the default, never skips.
   *
   * @param duration how long the distributed level is skipped after a failure; zero never skips
   * @return this builder
   */
  public ClusterNodeBuilder distributedLevelCircuitBreaker(Duration duration) {
    this.levelBreak = nonNegative(duration, "distributedLevelCircuitBreaker");
    return this;
  }

  /**
   * After a failed publish, skip publishing for {@code duration} (each skipped notification counted as a backplane
   * error), unless a message arrives first, which shows the bus is back; zero, the default, never skips.
   *
   * @param duration how long publishing is skipped after a failure; zero never skips
   * @return this builder
   */
  public ClusterNodeBuilder backplaneCircuitBreaker(Duration duration) {
    this.backplaneBreak = nonNegative(duration, "backplaneCircuitBreaker");
    return this;
  }

  /**
   * The largest entry (envelope and value bytes), in bytes, written to or read from the distributed level (no limit
   * by default): a larger value stays in the memory level only, and a larger entry found in L2 is a miss; both are
   * serialization errors, counted and logged.
   *
   * @param bytes the largest entry, in bytes; positive
   * @return this builder
   */
  public ClusterNodeBuilder maxEntrySize(int bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("maxEntrySize must be a positive number of bytes, was " + bytes);
    }
    this.maxEntrySize = bytes;
    return this;
  }

  /**
   * How the distributed writes and notifications that failed are made again, per cache: queued (one per key, the
   * newest winning), replayed after {@link AutoRecovery#delay()} until they succeed, unless L2 meanwhile holds a
   * newer entry of the key or another node announces a newer change. On by default ({@link AutoRecovery#defaults()});
   * null turns it off (failed operations are then only logged and counted).
   *
   * @param settings how failed operations are made again, or {@code null} to only log and count them
   * @return this builder
   */
  public ClusterNodeBuilder autoRecovery(AutoRecovery settings) {
    this.autoRecovery = settings;
    return this;
  }

  /**
   * Signs every envelope this node writes to the distributed level with HMAC-SHA256 under the first of {@code keys},
   * and reads only envelopes whose MAC verifies under one of them (unset by default: envelopes are unsigned and nothing
   * is checked). An envelope that is unsigned, tampered with, copied under another key or signed with a key not in the
   * list is a miss (a serialization error: counted, logged once per cause, re-thrown only with {@code
   * reThrowSerializationExceptions}), also counted in {@link ClusterNode#rejectedEnvelopes()}. To rotate, give every
   * node the new key second, then first, then drop the old one. The bytes are copied; they never appear in a log or
   * message.
   *
   * @param keys at least one key, each at least 32 bytes (e.g. 32 random bytes), no two the same
   * @return this builder
   * @throws NullPointerException if {@code keys} or one of them is null
   * @throws IllegalArgumentException if {@code keys} is empty, a key is shorter than 32 bytes or repeats another
   */
  public ClusterNodeBuilder envelopeKeys(List<byte[]> keys) {
    this.signer = EnvelopeSigner.of(keys);
    return this;
  }

  /**
   * Turns distributed locking on with {@code locker} (off unless set): one node at a time runs a key's factory on a
   * {@code getOrSet} miss (the others wait for its lock, then read what it wrote to the distributed level) or its
   * atomic operation. It needs a distributed level. The locker stays open when the node closes.
   *
   * @param locker the locker shared by every node
   * @return this builder
   */
  public ClusterNodeBuilder distributedLocker(DistributedLocker locker) {
    this.locker = Objects.requireNonNull(locker, "distributedLocker must not be null");
    return this;
  }

  /**
   * How far ahead of this node's clock a time from outside may be (default 1 minute, at most a day): the time of a
   * backplane message, of an entry read from the distributed level, of a tag removal or clear read from it. A later one
   * is refused (see {@link ClusterNode#refusedFutureTimes()}), so a forged far-future clear cannot hide every entry
   * until then nor push this node's entry timestamps ahead. Keep it above how far the nodes' clocks may drift apart.
   *
   * @param skew the largest skew; positive, at most a day
   * @return this builder
   */
  public ClusterNodeBuilder maximumClockSkew(Duration skew) {
    this.maximumClockSkew = FutureTimes.checkSkew(skew);
    return this;
  }

  /** The clock of the circuit breakers (the system's unless set; tests give the engines' fake one). */
  /**
   * How often at most a cache marks its whole memory level stale because of messages (a gap in the sequence, a
   * message it cannot decode or refuses, a re-subscription): default 1 second, from 0 (every time) to 1 minute. A
   * sweep asked for within the interval of the cache's last sweep is not dropped: all those asked for meanwhile are
   * made as one sweep when the interval ends, so what a lost message was about is re-read at most this much later.
   * One second keeps a flood of gaps (anyone who can PUBLISH on the channel can make one) to one sweep a second per
   * cache, a small share of a core even for hundreds of thousands of entries, while adding less staleness than a
   * lost message that no gap reveals leaves until the memory duration ceiling.
   *
   * @param interval the interval, from zero to a minute
   * @return this builder
   */
  public ClusterNodeBuilder sweepInterval(Duration interval) {
    this.sweepInterval = checkSweepInterval(interval);
    return this;
  }

  /**
   * How often each cache of the node reads the records of the tag removals and clears it knows of from the distributed
   * level (one bulk read per 1,000 records) and writes again, announced, any that is missing or holds an earlier time
   * (default 30 s, from 0 to 1 day; 0: never). A record deleted from Redis would otherwise let a node started
   * afterwards serve what the removal hid; with this check it does so for at most this long while a node that knew
   * the removal is up. The cost: one read per known record (a cache's tags removed within the last 10 days, at most
   * 10,000) per interval, on every node.
   *
   * @param interval from 0 to 1 day; 0: never
   * @return this builder
   * @throws IllegalArgumentException if {@code interval} is negative or longer than a day
   */
  public ClusterNodeBuilder removalCheckInterval(Duration interval) {
    this.removalCheckInterval = checkRemovalCheckInterval(interval);
    return this;
  }

  /**
   * {@code interval} if it is a valid {@link #removalCheckInterval}, else an {@link IllegalArgumentException}.
   *
   * @param interval the interval to check
   * @return {@code interval}
   */
  public static Duration checkRemovalCheckInterval(Duration interval) {
    Objects.requireNonNull(interval, "removalCheckInterval must not be null");
    if (interval.isNegative() || interval.compareTo(MAX_REMOVAL_CHECK_INTERVAL) > 0) {
      throw new IllegalArgumentException("removalCheckInterval must be from 0 to 1 day, not " + interval);
    }
    return interval;
  }

  /**
   * {@code interval} if it is a valid {@link #sweepInterval}, else an {@link IllegalArgumentException} saying why.
   *
   * @param interval the interval to check
   * @return {@code interval}
   */
  public static Duration checkSweepInterval(Duration interval) {
    Objects.requireNonNull(interval, "sweepInterval must not be null");
    if (interval.isNegative() || interval.compareTo(MAX_SWEEP_INTERVAL) > 0) {
      throw new IllegalArgumentException("sweepInterval must be from 0 to " + MAX_SWEEP_INTERVAL.toSeconds()
          + " s, not " + interval);
    }
    return interval;
  }

  /**
   * Who sees the distributed level's calls start and end, for tracing (default {@link OperationObserver#NONE}).
   *
   * @param observer the observer; {@link OperationObserver#NONE} observes nothing at no cost
   * @return this builder
   */
  public ClusterNodeBuilder observer(OperationObserver observer) {
    this.observer = Objects.requireNonNull(observer, "observer must not be null");
    return this;
  }

  /**
   * The clock and timer of the node (default {@link TimeSource#system()}; tests inject a fake they advance by hand).
   *
   * @param time the clock and timer
   * @return this builder
   */
  public ClusterNodeBuilder timeSource(TimeSource time) {
    this.time = Objects.requireNonNull(time, "timeSource must not be null");
    return this;
  }

  private static Duration nonNegative(Duration duration, String name) {
    Objects.requireNonNull(duration, name + " must not be null");
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + duration);
    }
    return duration;
  }

  /**
   * Builds the node and subscribes it to the backplane, if any.
   *
   * @return the node, subscribed to the backplane if it has one
   * @throws IllegalArgumentException if the key prefix holds a character of the internal keys' separator (see
   *     {@link InternalKeys#checkKeyPrefix})
   */
  public ClusterNode build() {
    internalKeys.checkKeyPrefix(keyPrefix);
    if (locker != null && level == null) {
      throw new IllegalStateException("distributed locking needs a distributed level: the waiting nodes read the "
          + "lock holder's result from it");
    }
    if (level != null && serializer == null) {
      throw new IllegalStateException("a distributed level needs a valueSerializer to turn values into bytes");
    }
    return new ClusterNode(this);
  }
}

package io.hybridcache.engine;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the times that come from outside a node: a backplane message's time, the timestamp of an entry read from the
 * distributed level, a tag removal or clear time read from it. Whoever can write to Redis or publish on the channel
 * (without envelope keys, or replaying with a key still configured) could otherwise date them years ahead: a clear
 * that far ahead hides every entry written until then, and moves the {@link EntryClock} of the node that hears it, so
 * its writes are stamped years ahead, kept in L2 across restarts, and later writes ordered before them are refused.
 *
 * <p>A time later than the node's clock plus the maximum clock skew is refused: the message is taken as lost (as one
 * whose key cannot be decoded), the entry or tag time as unreadable (a miss, which {@code getOrSet} overwrites); it is
 * counted ({@link ClusterNode#refusedFutureTimes()}) and logged at warn once per cause, and it moves no barrier and no
 * clock. A node whose clock runs ahead of this one's by more than the skew has its messages and entries refused the
 * same way: keep the clocks synchronized (NTP) and the skew above what they may drift.
 */
final class FutureTimes {
  private static final Logger LOG = LoggerFactory.getLogger(FutureTimes.class);
  /** The maximum clock skew when none is configured. */
  static final Duration DEFAULT_SKEW = Duration.ofMinutes(1);

  /** Where a refused time came from: each is logged once. */
  enum Cause {
    MESSAGE("a backplane message"),
    ENTRY("an entry read from the distributed level"),
    TAG_TIME("a tag removal or clear time read from the distributed level");

    private final String what;

    Cause(String what) {
      this.what = what;
    }
  }

  private final long skewMillis;
  private final LongAdder refused = new LongAdder();
  private final Set<Cause> logged = ConcurrentHashMap.newKeySet();

  /** @param skew how far ahead of this node's clock an outside time may be; positive */
  FutureTimes(Duration skew) {
    this.skewMillis = checkSkew(skew).toMillis();
  }

  /** {@code skew} if it is a positive duration of whole milliseconds at most a day, else an exception saying so. */
  static Duration checkSkew(Duration skew) {
    if (skew == null || skew.isNegative() || skew.isZero() || skew.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("maximumClockSkew must be positive and at most 1d (how far ahead of a node's "
          + "clock the time of a message, an entry or a clear read from Redis may be), was " + skew);
    }
    return skew;
  }

  /**
   * Whether {@code at}, a time {@code cause} brought in, lies further ahead of {@code now} than the skew: then it is
   * counted and, the first time for its cause, logged at warn.
   */
  boolean refuses(Cause cause, long at, long now, String where) {
    if (at <= now || at - now <= skewMillis) {
      return false;
    }
    refused.increment();
    if (logged.add(cause)) {
      LOG.warn("refused {} dated {} ms ahead of this node's clock ({}), more than the maximum clock skew of {} ms: "
          + "it is ignored and moves no clock (the clocks of the nodes disagree, or someone wrote to Redis); further "
          + "refusals of this cause are counted only (ClusterNode.refusedFutureTimes())", cause.what, at - now, where,
          skewMillis);
    }
    return true;
  }

  /**
   * {@code entry}, read from the distributed level under {@code levelKey}, or null when its timestamp (for the
   * internal cache of tag times, its value too: the removal time) is refused.
   */
  <V> CacheEntry<V> admit(String levelKey, CacheEntry<V> entry, boolean tagTimes, long now) {
    if (entry == null) {
      return null;
    }
    if (refuses(Cause.ENTRY, entry.timestamp, now, levelKey)
        || (tagTimes && entry.value() instanceof Long at && refuses(Cause.TAG_TIME, at, now, levelKey))) {
      return null;
    }
    return entry;
  }

  /** How many times were refused. */
  long refused() {
    return refused.sum();
  }

  /** The bound of one cache: the node's, and whether the cache holds tag times. */
  static Check of(ClusterNode node, boolean tagTimes, TimeSource time) {
    return new Check(node == null ? null : node.futureTimes(), tagTimes, time);
  }

  /** {@link #admit} for one cache's reads from the distributed level. */
  record Check(FutureTimes bound, boolean tagTimes, TimeSource time) {
    /** {@code entry} read under {@code levelKey}, or null when a time in it lies too far ahead. */
    <V> CacheEntry<V> admit(String levelKey, CacheEntry<V> entry) {
      return bound == null ? entry : bound.admit(levelKey, entry, tagTimes, time.wallMillis());
    }

    /** Whether {@code at}, the time of what {@code levelKey} holds, lies too far ahead (counted, logged once). */
    boolean refuses(String levelKey, long at) {
      return bound != null && bound.refuses(Cause.ENTRY, at, time.wallMillis(), levelKey);
    }
  }
}

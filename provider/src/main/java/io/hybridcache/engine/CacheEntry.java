package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One cached value and its metadata; immutable but for a cached tag check ({@link #tagCheck}). Times are epoch
 * milliseconds from the engine's {@link TimeSource}.
 *
 * <p>An entry is <em>fresh</em> until its logical expiration and lives (as a fail-safe fallback) until its physical
 * expiration. A {@code stale} entry holds a fallback value: expired by {@code expire}, or re-saved by fail-safe for the
 * throttle duration. The {@link Optional} of the value is built once, so a hit allocates nothing.
 *
 * <p>Public so that adapters built on the engine (the JCache layer) can inspect entries through {@link EntryAccess};
 * only the engine creates them.
 *
 * @param <V> the value type
 */
public final class CacheEntry<V> {
  static final long NO_EAGER_REFRESH = Long.MAX_VALUE;

  final V value;
  final Optional<V> optional;
  final long timestamp;
  final long logicalExpiration;
  final long eagerRefreshAt;
  final long physicalExpiration;
  final boolean stale;
  final Set<String> tags;
  /** {@code tags.isEmpty()}, kept as a field: the hit path's tag check is then one field read, no call. */
  final boolean untagged;
  final String etag;
  final Instant lastModified;
  final int weight;
  /**
   * Orders the entries written in one millisecond: drawn from a counter of this JVM when the entry is made, kept by
   * the entries derived from it and stored in L2 with it. Of two writes with one timestamp the higher order wins
   * everywhere (L1, L2), so the writes of one node in one millisecond end in the order they were made.
   */
  final long order;

  private static final AtomicLong ORDERS = new AtomicLong();

  /**
   * The last check that found none of {@link #tags} removed after this entry was written, or null: the one mutable
   * field, a cache of {@link Barriers}' verdict so that a tagged hit does not look each tag's time up again. Written
   * without synchronization (the check it holds is immutable): a thread that sees an older check, or none, checks
   * again.
   */
  TagCheck tagCheck;

  /**
   * None of an entry's tags was removed after it was written, as far as the tag times known at {@code version} of
   * the tag store say, and still so until {@code until} (the earliest time one of those times must be read again).
   */
  record TagCheck(long version, long until) {
  }

  /** A new entry (a new write): its {@link #order} is the next of this JVM's. */
  CacheEntry(V value, long timestamp, long logicalExpiration, long eagerRefreshAt, long physicalExpiration,
      boolean stale, Set<String> tags, String etag, Instant lastModified, int weight) {
    this(value, timestamp, logicalExpiration, eagerRefreshAt, physicalExpiration, stale, tags, etag, lastModified,
        weight, ORDERS.incrementAndGet());
  }

  CacheEntry(V value, long timestamp, long logicalExpiration, long eagerRefreshAt, long physicalExpiration,
      boolean stale, Set<String> tags, String etag, Instant lastModified, int weight, long order) {
    this.order = order;
    this.value = value;
    this.optional = Optional.of(value);
    this.timestamp = timestamp;
    this.logicalExpiration = logicalExpiration;
    this.eagerRefreshAt = eagerRefreshAt;
    this.physicalExpiration = Math.max(physicalExpiration, logicalExpiration);
    this.stale = stale;
    this.tags = tags;
    this.untagged = tags.isEmpty();
    this.etag = etag;
    this.lastModified = lastModified;
    this.weight = weight;
  }

  /** Builds a fresh entry for {@code value} written at {@code now} with {@code options} (jitter applied here). */
  static <V> CacheEntry<V> create(V value, long now, EntryOptions options, Set<String> tags, String etag,
      Instant lastModified) {
    long duration = TimeMath.millis(options.duration());
    long jitter = TimeMath.millis(options.jitterMaxDuration());
    if (jitter > 0) {
      duration = TimeMath.plus(duration, ThreadLocalRandom.current().nextLong(jitter == Long.MAX_VALUE ? jitter : jitter + 1));
    }
    long logical = TimeMath.plus(now, duration);
    long eager = NO_EAGER_REFRESH;
    if (options.eagerRefreshThreshold().isPresent()) {
      eager = TimeMath.plus(now, (long) (duration * options.eagerRefreshThreshold().getAsDouble()));
    }
    long physical = options.failSafe() ? TimeMath.plus(now, TimeMath.millis(options.failSafeMaxDuration())) : logical;
    long size = options.size().orElse(1);
    return new CacheEntry<>(value, now, logical, eager, physical, false, tags, etag, lastModified,
        (int) Math.min(size, Integer.MAX_VALUE));
  }

  /** A fallback entry: this value, marked stale and served until {@code until} (a fail-safe throttle). */
  CacheEntry<V> throttled(long until) {
    return new CacheEntry<>(value, timestamp, until, NO_EAGER_REFRESH, physicalExpiration, true, tags, etag,
        lastModified, weight, order);
  }

  /** This value, expired logically at {@code now} and kept as a fallback until its physical expiration. */
  CacheEntry<V> expiredAt(long now) {
    if (logicalExpiration <= now && stale) {
      return this;
    }
    return new CacheEntry<>(value, timestamp, Math.min(now, logicalExpiration), NO_EAGER_REFRESH,
        physicalExpiration, true, tags, etag, lastModified, weight, order);
  }

  /**
   * Whether this entry was written after {@code other}: a later timestamp, or the same one and a higher
   * {@link #order}. The rule every level keeps the newer entry by.
   */
  boolean writtenAfter(CacheEntry<?> other) {
    return timestamp > other.timestamp || (timestamp == other.timestamp && order > other.order);
  }

  /** The more recently written of two entries (by timestamp; either may be null). */
  static <V> CacheEntry<V> newer(CacheEntry<V> a, CacheEntry<V> b) {
    if (a == null) {
      return b;
    }
    return b == null || a.timestamp >= b.timestamp ? a : b;
  }

  /**
   * Whether the value is still fresh at {@code now} (epoch millis): before its logical expiration.
   *
   * @param now the current time, in epoch milliseconds
   * @return whether the value is still fresh at {@code now}
   */
  public boolean isFresh(long now) {
    return logicalExpiration > now;
  }

  /** {@return the cached value} Never null. */
  public V value() {
    return value;
  }

  /** {@return when the value was written, in epoch millis} */
  public long timestamp() {
    return timestamp;
  }

  /** {@return when the value stops being fresh, in epoch millis} {@link Long#MAX_VALUE} for never. */
  public long logicalExpiration() {
    return logicalExpiration;
  }

  /** {@return when the entry is dropped altogether (its life as a fail-safe fallback ends), in epoch millis} */
  public long physicalExpiration() {
    return physicalExpiration;
  }

  /** {@return whether the entry holds a fallback value: expired, or re-served by fail-safe} */
  public boolean isStale() {
    return stale;
  }

  /** This entry with another logical expiration (eager refresh off, stale flag kept). */
  CacheEntry<V> withLogicalExpiration(long logical, long physical) {
    return new CacheEntry<>(value, timestamp, logical, NO_EAGER_REFRESH, physical, stale, tags, etag, lastModified,
        weight, order);
  }

  @Override
  public String toString() {
    return "CacheEntry{value=" + value + ", timestamp=" + timestamp + ", logicalExpiration=" + logicalExpiration
        + ", physicalExpiration=" + physicalExpiration + (stale ? ", stale" : "") + (tags.isEmpty() ? "" : ", tags=" + tags)
        + '}';
  }
}

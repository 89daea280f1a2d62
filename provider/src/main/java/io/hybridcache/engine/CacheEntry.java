package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import java.time.Instant;
import java.util.Objects;
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
 * throttle duration.
 *
 * <p>Most entries have none of the rarer metadata (tags, an etag, a last-modified time, an eager-refresh time, a
 * physical expiration past the logical one, a weight other than 1, the stale mark): they are instances of this class,
 * which holds the value, the timestamp, the logical expiration and the order only (40 bytes with compressed
 * references; the value's {@code Optional}, made on the first {@code tryGet}, takes the value's place). The others
 * are {@link DetailedCacheEntry} instances; {@link #of} picks. The rarer metadata is read
 * through methods, which return the defaults here.
 *
 * <p>Public so that adapters built on the engine (the JCache layer) can inspect entries through {@link EntryAccess};
 * only the engine creates them.
 *
 * @param <V> the value type
 */
public sealed class CacheEntry<V> permits DetailedCacheEntry {
  static final long NO_EAGER_REFRESH = Long.MAX_VALUE;

  /**
   * The value, or once {@link #optional()} was first asked for, {@code Optional.of(value)}: so that an entry that a
   * {@code tryGet} reads makes its {@code Optional} once, and one nobody reads so costs no {@code Optional} at all. A
   * value that is itself an {@code Optional} is wrapped from the start, so an {@code Optional} here is always ours.
   * Replaced without synchronization: a thread sees the value or a complete {@code Optional} (whose field is final).
   */
  private Object held;
  final long timestamp;
  final long logicalExpiration;
  /**
   * Orders the entries written in one millisecond: drawn from a counter of this JVM when the entry is made, kept by
   * the entries derived from it and stored in L2 with it. Of two writes with one timestamp the higher order wins
   * everywhere (L1, L2), so the writes of one node in one millisecond end in the order they were made.
   */
  final long order;

  private static final AtomicLong ORDERS = new AtomicLong();

  /**
   * None of an entry's tags was removed after it was written, as far as the tag times known at {@code version} of
   * the tag store say, and still so until {@code until} (the earliest time one of those times must be read again).
   */
  record TagCheck(long version, long until) {
  }

  /** An entry with no rarer metadata (see the class comment). */
  CacheEntry(V value, long timestamp, long logicalExpiration, long order) {
    Objects.requireNonNull(value, "value must not be null");
    this.held = value instanceof Optional<?> ? Optional.of(value) : value;
    this.timestamp = timestamp;
    this.logicalExpiration = logicalExpiration;
    this.order = order;
  }

  /** A new entry (a new write): its {@link #order} is the next of this JVM's. */
  static <V> CacheEntry<V> of(V value, long timestamp, long logicalExpiration, long eagerRefreshAt,
      long physicalExpiration, boolean stale, Set<String> tags, String etag, Instant lastModified, int weight) {
    return of(value, timestamp, logicalExpiration, eagerRefreshAt, physicalExpiration, stale, tags, etag,
        lastModified, weight, ORDERS.incrementAndGet());
  }

  /**
   * An entry with these fields: a plain {@code CacheEntry} when it has none of the rarer metadata, else a
   * {@link DetailedCacheEntry}. The physical expiration is never before the logical one.
   */
  static <V> CacheEntry<V> of(V value, long timestamp, long logicalExpiration, long eagerRefreshAt,
      long physicalExpiration, boolean stale, Set<String> tags, String etag, Instant lastModified, int weight,
      long order) {
    if (eagerRefreshAt == NO_EAGER_REFRESH && physicalExpiration <= logicalExpiration && !stale && tags.isEmpty()
        && etag == null && lastModified == null && weight == 1) {
      return new CacheEntry<>(value, timestamp, logicalExpiration, order);
    }
    return new DetailedCacheEntry<>(value, timestamp, logicalExpiration, eagerRefreshAt,
        Math.max(physicalExpiration, logicalExpiration), stale, tags, etag, lastModified, weight, order);
  }

  /** Builds a fresh entry for {@code value} written at {@code now} with {@code options} (jitter applied here). */
  static <V> CacheEntry<V> create(V value, long now, EntryOptions options, Set<String> tags, String etag,
      Instant lastModified) {
    long duration = TimeMath.millis(options.duration());
    long jitter = TimeMath.millis(options.jitterMaxDuration());
    if (jitter > 0) {
      long bound = jitter == Long.MAX_VALUE ? jitter : jitter + 1;
      duration = TimeMath.plus(duration, ThreadLocalRandom.current().nextLong(bound));
    }
    long logical = TimeMath.plus(now, duration);
    long eager = NO_EAGER_REFRESH;
    if (options.eagerRefreshThreshold().isPresent()) {
      eager = TimeMath.plus(now, (long) (duration * options.eagerRefreshThreshold().getAsDouble()));
    }
    long physical = options.failSafe() ? TimeMath.plus(now, TimeMath.millis(options.failSafeMaxDuration())) : logical;
    long size = options.size().orElse(1);
    return of(value, now, logical, eager, physical, false, tags, etag, lastModified,
        (int) Math.min(size, Integer.MAX_VALUE));
  }

  /** A fallback entry: this value, marked stale and served until {@code until} (a fail-safe throttle). */
  CacheEntry<V> throttled(long until) {
    return of(value(), timestamp, until, NO_EAGER_REFRESH, physicalExpiration(), true, tags(), etag(),
        lastModified(), weight(), order);
  }

  /** This value, expired logically at {@code now} and kept as a fallback until its physical expiration. */
  CacheEntry<V> expiredAt(long now) {
    if (logicalExpiration <= now && isStale()) {
      return this;
    }
    return of(value(), timestamp, Math.min(now, logicalExpiration), NO_EAGER_REFRESH, physicalExpiration(), true,
        tags(), etag(), lastModified(), weight(), order);
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
  @SuppressWarnings("unchecked")
  public V value() {
    Object h = held;
    return h instanceof Optional<?> o ? (V) o.get() : (V) h;
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
    return logicalExpiration;
  }

  /** {@return whether the entry holds a fallback value: expired, or re-served by fail-safe} */
  public boolean isStale() {
    return false;
  }

  /** {@return the value as an {@link Optional}} Made on the first call, then kept in place of the value. */
  @SuppressWarnings("unchecked")
  Optional<V> optional() {
    Object h = held;
    if (h instanceof Optional<?> o) {
      return (Optional<V>) o;
    }
    Optional<V> made = Optional.of((V) h);
    held = made;
    return made;
  }

  /** {@return the entry's tags} Empty when it has none. */
  Set<String> tags() {
    return Set.of();
  }

  /** {@return whether the entry has no tags} The hit path's tag check: a call that returns a constant here. */
  boolean untagged() {
    return true;
  }

  /** {@return the entry's etag, or null} */
  String etag() {
    return null;
  }

  /** {@return the entry's last-modified time, or null} */
  Instant lastModified() {
    return null;
  }

  /** {@return when the entry should be refreshed ahead of its expiration} {@link #NO_EAGER_REFRESH} for never. */
  long eagerRefreshAt() {
    return NO_EAGER_REFRESH;
  }

  /** {@return the entry's weight in the memory level's bound} 1 unless the options gave a size. */
  int weight() {
    return 1;
  }

  /**
   * {@return the last check that found none of the entry's tags removed after it was written, or null} Always null
   * for an untagged entry.
   */
  CacheEntry.TagCheck tagCheck() {
    return null;
  }

  /** Keeps {@code check} as the entry's {@link #tagCheck}; nothing for an untagged entry (it never needs one). */
  void tagCheck(CacheEntry.TagCheck check) {
  }

  /** This entry with another logical expiration (eager refresh off, stale flag kept). */
  CacheEntry<V> withLogicalExpiration(long logical, long physical) {
    return of(value(), timestamp, logical, NO_EAGER_REFRESH, physical, isStale(), tags(), etag(), lastModified(),
        weight(), order);
  }

  @Override
  public String toString() {
    return "CacheEntry{value=" + value() + ", timestamp=" + timestamp + ", logicalExpiration=" + logicalExpiration
        + ", physicalExpiration=" + physicalExpiration() + (isStale() ? ", stale" : "")
        + (untagged() ? "" : ", tags=" + tags()) + '}';
  }
}

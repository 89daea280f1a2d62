package io.hybridcache.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hides the entries that a clear or the removal of one of their tags made invisible: the read side of the passive
 * design, where a clear or a tag removal writes one time and every read compares an entry's timestamp with it.
 *
 * <p>An entry written at or before a clear's time is hidden: removed after {@code clear(false)}, expired (a fallback)
 * after {@code clear(true)}. The two clear times are held in fields, updated by this node's clears and by the other
 * nodes' messages, and read from L2 once (and again after messages may have been missed), so a node that starts after
 * a clear does not serve what it cleared. An entry with tags is then checked against the times of its tags held here,
 * stopping at the first one removed at or after its timestamp; the times not held are read together, in one round
 * trip to L2 however many they are ({@link TagStore#removedAt(java.util.Collection, long)}). An entry without tags, written after the last clear, costs one comparison with
 * one field.
 */
final class Barriers {
  private static final Logger LOG = LoggerFactory.getLogger(Barriers.class);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
  private static final Barriers NONE = new Barriers(null, InternalKeys.defaults(), TagRemoval.EXPIRE, false, null);
  /** The time of a verdict whose caller has not read the clock: read only if a tag's time is needed. */
  private static final long UNKNOWN_TIME = Long.MIN_VALUE;
  /** How long after a failed read of the clear times the next one may start. */
  private static final long RELOAD_PAUSE_MILLIS = 1_000;
  /** What a barrier makes of an entry. */
  enum Verdict {
    /** No barrier hides it. */
    VISIBLE,
    /** Hidden, still a fail-safe fallback. */
    EXPIRED,
    /** Hidden, not even a fallback. */
    REMOVED
  }

  private final TagStore tags;
  private final InternalKeys keys;
  private final TagRemoval tagRemoval;
  private final boolean shared;
  private volatile long clearExpireAt = TagStore.NEVER;
  private volatile long clearRemoveAt = TagStore.NEVER;
  /** The later of the two clear times: below it, nothing is hidden by a clear. */
  private volatile long clearedUpTo = TagStore.NEVER;
  private final TimeSource time;
  private volatile boolean loaded;
  /**
   * What the hit path compares with: {@link #clearedUpTo} once the clear times are {@link #loaded}, else
   * {@code Long.MAX_VALUE} (no entry is then admitted without the full verdict, which starts the load). One volatile
   * read instead of two; written with them, under this object's lock.
   */
  private volatile long hitFloor;
  /** The latest read of the clear times from L2; it always completes normally. */
  private volatile CompletableFuture<Void> loading = DONE;
  private volatile long lastLoad = Long.MIN_VALUE;

  /**
   * @param shared whether the clear times live in a distributed level too: they are then read from it at once, in
   *     the background, and every read of an entry from that level waits for them
   */
  Barriers(TagStore tags, InternalKeys keys, TagRemoval tagRemoval, boolean shared, TimeSource time) {
    this.tags = tags;
    this.keys = keys;
    this.tagRemoval = tagRemoval;
    this.shared = shared;
    this.time = time;
    this.loaded = !shared;
    this.hitFloor = shared ? Long.MAX_VALUE : clearedUpTo;
    if (shared) {
      reload();
    }
  }

  /** Barriers that hide nothing: those of the internal engine that holds the tag times. */
  static Barriers none() {
    return NONE;
  }

  /** Whether {@code entry} is hidden by no barrier at {@code now}; the cheap check of the hit path. */
  boolean admits(CacheEntry<?> entry, long now) {
    // the common cases first, small enough for the JIT to inline into every hit path: the clear times known and no
    // clear since, and no tags or a check of the tags that still holds
    if (tags == null || (entry.timestamp > hitFloor && (entry.untagged() || tagsChecked(entry, now)))) {
      return true;
    }
    return verdict(entry, now) == Verdict.VISIBLE;
  }

  /** Whether the last check of {@code entry}'s tags still holds at {@code now}: no tag time changed or went stale. */
  private boolean tagsChecked(CacheEntry<?> entry, long now) {
    CacheEntry.TagCheck check = entry.tagCheck();
    return check != null && now < check.until() && check.version() == tags.version();
  }

  /** Whether {@code entry} is hidden by no barrier. */
  boolean admits(CacheEntry<?> entry) {
    return verdict(entry) == Verdict.VISIBLE;
  }

  /** What the barriers make of {@code entry}. */
  Verdict verdict(CacheEntry<?> entry) {
    return verdict(entry, UNKNOWN_TIME);
  }

  /** What the barriers make of {@code entry} at {@code now} ({@link #UNKNOWN_TIME}: read when a tag needs it). */
  Verdict verdict(CacheEntry<?> entry, long now) {
    if (tags == null) {
      return Verdict.VISIBLE;
    }
    if (!loaded) {
      reload();
    }
    long written = entry.timestamp;
    if (written <= clearedUpTo) {
      return written <= clearRemoveAt ? Verdict.REMOVED : expired(entry);
    }
    if (entry.untagged()) {
      return Verdict.VISIBLE;
    }
    long at = now == UNKNOWN_TIME ? time.wallMillis() : now;
    long version = tags.version(); // before the times: a change made while they are read moves it
    long until = Long.MAX_VALUE;
    List<String> unknown = null;
    for (String tag : entry.tags()) {
      CacheEntry<Long> held = tags.held(tag, at);
      if (held == null) {
        if (unknown == null) {
          unknown = new ArrayList<>(entry.tags().size());
        }
        unknown.add(tag);
        continue;
      }
      until = Math.min(until, held.logicalExpiration);
      if (held.value() >= written) {
        return hiddenByTag(entry);
      }
    }
    if (unknown == null) {
      entry.tagCheck(new CacheEntry.TagCheck(version, until));
      return Verdict.VISIBLE;
    }
    // read (from L2, or "never"), all in one round trip: the next check finds them held
    if (unknown.size() == 1) {
      return tags.removedAt(unknown.get(0), at) >= written ? hiddenByTag(entry) : Verdict.VISIBLE;
    }
    for (long removedAt : tags.removedAt(unknown, at).values()) {
      if (removedAt >= written) {
        return hiddenByTag(entry);
      }
    }
    return Verdict.VISIBLE;
  }

  /** What the removal of one of its tags makes of {@code entry}. */
  private Verdict hiddenByTag(CacheEntry<?> entry) {
    return tagRemoval == TagRemoval.REMOVE ? Verdict.REMOVED : expired(entry);
  }

  /**
   * An entry a barrier expires: a fallback already stale stays as it is (a fail-safe fallback served for its
   * throttle duration would otherwise call the failing source again on every read).
   */
  private static Verdict expired(CacheEntry<?> entry) {
    return entry.isStale() ? Verdict.VISIBLE : Verdict.EXPIRED;
  }

  /** {@code entry} if a barrier leaves it usable as a fail-safe fallback, else null. */
  <V> CacheEntry<V> fallback(CacheEntry<V> entry) {
    return entry == null || verdict(entry) == Verdict.REMOVED ? null : entry;
  }

  /** {@code entry} if it is fresh at {@code now} and visible, else null. */
  <V> CacheEntry<V> fresh(CacheEntry<V> entry, long now) {
    return entry != null && entry.isFresh(now) && admits(entry) ? entry : null;
  }

  /** A clear at {@code at}, made here or announced by another node. */
  void cleared(boolean allowFailSafe, long at) {
    synchronized (this) {
      if (allowFailSafe) {
        clearExpireAt = Math.max(clearExpireAt, at);
      } else {
        clearRemoveAt = Math.max(clearRemoveAt, at);
      }
      clearedUpTo = Math.max(clearExpireAt, clearRemoveAt);
      refreshHitFloor();
    }
  }

  /** Sets {@link #hitFloor} from {@link #loaded} and {@link #clearedUpTo}; called holding this object's lock. */
  private void refreshHitFloor() {
    hitFloor = loaded ? clearedUpTo : Long.MAX_VALUE;
  }

  /**
   * {@code read}, an entry read from the distributed level, once the clear times are known too (at once when they
   * are): an entry a clear hid must not come back through L2 on a node that just started or missed messages.
   */
  <T> CompletableFuture<T> afterClearTimes(CompletableFuture<T> read) {
    if (!loaded) {
      reload();
    }
    CompletableFuture<Void> known = loading;
    return known.isDone() ? read : read.thenCombine(known, (found, ignored) -> found);
  }

  /** Messages may have been missed: the clear times are read again from L2 (reads from L2 wait for them). */
  void forgetRecent() {
    if (shared) {
      synchronized (this) {
        loaded = false;
        refreshHitFloor();
        lastLoad = Long.MIN_VALUE;
      }
      reload();
    }
  }

  /** The tag of a clear: the key its time is stored under. */
  String clearTag(boolean allowFailSafe) {
    return allowFailSafe ? keys.clearExpireTag() : keys.clearRemoveTag();
  }

  /**
   * Starts reading the clear times from L2 in the background, unless a read is under way or the last one failed less
   * than a second ago; when it fails, the times known here serve, and a later verdict tries again.
   */
  private void reload() {
    if (loaded || !loading.isDone()) {
      return;
    }
    synchronized (this) {
      long now = time.wallMillis();
      if (loaded || !loading.isDone() || (lastLoad != Long.MIN_VALUE && now - lastLoad < RELOAD_PAUSE_MILLIS)) {
        return;
      }
      lastLoad = now;
      CompletableFuture<Long> expire = tags.removedAtAsync(keys.clearExpireTag());
      CompletableFuture<Long> remove = tags.removedAtAsync(keys.clearRemoveTag());
      loading = expire.thenCombine(remove, (expireAt, removeAt) -> {
        synchronized (this) {
          cleared(true, expireAt);
          cleared(false, removeAt);
          loaded = true;
          refreshHitFloor();
        }
        return (Void) null;
      }).exceptionally(e -> {
        LOG.warn("could not read the clear times from the distributed level ({}); trying again later",
            Failures.unwrap(e).toString());
        return null;
      });
    }
  }
}

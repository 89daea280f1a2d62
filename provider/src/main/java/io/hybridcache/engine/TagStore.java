package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import io.hybridcache.Factory;
import io.hybridcache.spi.BackplaneMessage;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each tag of one cache was last removed (the two clear tags included): the passive side of tagging. A removal
 * writes one small entry holding its time; reading a tagged entry compares its timestamp with the times of its tags.
 *
 * <p>The times are themselves cached, by an internal engine of their own: in L1 for {@link #DURATION} with fail-safe
 * on, in L2 under {@code {keyPrefix}:{tagPrefix}:{cacheName}:{tag}}, and loaded once however many readers ask at once
 * (its stampede protection). A tag never removed reads as {@link #NEVER}; that answer is kept in L1 only, never written
 * to L2, where it could overwrite a removal made meanwhile. A removal reaches the other nodes as a backplane message
 * carrying its time, which they store straight away ({@link #learn}), with no L2 read.
 *
 * <p>A removal time is kept for {@link #DURATION}: an entry still alive (fail-safe included) that long after the
 * removal of one of its tags would be visible again.
 */
final class TagStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TagStore.class);
  /** The time of a tag never removed. */
  static final long NEVER = Long.MIN_VALUE;
  /** How long a removal time is kept, in every level. */
  static final Duration DURATION = Duration.ofDays(10);
  private static final Factory<String, Long> NOT_REMOVED = ctx -> NEVER;

  private final HybridCacheEngine<String, Long> times;
  /** The L1 of {@link #times}, where the hit path reads the times. */
  private final MemoryLevel<String, Long> timesInMemory;
  private final EntryOptions read;
  private final EntryOptions write;
  private final EntryOptions learned;
  private final TimeSource time;

  /**
   * @param cacheDefaults the default options of the cache the times belong to: their distributed soft and hard
   *     timeouts bound the reads of the times too (a soft one where a time is known here, to serve it)
   */
  TagStore(String cacheName, ClusterNode node, boolean useLevel, boolean useBackplane, TimeSource time,
      BackgroundTasks background, EntryOptions cacheDefaults) {
    this.time = time;
    EntryOptions.Builder timed = EntryOptions.builder().duration(DURATION).failSafe(true)
        .failSafeMaxDuration(DURATION);
    cacheDefaults.distributedCacheSoftTimeout().ifPresent(timed::distributedCacheSoftTimeout);
    cacheDefaults.distributedCacheHardTimeout().ifPresent(timed::distributedCacheHardTimeout);
    EntryOptions base = timed.build();
    this.read = base.toBuilder().skipDistributedCacheWrite(true).skipBackplaneNotifications(true)
        .reThrowDistributedCacheExceptions(true).build();
    this.write = base.toBuilder().reThrowDistributedCacheExceptions(false).build();
    this.learned = base.toBuilder().skipDistributedCacheWrite(true).skipBackplaneNotifications(true).build();
    HybridCacheEngineBuilder<String, Long> b = HybridCacheEngine.<String, Long>builder(cacheName)
        .timeSource(time).backgroundTasks(background).maximumSize(10_000).defaultEntryOptions(base);
    if (node != null) {
      b.cluster(node).distributedLevelEnabled(useLevel).backplaneEnabled(useBackplane);
    }
    b.tagStore = true;
    this.times = b.build();
    this.timesInMemory = times.memoryLevel();
  }

  /**
   * When {@code tag} was last removed, or {@link #NEVER}. When the distributed level fails the last time known here is
   * used (or {@link #NEVER}); the failure is logged and counted, and the next read tries again.
   */
  long removedAt(String tag) {
    return removedAt(tag, time.wallMillis());
  }

  /**
   * {@link #removedAt(String)} at {@code now}: the hit path of every tagged entry, one lookup in the tag engine's L1
   * while the time is fresh there, not a whole engine call.
   */
  long removedAt(String tag, long now) {
    CacheEntry<Long> held = held(tag, now);
    if (held != null) {
      return held.value;
    }
    try {
      return times.getOrSet(tag, NOT_REMOVED, read);
    } catch (RuntimeException e) {
      CacheEntry<Long> known = timesInMemory.get(tag);
      LOG.warn("cache '{}': could not read when tag '{}' was removed ({}); using {}", times.name(), tag, e.toString(),
          known == null ? "never" : known.value);
      return known == null ? NEVER : known.value;
    }
  }

  /**
   * The time of {@code tag} as held here while fresh at {@code now} (its value is the removal time, its logical
   * expiration when it must be read again), or null when it must be read first ({@link #removedAt(String, long)}).
   */
  CacheEntry<Long> held(String tag, long now) {
    CacheEntry<Long> time = timesInMemory.get(tag, now);
    return time != null && time.isFresh(now) ? time : null;
  }

  /**
   * A count that moves whenever a time held here changes: a verdict drawn from the times held at one count holds as
   * long as the count has not moved (and the times it used are fresh). Read it before the times.
   */
  long version() {
    return timesInMemory.changes();
  }

  /** When {@code tag} was last removed, without blocking: the future fails when the distributed level does. */
  CompletableFuture<Long> removedAtAsync(String tag) {
    return times.getOrSetAsync(tag, ctx -> CompletableFuture.completedFuture(NEVER), read, Set.of());
  }

  /**
   * Records that {@code tag} was removed at {@code at} here, in L2 and, with {@code notice}, on every other node (in
   * one round trip when the level publishes). Completes as the cache's options for distributed writes say.
   */
  CompletableFuture<Void> remove(String tag, long at, BackplaneMessage.Type type, String noticeKey,
      EntryOptions options) {
    EntryOptions o = write.toBuilder()
        .backgroundDistributedCacheOperations(options.backgroundDistributedCacheOperations())
        .backgroundBackplaneOperations(options.backgroundBackplaneOperations())
        .reThrowDistributedCacheExceptions(options.reThrowDistributedCacheExceptions())
        .reThrowBackplaneExceptions(options.reThrowBackplaneExceptions())
        .skipBackplaneNotifications(options.skipBackplaneNotifications())
        .build();
    return times.writeAnnounced(tag, at, o, type, noticeKey);
  }

  /** Stores a removal another node announced, unless a later one is known: no distributed level is read. */
  void learn(String tag, long at) {
    timesInMemory.compute(tag, (k, current) -> current != null && current.value >= at ? current
        : CacheEntry.create(at, at, learned, Set.of(), null, null));
  }

  /** Messages may have been missed: every time held here is re-read from L2 on next use (kept as fallbacks). */
  void forgetRecent() {
    times.expireAllLocally();
  }

  @Override
  public void close() {
    times.close();
  }
}

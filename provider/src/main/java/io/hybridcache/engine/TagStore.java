package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import io.hybridcache.Factory;
import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>A record in L2 can be deleted (or replaced by an older one) by anyone who can write to Redis, and the entries it
 * hid would then be served again by a node that did not know the removal. So every time this node made or learnt is
 * also kept in {@link RemovalRecords}, apart from the times' L1: it is never taken back for want of a record (the later
 * time wins), a read that finds the record missing or older writes it again at once, and every
 * {@link ClusterNode#removalCheckInterval} the records of all the times known here are read in bulk and those missing
 * or older are written again, stamped with the removal's own time and announced, so the other nodes learn them too.
 */
final class TagStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TagStore.class);
  /** The time of a tag never removed. */
  static final long NEVER = Long.MIN_VALUE;
  /** How long a removal time is kept, in every level. */
  static final Duration DURATION = Duration.ofDays(10);
  /** How many records one bulk read of {@link #checkRecords()} reads. */
  static final int CHECK_CHUNK = 1_000;
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final HybridCacheEngine<String, Long> times;
  /** The L1 of {@link #times}, where the hit path reads the times. */
  private final MemoryLevel<String, Long> timesInMemory;
  private final EntryOptions read;
  private final EntryOptions write;
  private final EntryOptions learned;
  private final TimeSource time;
  /** The bulk reads under way, by tag: a tag being read is not read again but waited for. */
  private final ConcurrentHashMap<String, CompletableFuture<Long>> loading = new ConcurrentHashMap<>();
  /** Every removal time this node made or learnt, kept to write a missing record again. */
  private final RemovalRecords records;
  private final InternalKeys internalKeys;
  /** Counts the records written again; null without a node. */
  private final ClusterNode node;
  private final BackgroundTasks background;
  /**
   * How often the records are checked ({@link #checkRecords()}); null when they are not (no L2, or an interval of 0).
   * The check starts with the first removal time known here: a cache whose tags are never removed has no timer.
   */
  private final Duration checkInterval;
  /** The cache's distributed soft timeout: how long a bulk read of times all known here (if stale) is waited for. */
  private final Duration softTimeout;
  private final String cacheName;
  private RepeatingTask check;
  private boolean closed;
  /** What a tag never removed reads as when L2 holds no record: the time known here, if any (then written again). */
  private final Factory<String, Long> notInLevel = ctx -> knownRemoval(ctx.key());

  /**
   * @param cacheDefaults the default options of the cache the times belong to: their distributed soft and hard
   *     timeouts bound the reads of the times too (a soft one where a time is known here, to serve it)
   * @param messageSent counts, on the cache the times belong to, each tag removal or clear this node announced
   */
  TagStore(String cacheName, ClusterNode node, boolean useLevel, boolean useBackplane, TimeSource time,
      BackgroundTasks background, EntryOptions cacheDefaults, Runnable messageSent) {
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
    b.messagesSentTo = messageSent; // the tag removals and clears it announces count on the cache they are about
    this.times = b.build();
    this.timesInMemory = times.memoryLevel();
    this.node = node;
    this.background = background;
    this.internalKeys = node == null ? InternalKeys.defaults() : node.internalKeys();
    this.cacheName = cacheName;
    this.softTimeout = cacheDefaults.distributedCacheSoftTimeout().orElse(null);
    boolean shared = node != null && useLevel && node.level() != null;
    this.checkInterval = shared && !node.removalCheckInterval().isZero() ? node.removalCheckInterval() : null;
    this.records = new RemovalRecords(cacheName, node == null ? () -> { } : node::forgotRemovalTime,
        this::startCheck);
  }

  /** Starts the periodic check of the records, once, when there is one. */
  private synchronized void startCheck() {
    if (checkInterval != null && check == null && !closed) {
      check = new RepeatingTask("cache '" + cacheName + "': the check of the removal records", time, background,
          checkInterval, this::checkRecords);
    }
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
      return held.value();
    }
    try {
      return atLeastKnown(tag, times.getOrSet(tag, notInLevel, read));
    } catch (RuntimeException e) {
      long known = known(tag);
      LOG.warn("cache '{}': could not read when tag '{}' was removed ({}); using {}", times.name(), tag, e.toString(),
          known == NEVER ? "never" : known);
      return known;
    }
  }

  /**
   * {@code found}, the time of {@code tag} read from L2, unless a later one is known here: then L2's record is older
   * than a removal this node knows (replaced by someone), and it is written again and kept here.
   */
  private long atLeastKnown(String tag, long found) {
    records.note(tag, found);
    long known = records.known(tag);
    if (known > found) {
      learn(tag, known);
      restoreSoon(tag, known);
      return known;
    }
    return found;
  }

  /** The removal time of {@code tag} known here when L2 holds none: written again there when there is one. */
  private long knownRemoval(String tag) {
    long known = records.known(tag);
    if (known != NEVER) {
      restoreSoon(tag, known);
    }
    return known;
  }

  /**
   * The removal times of {@code toRead}, tags none of which is held fresh here, read from L2 in one bulk read
   * ({@link DistributedLevel#getAll}) however many they are, and kept here as {@link #removedAt(String, long)} keeps
   * one. A tag another caller is reading already is not read again: its read is waited for (single flight per tag).
   * When the level fails or times out (the hard timeout) the last time known here is used (or {@link #NEVER}), logged
   * and counted, and nothing is kept, so the next check reads again. With a soft timeout, when every tag has a time
   * here (stale), those times serve once it passes, and the read goes on to keep what it brings.
   *
   * @return each tag's removal time
   */
  Map<String, Long> removedAt(Collection<String> toRead, long now) {
    Map<String, CompletableFuture<Long>> answers = new LinkedHashMap<>();
    List<String> mine = new ArrayList<>(toRead.size());
    List<CompletableFuture<Long>> mineAnswers = new ArrayList<>(toRead.size());
    for (String tag : toRead) {
      CompletableFuture<Long> own = new CompletableFuture<>();
      CompletableFuture<Long> other = loading.putIfAbsent(tag, own);
      CacheEntry<Long> held = other == null ? held(tag, now) : null;
      if (held != null) { // kept by a read that ended since the caller looked: read no more
        loading.remove(tag, own);
        answers.put(tag, CompletableFuture.completedFuture(held.value()));
      } else if (other == null) {
        mine.add(tag);
        mineAnswers.add(own);
        answers.put(tag, own);
      } else {
        answers.put(tag, other);
      }
    }
    if (!mine.isEmpty()) {
      read(mine, mineAnswers, now);
    }
    CompletableFuture<Void> all = CompletableFuture.allOf(answers.values().toArray(CompletableFuture<?>[]::new));
    boolean softTimedOut = false;
    if (!all.isDone() && softTimeout != null && toRead.stream().allMatch(tag -> timesInMemory.get(tag) != null)) {
      awaitAtMost(all, softTimeout); // every time is known here, if stale: past the soft timeout, they serve
      softTimedOut = !all.isDone();
    }
    Map<String, Long> times = new LinkedHashMap<>();
    for (Map.Entry<String, CompletableFuture<Long>> answer : answers.entrySet()) {
      CompletableFuture<Long> time = answer.getValue();
      times.put(answer.getKey(), softTimedOut && !time.isDone() ? known(answer.getKey()) : time.join());
    }
    return times;
  }

  /** Waits for {@code done}, at most {@code timeout} on the engine's clock. */
  private void awaitAtMost(CompletableFuture<Void> done, Duration timeout) {
    CompletableFuture<Void> timer = new CompletableFuture<>();
    TimeSource.Cancellable pending = time.schedule(() -> timer.complete(null), TimeMath.nanos(timeout));
    try {
      CompletableFuture.anyOf(done, timer).join();
    } finally {
      pending.cancel();
    }
  }

  /**
   * Reads {@code mine} from L2 in one bulk read and completes each of {@code answers} (never exceptionally) when it
   * ends; the read goes on in the background past a soft timeout.
   */
  private void read(List<String> mine, List<CompletableFuture<Long>> answers, long now) {
    CompletableFuture<List<CacheEntry<Long>>> bulk;
    try {
      bulk = times.readAllFromLevel(mine, read);
    } catch (RuntimeException e) {
      bulk = CompletableFuture.failedFuture(e);
    }
    bulk.whenComplete((entries, error) -> {
      if (error != null) {
        LOG.warn("cache '{}': could not read when {} tags were removed ({}); using the times known here",
            times.name(), mine.size(), Failures.unwrap(error).toString());
      }
      settle(mine, answers, error == null ? entries : null, now);
    });
  }

  /** Keeps what a bulk read brought ({@code entries}, null when it failed) and completes each of {@code answers}. */
  private void settle(List<String> mine, List<CompletableFuture<Long>> answers, List<CacheEntry<Long>> entries,
      long now) {
    for (int i = 0; i < mine.size(); i++) {
      String tag = mine.get(i);
      long time = NEVER;
      try {
        time = entries == null ? known(tag) : keep(tag, entries.get(i), now);
      } catch (RuntimeException e) {
        time = known(tag);
      } finally {
        loading.remove(tag, answers.get(i)); // after keeping: a reader that no longer finds it here finds it held
        answers.get(i).complete(time);
      }
    }
  }

  /**
   * Keeps the time of {@code tag} that L2 holds ({@code fromLevel}, null for none) here, fresh from {@code now}, unless
   * a later one is known here: removal times only grow, so the later of the two is the tag's time.
   */
  private long keep(String tag, CacheEntry<Long> fromLevel, long now) {
    long inLevel = fromLevel == null ? NEVER : fromLevel.value();
    long recorded = records.known(tag);
    if (recorded > inLevel) { // L2's record is missing or older than a removal known here: written again
      restoreSoon(tag, recorded);
      return keep(tag, null, now, recorded);
    }
    records.note(tag, inLevel);
    return keep(tag, fromLevel, now, inLevel);
  }

  private long keep(String tag, CacheEntry<Long> fromLevel, long now, long inLevel) {
    CacheEntry<Long> kept = timesInMemory.compute(tag, (k, current) -> {
      long known = current == null ? NEVER : current.value();
      if (current != null && current.isFresh(now) && known >= inLevel) {
        return current;
      }
      if (fromLevel != null && inLevel >= known && fromLevel.isFresh(now)) {
        return timesInMemory.capped(fromLevel);
      }
      return timesInMemory.capped(CacheEntry.create(Math.max(known, inLevel), now, read, Set.of(), null, null));
    });
    return kept == null ? inLevel : kept.value();
  }

  /** The last time of {@code tag} known here, fresh or not, or {@link #NEVER}. */
  private long known(String tag) {
    CacheEntry<Long> held = timesInMemory.get(tag);
    return Math.max(held == null ? NEVER : held.value(), records.known(tag));
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
    return times.getOrSetAsync(tag, ctx -> CompletableFuture.completedFuture(knownRemoval(ctx.key())), read, Set.of())
        .thenApply(found -> atLeastKnown(tag, found));
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
    records.note(tag, at);
    return times.writeAnnounced(tag, at, o, type, noticeKey);
  }

  /** Stores a removal another node announced, unless a later one is known: no distributed level is read. */
  void learn(String tag, long at) {
    records.note(tag, at);
    timesInMemory.compute(tag, (k, current) -> current != null && current.value() >= at ? current
        : timesInMemory.capped(CacheEntry.create(at, at, learned, Set.of(), null, null)));
  }

  /** Messages may have been missed: every time held here is re-read from L2 on next use (kept as fallbacks). */
  void forgetRecent() {
    times.expireAllLocally();
  }

  /**
   * Reads the records of every removal time known here from L2, in bulk reads of {@link #CHECK_CHUNK}, and writes
   * again each that is missing or holds an earlier time (a later one is learnt). A read that fails leaves its records
   * for the next round. Completes when the reads (not the writes) are done.
   */
  CompletableFuture<Void> checkRecords() {
    List<Map.Entry<String, Long>> known = records.current(time.wallMillis(), DURATION.toMillis());
    if (known.isEmpty()) {
      return DONE;
    }
    List<CompletableFuture<Integer>> rounds = new ArrayList<>();
    for (int from = 0; from < known.size(); from += CHECK_CHUNK) {
      List<Map.Entry<String, Long>> chunk = known.subList(from, Math.min(known.size(), from + CHECK_CHUNK));
      List<String> tags = chunk.stream().map(Map.Entry::getKey).toList();
      rounds.add(times.readAllFromLevel(tags, read).thenApply(found -> {
        int restored = 0;
        for (int i = 0; i < chunk.size(); i++) {
          long at = chunk.get(i).getValue();
          long inLevel = found.get(i) == null ? NEVER : found.get(i).value();
          if (inLevel > at) {
            learn(tags.get(i), inLevel); // a later removal, whose message this node missed
          } else if (inLevel < at) {
            restore(tags.get(i), at);
            restored++;
          }
        }
        return restored;
      }));
    }
    return CompletableFuture.allOf(rounds.toArray(CompletableFuture<?>[]::new)).thenRun(() -> {
      int restored = rounds.stream().mapToInt(CompletableFuture::join).sum();
      if (restored > 0) {
        LOG.warn("cache '{}': {} of the {} tag removal or clear records known here were missing in the distributed "
            + "level or held an earlier time (deleted or replaced in Redis, or flushed); written again", times.name(),
            restored, known.size());
      }
    });
  }

  /** {@link #restore} in the background. */
  private void restoreSoon(String tag, long at) {
    if (node != null && !background.tryExecute(() -> restore(tag, at))) {
      LOG.debug("cache '{}': the background executor refused to write the record of tag '{}' again", times.name(), tag);
    }
  }

  /**
   * Writes the record of {@code tag}'s removal at {@code at} to L2 again, stamped {@code at} (so it replaces no record
   * of a later removal) and announced as the removal was, so that a node that read no record meanwhile learns it.
   */
  private void restore(String tag, long at) {
    if (node == null) {
      return;
    }
    node.restoredRemovalRecord();
    LOG.debug("cache '{}': writing again the record of the removal of tag '{}' at {}", times.name(), tag, at);
    BackplaneMessage.Type type = internalKeys.isClearTag(tag) ? BackplaneMessage.Type.CLEAR
        : BackplaneMessage.Type.TAG_REMOVED;
    String noticeKey = !internalKeys.isClearTag(tag) ? tag
        : tag.equals(internalKeys.clearExpireTag()) ? DistributedOperations.CLEAR_EXPIRE
        : DistributedOperations.CLEAR_REMOVE;
    times.writeAnnouncedAt(tag, at, at, write, type, noticeKey);
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      if (check != null) {
        check.close();
      }
    }
    times.close();
  }
}

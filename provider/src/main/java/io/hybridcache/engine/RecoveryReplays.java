package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * The failed distributed operations of one cache made again by auto-recovery: a write, removal or expiry whose L2
 * operation failed, and a conditional change that never reached L2 or whose outcome there is unknown, are queued on
 * the cache's {@link AutoRecoveryQueue} with a replay that makes them again. A replay reads what L2 holds now and
 * makes its change by a compare-and-set against it, so it never overwrites an entry written after the operation (L1
 * takes that entry instead), and drops an operation whose entry has expired meanwhile; its notice is published once
 * the change is made. With auto-recovery off, nothing is queued.
 *
 * <p>A replay registers a run of its key ({@link RunRegistry}) from before its read of L2 until it decided what to do
 * with what it read, so an entry it hands L1 never hides a change another node announced meanwhile.
 */
final class RecoveryReplays<K, V> {
  /** Null when the cache has no distributed level. */
  private final DistributedLevel level;
  private final LevelKeyspace<K> keyspace;
  private final EntryCodec<V> codec;
  private final ChangeAnnouncer<K> announcer;
  /** The failed writes and notifications to make again; null when auto-recovery is off. */
  private final AutoRecoveryQueue<K> recovery;
  /** Stamps the notices of removals and expiries, so they order after the entries this node wrote. */
  private final EntryClock clock;
  private final TimeSource time;
  /** Where a replay registers its run while it reads L2 and decides. */
  private final RunRegistry<K> runs;
  /** Told of an entry a replay found in L2 written after the replayed operation: L1 takes it if older. */
  private final NewerInLevel<K, V> newerInLevel;

  /** What takes an entry a replay found in L2, written after the replayed operation. */
  @FunctionalInterface
  interface NewerInLevel<K, V> {
    /**
     * Takes {@code entry}, read from L2 for {@code key} while {@code watch} was registered: kept unless a change
     * {@code watch} heard of is newer (see {@link MemoryLevel#saveFromLevel}).
     */
    void adopt(K key, CacheEntry<V> entry, RunRegistry<K>.Run watch);
  }

  RecoveryReplays(DistributedLevel level, LevelKeyspace<K> keyspace, EntryCodec<V> codec, ChangeAnnouncer<K> announcer,
      AutoRecoveryQueue<K> recovery, EntryClock clock, TimeSource time, RunRegistry<K> runs,
      NewerInLevel<K, V> newerInLevel) {
    this.level = level;
    this.keyspace = keyspace;
    this.codec = codec;
    this.announcer = announcer;
    this.recovery = recovery;
    this.clock = clock;
    this.time = time;
    this.runs = runs;
    this.newerInLevel = newerInLevel;
  }

  /**
   * What to run when the L2 write of {@code stored}, encoded as {@code envelope}, under {@code levelKey} failed: queue
   * it to be made again ({@link #replay}); null when auto-recovery is off.
   */
  Runnable onFailedWrite(K key, String levelKey, CacheEntry<V> stored, byte[] envelope, BackplaneMessage notice) {
    return recovery == null ? null : () -> recovery.add(key, stored.timestamp,
        () -> replay(key, levelKey, stored.timestamp, stored, envelope, notice));
  }

  /**
   * What to run when the L2 removal of {@code key} made at {@code removedAt} failed: queue it to be made again
   * ({@link #replay}); null when auto-recovery is off.
   */
  Runnable onFailedRemoval(K key, String levelKey, long removedAt, BackplaneMessage notice) {
    return recovery == null ? null
        : () -> recovery.add(key, removedAt, () -> replay(key, levelKey, removedAt, null, null, notice));
  }

  /**
   * What to run when the L2 expiry of {@code key} at {@code now}, stamped {@code expiredAt}, failed: queue it to be
   * made again after an operation of the key still pending ({@link #replayExpiry}); null when auto-recovery is off.
   */
  Runnable onFailedExpiry(K key, String levelKey, long now, long expiredAt, BackplaneMessage notice) {
    return recovery == null ? null : () -> recovery.addAfterPending(key, expiredAt,
        () -> replayExpiry(key, levelKey, now, expiredAt, notice));
  }

  /**
   * Queues a conditional change of {@code key} to {@code next} (null: a removal) that never reached L2, or whose
   * outcome there is unknown (a failure or a timeout), to make it again like a failed {@code set} or {@code remove}:
   * never over an entry written after it. An entry that cannot be encoded is logged and counted, and stays in L1
   * only, and what L2 holds of the key is removed instead ({@link EntryCodec#encodeChange}); nothing happens when
   * auto-recovery is off.
   */
  void recoverChange(K key, CacheEntry<V> next, EntryOptions options) {
    if (recovery == null || level == null) {
      return;
    }
    CacheEntry<V> stored = next == null ? null : EntryCodec.forLevel(next, options);
    String levelKey = keyspace.levelKey(key);
    byte[] envelope = null;
    if (stored != null && codec.timeToLive(stored) != null) {
      // null: made again as a removal, see encodeChange
      envelope = codec.encodeChange(key, levelKey, stored, EntryCodec.QUIET);
    }
    BackplaneMessage notice = announcer.noticeOfChange(key, envelope == null ? null : next, options);
    CacheEntry<V> written = envelope == null ? null : stored;
    long madeAt = written != null ? written.timestamp : notice != null ? notice.timestamp() : clock.stamp();
    byte[] bytes = envelope;
    recovery.add(key, madeAt, () -> replay(key, levelKey, madeAt, written, bytes, notice));
  }

  /**
   * Makes a failed write ({@code stored} and its {@code envelope}) or removal ({@code stored} null) of {@code key}
   * made at {@code madeAt} again, unless L2 meanwhile holds an entry written after it (L1 then takes that entry) or
   * the entry has expired: a compare-and-set against what L2 holds now, so a write landing meanwhile is never
   * overwritten.
   */
  private CompletableFuture<Boolean> replay(K key, String levelKey, long madeAt, CacheEntry<V> stored,
      byte[] envelope, BackplaneMessage notice) {
    return readThenDecide(key, levelKey, madeAt, (raw, watch) -> {
      CacheEntry<V> remote = raw == null ? null : codec.decodeQuietly(levelKey, raw);
      Duration ttl = stored == null ? null : codec.timeToLive(stored);
      if (remote != null && (stored != null ? remote.writtenAfter(stored) : remote.timestamp > madeAt)) {
        adoptNewer(key, remote, watch);
        return CompletableFuture.completedFuture(true); // superseded: no longer wanted
      }
      if (stored != null && ttl == null) {
        return CompletableFuture.completedFuture(true); // expired meanwhile: no longer wanted
      }
      if (stored == null && raw == null) {
        return notice == null ? CompletableFuture.completedFuture(true) : announcer.publishReplay(notice);
      }
      return swapThenAnnounce(levelKey, raw, envelope, ttl, notice);
    });
  }

  /**
   * Makes a failed expiry (at {@code now}, stamped {@code expiredAt}) again, unless L2 meanwhile holds an entry written
   * after it: the entry L2 holds is rewritten as expired by a compare-and-set, and the expiry announced. Queued after
   * an operation of the key still pending (a failed write is made first, then expired), never in its place.
   */
  private CompletableFuture<Boolean> replayExpiry(K key, String levelKey, long now, long expiredAt,
      BackplaneMessage notice) {
    return readThenDecide(key, levelKey, expiredAt, (raw, watch) -> {
      CacheEntry<V> remote = raw == null ? null : codec.decodeQuietly(levelKey, raw);
      if (remote != null && remote.timestamp > expiredAt) {
        adoptNewer(key, remote, watch);
        return CompletableFuture.completedFuture(true); // written after the expiry: no longer wanted
      }
      if (raw == null) {
        return notice == null ? CompletableFuture.completedFuture(true) : announcer.publishReplay(notice);
      }
      CacheEntry<V> stale = remote == null ? null : remote.expiredAt(now);
      Duration ttl = stale == null ? null : codec.timeToLive(stale);
      byte[] replacement = ttl == null ? null : codec.encode(levelKey, stale);
      return swapThenAnnounce(levelKey, raw, replacement, ttl, notice);
    });
  }

  /**
   * Reads what L2 holds under {@code levelKey} (an oversized entry there removed as of {@code madeAt}, see
   * {@link EntryCodec#fetchClearing}) and hands it to {@code decide}, with a run of {@code key} registered from
   * before the read until {@code decide} returned (or the read failed): the changes other nodes announce meanwhile
   * mark it.
   */
  private CompletableFuture<Boolean> readThenDecide(K key, String levelKey, long madeAt,
      BiFunction<byte[], RunRegistry<K>.Run, CompletableFuture<Boolean>> decide) {
    RunRegistry<K>.Run watch = runs.start(key);
    try {
      return codec.fetchClearing(level, levelKey, madeAt).thenCompose(raw -> {
        try {
          return decide.apply(raw, watch);
        } finally {
          watch.close();
        }
      }).whenComplete((done, error) -> watch.close()); // closing again is harmless: this covers a failed read
    } catch (RuntimeException | Error e) {
      watch.close();
      throw e;
    }
  }

  /** An entry a replay found in L2, written after the replayed operation: L1 takes it, if alive and newer there. */
  private void adoptNewer(K key, CacheEntry<V> remote, RunRegistry<K>.Run watch) {
    if (newerInLevel != null && remote.physicalExpiration() > time.wallMillis()) {
      newerInLevel.adopt(key, remote, watch);
    }
  }

  private CompletableFuture<Boolean> swapThenAnnounce(String levelKey, byte[] expected, byte[] replacement,
      Duration ttl, BackplaneMessage notice) {
    boolean inline = notice != null && level.publishesNotifications();
    return level.compareAndSet(levelKey, expected, replacement, ttl, inline ? notice : null).thenCompose(swapped -> {
      if (!swapped) {
        return CompletableFuture.completedFuture(false); // changed meanwhile: look again next round
      }
      return notice == null || inline ? CompletableFuture.completedFuture(true) : announcer.publishReplay(notice);
    });
  }

  /** A change of {@code key} another node made at {@code timestamp}: a queued older operation of it is dropped. */
  void changedElsewhere(K key, long timestamp) {
    if (recovery != null) {
      recovery.cancelIfOlder(key, timestamp);
    }
  }

  /** The backplane is back: the queued operations are made again after the reconnect barrier. */
  void reconnected() {
    if (recovery != null) {
      recovery.reconnected();
    }
  }

  /** How many failed operations of this cache wait to be made again. */
  int pendingRecoveries() {
    return recovery == null ? 0 : recovery.size();
  }
}

package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.SerializationException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What one cache changes in the distributed level (L2) and tells the other nodes of: writes, removals, expiries and
 * compare-and-sets, each announced by its notice ({@link ChangeAnnouncer}).
 *
 * <p>A write goes to L2 first and is announced only once L2 took it, so a node that reacts to the notification reads
 * the new value. When the level publishes the notification itself (the Redis script), both happen in one round trip.
 * Each method returns the future its caller should wait for: already complete for the parts the options run in the
 * background, failed only when the options ask to re-throw. Every failure is logged and counted either way.
 *
 * <p>A write or removal the level refused because the key holds a later entry is checked: what cannot be trusted is
 * replaced ({@link RefusalCheck}).
 *
 * <p>A write, removal or expiry that L2 failed is queued to be made again when auto-recovery is on
 * ({@link RecoveryReplays}); a compare-and-set that failed is left to its caller.
 *
 * <p>Without L2, factory results are not announced (each node would evict the others' value, which they would compute
 * again and announce in turn); explicit writes are, unless {@code skipBackplaneNotifications}.
 */
final class LevelWriter<K, V> {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final String cacheName;
  /** Null when the cache has no distributed level. */
  private final DistributedLevel level;
  private final LevelKeyspace<K> keyspace;
  private final EntryCodec<V> codec;
  private final ChangeAnnouncer<K> announcer;
  private final RecoveryReplays<K, V> replays;
  private final LevelTimeouts timeouts;
  /** Stamps the notices of removals and expiries, so they order after the entries this node wrote. */
  private final EntryClock clock;
  private final TimeSource time;
  private final CacheEvents<K> events;
  /** The ordered writes and removals, which replace what they cannot trust when refused. */
  private final RefusalCheck<V> ordered;

  LevelWriter(String cacheName, DistributedLevel level, LevelKeyspace<K> keyspace, EntryCodec<V> codec,
      ChangeAnnouncer<K> announcer, RecoveryReplays<K, V> replays, LevelTimeouts timeouts, EntryClock clock,
      TimeSource time, CacheEvents<K> events, UntrustedEntries untrusted) {
    this.cacheName = cacheName;
    this.level = level;
    this.keyspace = keyspace;
    this.codec = codec;
    this.announcer = announcer;
    this.replays = replays;
    this.timeouts = timeouts;
    this.clock = clock;
    this.time = time;
    this.events = events;
    this.ordered = new RefusalCheck<>(level, codec, untrusted);
  }

  /** Whether anything distributed is configured at all (false: every method returns at once). */
  boolean isActive() {
    return level != null || announcer.hasBackplane();
  }

  /**
   * With {@code reThrowSerializationExceptions} (a development setting), encodes {@code entry} as {@link #written}
   * will, so that a value the serializer refuses (or one above the maximum entry size) fails the call before any level
   * has taken it, rather than after the memory level has: the {@link SerializationException} is counted, logged and
   * thrown. Without it, or when nothing goes to L2, does nothing (the value is then encoded once, by the write).
   */
  void refuseUnwritable(K key, CacheEntry<V> entry, EntryOptions options) {
    if (!options.reThrowSerializationExceptions() || level == null || options.skipDistributedCacheWrite()) {
      return;
    }
    CacheEntry<V> stored = EntryCodec.forLevel(entry, options);
    if (codec.timeToLive(stored) == null) {
      return;
    }
    try {
      codec.encode(keyspace.levelKey(key), stored);
    } catch (SerializationException e) {
      events.serializationError(SerializationCause.Site.WRITE_ENTRY,
          "write key '" + key + "' to the distributed level", e);
      throw e;
    }
  }

  /**
   * Sends a value just saved in L1 to L2 and announces it.
   *
   * @param explicit true for {@code set}, false for a factory result (not announced when there is no L2)
   */
  CompletableFuture<Void> written(K key, CacheEntry<V> entry, EntryOptions options, boolean explicit) {
    return written(key, entry, options, explicit, null);
  }

  /**
   * {@link #written(Object, CacheEntry, EntryOptions, boolean)}, replacing {@code unreadable}, the bytes the read
   * before it found under the key and could not read (null: none), if L2 still holds them.
   */
  CompletableFuture<Void> written(K key, CacheEntry<V> entry, EntryOptions options, boolean explicit,
      byte[] unreadable) {
    return written(key, entry, options, explicit, unreadable, null);
  }

  /**
   * {@link #written(Object, CacheEntry, EntryOptions, boolean)}, the level write's first attempt gathered in
   * {@code batch} (sent by the caller) rather than sent on its own; everything else, refusal check, auto-recovery and
   * announcement included, is the key's own.
   */
  CompletableFuture<Void> writtenIn(LevelBatch batch, K key, CacheEntry<V> entry, EntryOptions options,
      boolean explicit) {
    return written(key, entry, options, explicit, null, batch);
  }

  private CompletableFuture<Void> written(K key, CacheEntry<V> entry, EntryOptions options, boolean explicit,
      byte[] unreadable, LevelBatch batch) {
    if (!isActive()) {
      return DONE;
    }
    boolean toLevel = level != null && !options.skipDistributedCacheWrite();
    String encodedKey = keyspace.encode(key);
    BackplaneMessage notice = announcer.noticeOf(BackplaneMessage.Type.ENTRY_SET, encodedKey, entry.timestamp,
        options, toLevel, explicit);
    return written(key, encodedKey, entry, options, toLevel, notice, unreadable, batch);
  }

  /** A batch for the writes and removals of one bulk call, or null without a level (nothing to gather). */
  LevelBatch batch() {
    return level == null ? null : new LevelBatch(level);
  }

  /**
   * Sends an entry just saved in L1 to L2, announced by a notice of {@code type} for {@code noticeKey} at
   * {@code noticeTime} (a tag removal or a clear, whose receivers act on the message alone).
   */
  CompletableFuture<Void> written(K key, CacheEntry<V> entry, EntryOptions options, BackplaneMessage.Type type,
      String noticeKey, long noticeTime) {
    if (!isActive()) {
      return DONE;
    }
    boolean toLevel = level != null && !options.skipDistributedCacheWrite();
    BackplaneMessage notice = announcer.noticeOf(type, noticeKey, noticeTime, options, toLevel, true);
    return written(key, keyspace.encode(key), entry, options, toLevel, notice, null, null);
  }

  private CompletableFuture<Void> written(K key, String encodedKey, CacheEntry<V> entry, EntryOptions options,
      boolean toLevel, BackplaneMessage notice, byte[] unreadable, LevelBatch batch) {
    if (!toLevel) {
      return notice == null ? DONE : announcer.announce(notice, options);
    }
    CacheEntry<V> stored = EntryCodec.forLevel(entry, options);
    Duration ttl = codec.timeToLive(stored);
    if (ttl == null) {
      return DONE;
    }
    String levelKey = keyspace.levelKeyOfEncoded(encodedKey);
    byte[] envelope;
    try {
      envelope = codec.encode(levelKey, stored);
    } catch (SerializationException e) {
      events.serializationError(SerializationCause.Site.WRITE_ENTRY,
          "write key '" + key + "' to the distributed level", e);
      if (options.reThrowSerializationExceptions()) {
        throw e;
      }
      return withdrawn(key, levelKey, stored.timestamp, notice, options);
    }
    return levelThenAnnounce("write '" + levelKey + "'", options, notice,
        inline -> unreadable == null ? ordered.set(levelKey, envelope, ttl, inline, batch)
            : replaced(levelKey, unreadable, envelope, ttl, inline),
        replays.onFailedWrite(key, levelKey, stored, envelope, notice));
  }

  /**
   * Writes {@code envelope} in place of {@code unreadable} if L2 still holds exactly those bytes (whatever time their
   * header claims), else as a plain write, ordered by time against what L2 holds now. A replay after a failure
   * replaces them too: it reads them as no entry ({@link RecoveryReplays#replay}).
   */
  private CompletableFuture<Void> replaced(String levelKey, byte[] unreadable, byte[] envelope, Duration ttl,
      BackplaneMessage inline) {
    return level.compareAndSet(levelKey, unreadable, envelope, ttl, inline)
        .thenCompose(swapped -> swapped ? DONE : ordered.set(levelKey, envelope, ttl, inline));
  }

  /**
   * A write of {@code key} at {@code writtenAt} whose value cannot be encoded: the value stays in the memory level
   * only, and what L2 holds of the key (unless written after it) is removed and {@code notice} announced, so that no
   * level and no node goes on serving the value this write replaced.
   */
  private CompletableFuture<Void> withdrawn(K key, String levelKey, long writtenAt, BackplaneMessage notice,
      EntryOptions options) {
    return levelThenAnnounce("remove '" + levelKey + "' (its new value cannot be written)", options, notice,
        inline -> ordered.remove(levelKey, writtenAt, inline),
        replays.onFailedRemoval(key, levelKey, writtenAt, notice));
  }

  /** Removes {@code key} from L2 and announces it. */
  CompletableFuture<Void> removed(K key, EntryOptions options) {
    return removedIn(null, key, options);
  }

  /**
   * {@link #removed(Object, EntryOptions)}, the level removal's first attempt gathered in {@code batch} (sent by the
   * caller; null: sent on its own).
   */
  CompletableFuture<Void> removedIn(LevelBatch batch, K key, EntryOptions options) {
    if (!isActive()) {
      return DONE;
    }
    boolean toLevel = level != null && !options.skipDistributedCacheWrite();
    String encodedKey = keyspace.encode(key);
    BackplaneMessage notice = announcer.noticeOf(BackplaneMessage.Type.ENTRY_REMOVE, encodedKey, clock.stamp(),
        options, toLevel, true);
    if (!toLevel) {
      return notice == null ? DONE : announcer.announce(notice, options);
    }
    String levelKey = keyspace.levelKeyOfEncoded(encodedKey);
    long removedAt = notice != null ? notice.timestamp() : clock.stamp();
    return levelThenAnnounce("remove '" + levelKey + "'", options, notice,
        inline -> ordered.remove(levelKey, removedAt, inline, batch),
        replays.onFailedRemoval(key, levelKey, removedAt, notice));
  }

  /**
   * Expires {@code key} in L2 (the entry stays there as a fallback while it has physical life left, so the other nodes
   * keep it for fail-safe) and announces it. A write that lands on L2 meanwhile wins: the expiry then leaves it alone.
   */
  CompletableFuture<Void> expired(K key, EntryOptions options) {
    if (!isActive()) {
      return DONE;
    }
    boolean toLevel = level != null && !options.skipDistributedCacheWrite();
    String encodedKey = keyspace.encode(key);
    long now = time.wallMillis();
    BackplaneMessage notice = announcer.noticeOf(BackplaneMessage.Type.ENTRY_EXPIRE, encodedKey, clock.stamp(now),
        options, toLevel, true);
    if (!toLevel) {
      return notice == null ? DONE : announcer.announce(notice, options);
    }
    String levelKey = keyspace.levelKeyOfEncoded(encodedKey);
    long expiredAt = notice != null ? notice.timestamp() : clock.stamp(now);
    return levelThenAnnounce("expire '" + levelKey + "'", options, notice,
        inline -> expireInLevel(levelKey, now, inline), replays.onFailedExpiry(key, levelKey, now, expiredAt, notice));
  }

  /**
   * Rewrites the entry under {@code levelKey} as expired at {@code now} if it is still the one read. Bytes that cannot
   * be read are removed; a value above the maximum entry size is removed without being transferred
   * ({@link EntryCodec#fetchClearing}).
   */
  private CompletableFuture<Void> expireInLevel(String levelKey, long now, BackplaneMessage inline) {
    return codec.fetchClearing(level, levelKey, now).thenCompose(bytes -> {
      if (bytes == null) {
        return inline == null ? DONE : announcer.publish(inline);
      }
      CacheEntry<V> current = codec.decodeQuietly(levelKey, bytes);
      CacheEntry<V> stale = current == null ? null : current.expiredAt(now);
      Duration ttl = stale == null ? null : codec.timeToLive(stale);
      byte[] replacement = ttl == null ? null : codec.encode(levelKey, stale);
      return level.compareAndSet(levelKey, bytes, replacement, ttl, inline).thenApply(swapped -> null);
    });
  }

  /**
   * Swaps {@code expected} for {@code replacement} (null: remove) under {@code levelKey} and, when swapped, announces
   * {@code notice} (in the same step when the level publishes). Completes with whether it swapped, once L2 answered;
   * the announcement follows the background option. A failure of the level, or its hard timeout, fails the future
   * (logged and counted): whether the swap happened is then unknown.
   */
  CompletableFuture<Boolean> compareAndSet(String levelKey, byte[] expected, byte[] replacement, Duration ttl,
      BackplaneMessage notice, EntryOptions options) {
    boolean inline = notice != null && level.publishesNotifications();
    CompletableFuture<Boolean> swapped;
    try {
      swapped = replacement != null
          ? level.compareAndSet(levelKey, expected, replacement, ttl, inline ? notice : null)
          : level.compareAndRemove(levelKey, expected, notice != null ? notice.timestamp() : clock.stamp(),
              inline ? notice : null); // a removal's notice carries its time
    } catch (RuntimeException e) {
      swapped = CompletableFuture.failedFuture(e);
    }
    swapped = swapped.whenComplete((done, error) -> {
      if (error != null) {
        events.distributedError("compare-and-set '" + levelKey + "'", error);
      }
    });
    return timeouts.withinHardTimeout(swapped, "compare-and-set '" + levelKey + "'", options).thenCompose(done -> {
      if (!done || notice == null || inline) {
        return CompletableFuture.completedFuture(done);
      }
      CompletableFuture<Void> announced = announcer.announce(notice, options);
      return announced.thenApply(v -> true);
    });
  }

  /** A level operation function: given the notification to publish with it (or null), starts it. */
  @FunctionalInterface
  interface LevelOperation {
    CompletableFuture<Void> start(BackplaneMessage inlineNotice);
  }

  /**
   * Runs a level operation, then the announcement (inside it when the level publishes, after it otherwise), and
   * returns what the caller waits for according to the background options.
   */
  private CompletableFuture<Void> levelThenAnnounce(String what, EntryOptions options, BackplaneMessage notice,
      LevelOperation operation, Runnable onFailure) {
    boolean inline = notice != null && level.publishesNotifications();
    boolean waitLevel = !options.backgroundDistributedCacheOperations();
    CompletableFuture<Void> done;
    try {
      done = operation.start(inline ? notice : null);
    } catch (RuntimeException e) {
      done = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Void> levelOutcome = done.handle((v, error) -> {
      if (error == null) {
        events.distributedWritten();
      } else {
        events.distributedError(what, error);
        if (onFailure != null) {
          onFailure.run();
        }
        if (waitLevel && options.reThrowDistributedCacheExceptions()) {
          throw new CompletionException(Failures.distributed(cacheName, what, null, error));
        }
      }
      return null;
    });
    CompletableFuture<Void> announced = notice != null && !inline
        ? announcer.announceAfter(done, notice, options, waitLevel) : DONE;
    if (!waitLevel) {
      return DONE;
    }
    CompletableFuture<Void> announcedToWait = options.backgroundBackplaneOperations() ? DONE : announced;
    CompletableFuture<Void> waited = levelOutcome.thenCompose(v -> announcedToWait);
    Duration hard = options.distributedCacheHardTimeout().orElse(null);
    boolean reThrow = options.reThrowDistributedCacheExceptions();
    return hard == null ? waited : timeouts.within(waited, hard, () -> timeouts.timedOut(what, hard, reThrow), null);
  }
}

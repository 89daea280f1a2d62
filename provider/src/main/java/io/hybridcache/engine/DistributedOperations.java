package io.hybridcache.engine;

import io.hybridcache.DistributedCacheException;
import io.hybridcache.EntryOptions;
import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.KeyCodec;
import io.hybridcache.spi.SerializationException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/**
 * What one cache reads from and sends to the other nodes: entries in the distributed level (L2) and notifications on
 * the backplane, with the options that shape them (skip flags, {@code distributedCacheDuration}, background execution,
 * re-throwing).
 *
 * <p>A write goes to L2 first and is announced only once L2 took it, so a node that reacts to the notification reads
 * the new value. When the level publishes the notification itself (the Redis script), both happen in one round trip.
 * Each method returns the future its caller should wait for: already complete for the parts the options run in the
 * background, failed only when the options ask to re-throw. Every failure is logged and counted either way.
 *
 * <p>Without L2, factory results are not announced (each node would evict the others' value, which they would compute
 * again and announce in turn); explicit writes are, unless {@code skipBackplaneNotifications}.
 */
final class DistributedOperations<K, V> {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
  /** The key of a {@code CLEAR} message that keeps fallbacks. */
  static final String CLEAR_EXPIRE = "expire";
  /** The key of a {@code CLEAR} message that removes everything. */
  static final String CLEAR_REMOVE = "remove";

  private final String cacheName;
  private final LevelKeyspace<K> keyspace;
  private final DistributedLevel level;
  private final Backplane backplane;
  private final EntryCodec<V> codec;
  private final TimeSource time;
  private final LevelTimeouts timeouts;
  private final ChangeAnnouncer<K> announcer;
  private final LevelReader<K, V> reader;
  private final RecoveryReplays<K, V> replays;
  private final CacheEvents<K> events;
  /** Stamps the notices of removals and expiries, so they order after the entries this node wrote. */
  private final EntryClock clock;

  /**
   * @param tagTimes true for the internal cache of a cache's tag removal times: its keys live under the tag prefix
   *     ({@code {keyPrefix}:{tagPrefix}:{cacheName}:{tag}}), apart from the cache's entries
   */
  DistributedOperations(String cacheName, ClusterNode node, boolean useLevel, boolean useBackplane, KeyCodec<K> keys,
      TimeSource time, BackgroundTasks background, CacheEvents<K> events, boolean tagTimes, EntryClock clock,
      Barriers barriers, BiConsumer<K, CacheEntry<V>> newerInLevel) {
    this.cacheName = cacheName;
    this.clock = clock;
    this.timeouts = new LevelTimeouts(cacheName, time, background, events);
    AutoRecoveryQueue<K> recovery = node == null || node.autoRecovery() == null ? null
        : new AutoRecoveryQueue<>(cacheName, node.autoRecovery(), time, timeouts::handOff, events);
    this.keyspace = new LevelKeyspace<>(
        node == null ? null : LevelKeyspace.start(node.keyPrefix(), node.internalKeys(), cacheName, tagTimes), keys);
    this.level = node != null && useLevel ? node.level() : null;
    this.backplane = node != null && useBackplane ? node.backplane() : null;
    this.codec = new EntryCodec<>(node == null ? null : node.serializer(), node == null ? null : node.envelopeSigner(),
        node == null ? Integer.MAX_VALUE : node.maxEntrySize(), time, events);
    this.time = time;
    this.events = events;
    this.announcer = new ChangeAnnouncer<>(cacheName, node == null ? null : node.nodeId(),
        node == null ? null : node.channel(), backplane, level != null, keyspace, time, clock, events, recovery);
    this.reader = new LevelReader<>(cacheName, level, keyspace, codec, barriers, timeouts, time, events);
    this.replays = new RecoveryReplays<>(level, keyspace, codec, announcer, recovery, clock, time, newerInLevel);
  }

  /** Whether this cache has a distributed level. */
  boolean hasLevel() {
    return level != null;
  }

  /** Whether anything distributed is configured at all (false: every method returns at once). */
  boolean isActive() {
    return level != null || backplane != null;
  }

  /** See {@link LevelKeyspace#levelKey}. */
  String levelKey(K key) {
    return keyspace.levelKey(key);
  }

  // ---------------------------------------------------------------- reads

  /** See {@link LevelReader#read(Object, EntryOptions)}. */
  CompletableFuture<CacheEntry<V>> read(K key, EntryOptions options) {
    return reader.read(key, options);
  }

  /** See {@link LevelReader#read(Object, EntryOptions, CacheEntry, BiConsumer)}. */
  CompletableFuture<CacheEntry<V>> read(K key, EntryOptions options, CacheEntry<V> fallback,
      BiConsumer<CacheEntry<V>, Boolean> ended) {
    return reader.read(key, options, fallback, ended);
  }

  /** See {@link LevelReader#read(Object, EntryOptions, CacheEntry, BiConsumer, UnreadableEntry)}. */
  CompletableFuture<CacheEntry<V>> read(K key, EntryOptions options, CacheEntry<V> fallback,
      BiConsumer<CacheEntry<V>, Boolean> ended, UnreadableEntry unreadable) {
    return reader.read(key, options, fallback, ended, unreadable);
  }

  /** See {@link EntryCodec#decode}. */
  CacheEntry<V> decode(String levelKey, byte[] bytes, EntryOptions options) {
    return codec.decode(levelKey, bytes, options);
  }

  /** See {@link EntryCodec#holds}. */
  boolean holds(String levelKey, byte[] raw, CacheEntry<V> entry, EntryOptions options) {
    return codec.holds(levelKey, raw, entry, options);
  }

  /** See {@link EntryCodec#timeToLive}. */
  Duration timeToLive(CacheEntry<V> entry) {
    return codec.timeToLive(entry);
  }

  /** See {@link EntryCodec#encodeChange}. */
  byte[] encodeChange(K key, String levelKey, CacheEntry<V> stored, EntryOptions options) {
    return codec.encodeChange(key, levelKey, stored, options);
  }

  // ---------------------------------------------------------------- writes

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
    if (!isActive()) {
      return DONE;
    }
    boolean toLevel = level != null && !options.skipDistributedCacheWrite();
    String encodedKey = keyspace.encode(key);
    BackplaneMessage notice = announcer.noticeOf(BackplaneMessage.Type.ENTRY_SET, encodedKey, entry.timestamp,
        options, toLevel, explicit);
    return written(key, encodedKey, entry, options, toLevel, notice, unreadable);
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
    return written(key, keyspace.encode(key), entry, options, toLevel, notice, null);
  }

  private CompletableFuture<Void> written(K key, String encodedKey, CacheEntry<V> entry, EntryOptions options,
      boolean toLevel, BackplaneMessage notice, byte[] unreadable) {
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
        inline -> unreadable == null ? level.set(levelKey, envelope, ttl, inline)
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
        .thenCompose(swapped -> swapped ? DONE : level.set(levelKey, envelope, ttl, inline));
  }

  /**
   * A write of {@code key} at {@code writtenAt} whose value cannot be encoded: the value stays in the memory level
   * only, and what L2 holds of the key (unless written after it) is removed and {@code notice} announced, so that no
   * level and no node goes on serving the value this write replaced.
   */
  private CompletableFuture<Void> withdrawn(K key, String levelKey, long writtenAt, BackplaneMessage notice,
      EntryOptions options) {
    return levelThenAnnounce("remove '" + levelKey + "' (its new value cannot be written)", options, notice,
        inline -> level.remove(levelKey, writtenAt, inline), replays.onFailedRemoval(key, levelKey, writtenAt, notice));
  }

  /** See {@link RecoveryReplays#changedElsewhere}. */
  void changedElsewhere(K key, long timestamp) {
    replays.changedElsewhere(key, timestamp);
  }

  /** See {@link RecoveryReplays#reconnected}. */
  void reconnected() {
    replays.reconnected();
  }

  /** See {@link RecoveryReplays#pendingRecoveries}. */
  int pendingRecoveries() {
    return replays.pendingRecoveries();
  }

  /** Removes {@code key} from L2 and announces it. */
  CompletableFuture<Void> removed(K key, EntryOptions options) {
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
        inline -> level.remove(levelKey, removedAt, inline), replays.onFailedRemoval(key, levelKey, removedAt, notice));
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

  /** See {@link ChangeAnnouncer#noticeOfChange}. */
  BackplaneMessage noticeOfChange(K key, CacheEntry<V> next, EntryOptions options) {
    return announcer.noticeOfChange(key, next, options);
  }

  /** See {@link RecoveryReplays#recoverChange}. */
  void recoverChange(K key, CacheEntry<V> next, EntryOptions options) {
    replays.recoverChange(key, next, options);
  }

  /** Rewrites the entry under {@code levelKey} as expired at {@code now} if it is still the one read. */
  private CompletableFuture<Void> expireInLevel(String levelKey, long now, BackplaneMessage inline) {
    return level.get(levelKey).thenCompose(bytes -> {
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

  /** See {@link LevelReader#readRaw}. */
  CompletableFuture<byte[]> readRaw(String levelKey, EntryOptions options) {
    return reader.readRaw(levelKey, options);
  }

  /** See {@link LevelReader#levelKeys}. */
  List<K> levelKeys(EntryOptions options) {
    return reader.levelKeys(options);
  }

  /** See {@link LevelKeyspace#encode}. */
  String encodeKey(K key) {
    return keyspace.encode(key);
  }

  DistributedCacheException failure(String what, Throwable error) {
    return Failures.distributed(cacheName, what, null, error);
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
  CompletableFuture<Void> levelThenAnnounce(String what, EntryOptions options, BackplaneMessage notice,
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
      if (error != null) {
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

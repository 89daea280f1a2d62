package io.hybridcache.engine;

import io.hybridcache.BackplaneException;
import io.hybridcache.DistributedCacheException;
import io.hybridcache.EntryOptions;
import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.KeyCodec;
import io.hybridcache.spi.SerializationException;
import io.hybridcache.spi.ValueSerializer;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

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
  private static final Duration NO_EXPIRY = ChronoUnit.FOREVER.getDuration();
  /** Options under which an unreadable entry is a miss, never an exception. */
  private static final EntryOptions QUIET = EntryOptions.builder().reThrowSerializationExceptions(false).build();

  private final String cacheName;
  private final String keyStart;
  private final String nodeId;
  private final String channel;
  private final DistributedLevel level;
  private final Backplane backplane;
  private final ValueSerializer serializer;
  /** Signs and checks envelopes; null when the node has no envelope keys. */
  private final EnvelopeSigner signer;
  private final KeyCodec<K> keys;
  private final TimeSource time;
  private final BackgroundTasks background;
  private final CacheEvents<K> events;
  /** The failed writes and notifications to make again; null when auto-recovery is off. */
  private final AutoRecoveryQueue<K> recovery;
  /** The largest envelope this cache writes to or reads from L2, in bytes. */
  private final int maxEntryBytes;
  /** Stamps the notices of removals and expiries, so they order after the entries this node wrote. */
  private final EntryClock clock;
  /** What every read of an entry from L2 waits for: the clear times, so a cleared entry does not come back. */
  private final Barriers barriers;
  /** Told of an entry a replay found in L2 written after the replayed operation: L1 takes it if older. */
  private final BiConsumer<K, CacheEntry<V>> newerInLevel;
  private final FutureTimes.Check futureTimes;

  /**
   * @param tagTimes true for the internal cache of a cache's tag removal times: its keys live under the tag prefix
   *     ({@code {keyPrefix}:{tagPrefix}:{cacheName}:{tag}}), apart from the cache's entries
   */
  DistributedOperations(String cacheName, ClusterNode node, boolean useLevel, boolean useBackplane, KeyCodec<K> keys,
      TimeSource time, BackgroundTasks background, CacheEvents<K> events, boolean tagTimes, EntryClock clock,
      Barriers barriers, BiConsumer<K, CacheEntry<V>> newerInLevel) {
    this.cacheName = cacheName;
    this.clock = clock;
    this.barriers = barriers;
    this.newerInLevel = newerInLevel;
    this.futureTimes = FutureTimes.of(node, tagTimes, time);
    this.maxEntryBytes = node == null ? Integer.MAX_VALUE : node.maxEntrySize();
    this.recovery = node == null || node.autoRecovery() == null ? null
        : new AutoRecoveryQueue<>(cacheName, node.autoRecovery(), time, this::handOff, events);
    this.keyStart = node == null ? null : keyStart(node.keyPrefix(), node.internalKeys(), cacheName, tagTimes);
    this.nodeId = node == null ? null : node.nodeId();
    this.channel = node == null ? null : node.channel();
    this.level = node != null && useLevel ? node.level() : null;
    this.backplane = node != null && useBackplane ? node.backplane() : null;
    this.serializer = node == null ? null : node.serializer();
    this.signer = node == null ? null : node.envelopeSigner();
    this.keys = keys;
    this.time = time;
    this.background = background;
    this.events = events;
  }

  /**
   * The start of every level key of a cache: {@code {keyPrefix}:{cacheName}:}, or for its tag removal times
   * {@code {keyPrefix}:{tagPrefix}:{cacheName}:}, with the configured separator and the cache name escaped.
   */
  static String keyStart(String keyPrefix, InternalKeys internal, String cacheName, boolean tagTimes) {
    String sep = internal.separator();
    return keyPrefix + sep + (tagTimes ? internal.tagPrefix() + sep : "") + internal.escaped(cacheName) + sep;
  }

  /** Whether this cache has a distributed level. */
  boolean hasLevel() {
    return level != null;
  }

  /** Whether anything distributed is configured at all (false: every method returns at once). */
  boolean isActive() {
    return level != null || backplane != null;
  }

  /**
   * The key of {@code key} in the distributed level: {@code {keyPrefix}:{cacheName}:{encodedKey}}, where a {@code :}
   * in the cache name is written {@code %3A} (and {@code %} is written {@code %25}).
   */
  String levelKey(K key) {
    return keyStart + keys.encode(key);
  }

  // ---------------------------------------------------------------- reads

  /**
   * Reads {@code key} from L2 unless skipped: the entry if one is alive there (fresh or a fallback), else null. The
   * read completes once the clear times are known too (see {@link Barriers#afterClearTimes}). A failure or an
   * unreadable envelope is a miss, logged and counted, unless the options re-throw it. The hard timeout applies (see
   * {@link #read(Object, EntryOptions, CacheEntry, BiConsumer)}); a result arriving after it is dropped.
   */
  CompletableFuture<CacheEntry<V>> read(K key, EntryOptions options) {
    return read(key, options, null, null);
  }

  /**
   * Reads {@code key} from L2 like {@link #read(Object, EntryOptions)}, within the distributed-level timeouts, on the
   * engine's timer.
   *
   * <ul>
   *   <li>{@code distributedCacheHardTimeout}: past it the read counts as failed (logged, counted in
   *       {@code distributedErrors}): the future completes with null (a miss), or with a
   *       {@link DistributedCacheException} naming the timeout when the options re-throw.
   *   <li>{@code distributedCacheSoftTimeout}, only when {@code fallback} is not null: past it the future completes
   *       with {@code fallback} itself (the same instance, so the caller can tell), not counted as an error. Ignored
   *       when not shorter than the hard timeout.
   * </ul>
   *
   * After either timeout the read goes on in the background.
   *
   * @param fallback what the caller serves on a soft timeout; null when it has nothing to serve
   * @param ended if not null, called once when the read completes, in time or not, with what it brought (the entry,
   *     or null for a miss or a failure) and whether a timeout had already answered the caller
   */
  CompletableFuture<CacheEntry<V>> read(K key, EntryOptions options, CacheEntry<V> fallback,
      BiConsumer<CacheEntry<V>, Boolean> ended) {
    return read(key, options, fallback, ended, null);
  }

  /**
   * {@link #read(Object, EntryOptions, CacheEntry, BiConsumer)}, telling {@code unreadable} (if not null) of bytes
   * found under the key that could not be read, so that the write of the same {@code getOrSet} replaces them.
   */
  CompletableFuture<CacheEntry<V>> read(K key, EntryOptions options, CacheEntry<V> fallback,
      BiConsumer<CacheEntry<V>, Boolean> ended, UnreadableEntry unreadable) {
    if (level == null || options.skipDistributedCacheRead()) {
      return CompletableFuture.completedFuture(null);
    }
    String levelKey = levelKey(key);
    CompletableFuture<CacheEntry<V>> read = barriers.afterClearTimes(level.get(levelKey)).handle((bytes, error) -> {
      if (error != null) {
        events.distributedError("read '" + levelKey + "'", error);
        if (options.reThrowDistributedCacheExceptions()) {
          throw new CompletionException(distributedFailure("read", levelKey, error));
        }
        return null;
      }
      CacheEntry<V> entry = decode(levelKey, bytes, options);
      if (entry == null && bytes != null && unreadable != null) {
        unreadable.found(bytes);
      }
      if (entry == null || entry.physicalExpiration <= time.wallMillis()) {
        events.distributedMiss();
        return null;
      }
      events.distributedHit();
      return entry;
    });
    Duration hard = options.distributedCacheHardTimeout().orElse(null);
    Duration soft = fallback == null ? null : options.distributedCacheSoftTimeout().orElse(null);
    if (soft != null && (hard == null || soft.compareTo(hard) < 0)) {
      return within(read, soft, () -> fallback, ended);
    }
    if (hard != null) {
      boolean reThrow = options.reThrowDistributedCacheExceptions();
      return within(read, hard, () -> timedOut("read '" + levelKey + "'", hard, reThrow), ended);
    }
    return ended == null ? read : read.whenComplete((entry, error) -> ended.accept(error == null ? entry : null,
        false));
  }

  /**
   * The entry in {@code bytes}, read under {@code levelKey}, or null for none or for bytes this node cannot read
   * (logged, counted): with envelope keys, an envelope whose MAC does not verify is refused before anything in it is
   * read. Whatever the bytes make fail (the envelope, the signature, the serializer, even one that breaks its contract
   * and throws something else or returns null) is a {@link SerializationException}, thrown only when the options
   * re-throw.
   */
  CacheEntry<V> decode(String levelKey, byte[] bytes, EntryOptions options) {
    if (bytes == null) {
      return null;
    }
    try {
      requireSize(bytes.length, "read");
      byte[] envelope = signer == null ? EnvelopeSigner.unsigned(bytes) : signer.verify(levelKey, bytes);
      EntryEnvelope.Contents contents = EntryEnvelope.decode(envelope);
      @SuppressWarnings("unchecked")
      V value = (V) serializer.deserialize(contents.valueBytes());
      return futureTimes.admit(levelKey, contents.toEntry(value)); // a time too far ahead: refused, a miss
    } catch (RuntimeException | LinkageError e) {
      SerializationException failure = e instanceof SerializationException s ? s
          : new SerializationException("the value serializer failed on the entry under '" + levelKey + "': " + e, e);
      events.serializationError(SerializationCause.Site.READ_ENTRY, "read the entry under '" + levelKey + "'",
          failure);
      if (options.reThrowSerializationExceptions()) {
        throw failure;
      }
      return null;
    }
  }

  /**
   * The envelope of {@code entry} as L2 keeps it under {@code levelKey} (its own duration when
   * {@code distributedCacheDuration} is set), signed when the node has envelope keys.
   */
  byte[] encode(String levelKey, CacheEntry<V> entry) {
    byte[] envelope = EntryEnvelope.encode(entry, serializer.serialize(entry.value));
    if (signer != null) {
      envelope = signer.sign(levelKey, envelope);
    }
    requireSize(envelope.length, "written");
    return envelope;
  }

  /** Refuses an entry of {@code size} bytes above the node's maximum entry size. */
  private void requireSize(int size, String done) {
    if (size > maxEntryBytes) {
      throw new SerializationException("an entry of " + size + " bytes cannot be " + done + ": the maximum entry size "
          + "is " + maxEntryBytes + " bytes (maxEntrySize); a larger one stays in the memory level only", null);
    }
  }

  /**
   * Whether {@code raw}, bytes read from L2 under {@code levelKey}, is exactly what writing {@code entry} there would
   * store; false when the entry cannot be encoded.
   */
  boolean holds(String levelKey, byte[] raw, CacheEntry<V> entry, EntryOptions options) {
    try {
      return Arrays.equals(raw, encode(levelKey, forLevel(entry, options)));
    } catch (SerializationException e) {
      return false;
    }
  }

  /** {@code entry} as L2 keeps it: with {@code distributedCacheDuration}, fresh for that long after its write. */
  static <V> CacheEntry<V> forLevel(CacheEntry<V> entry, EntryOptions options) {
    if (options.distributedCacheDuration().isEmpty() || entry.stale) {
      return entry;
    }
    long logical = TimeMath.plus(entry.timestamp, TimeMath.millis(options.distributedCacheDuration().get()));
    long physical = options.failSafe()
        ? Math.max(logical, TimeMath.plus(entry.timestamp, TimeMath.millis(options.failSafeMaxDuration())))
        : logical;
    return entry.withLogicalExpiration(logical, physical);
  }

  /** How long L2 keeps {@code entry}: until its physical expiration; null when that has passed. */
  Duration timeToLive(CacheEntry<V> entry) {
    if (entry.physicalExpiration == Long.MAX_VALUE) {
      return NO_EXPIRY;
    }
    long left = entry.physicalExpiration - time.wallMillis();
    return left <= 0 ? null : Duration.ofMillis(left);
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
    CacheEntry<V> stored = forLevel(entry, options);
    if (timeToLive(stored) == null) {
      return;
    }
    try {
      encode(levelKey(key), stored);
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
    String encodedKey = keys.encode(key);
    BackplaneMessage notice = noticeOf(BackplaneMessage.Type.ENTRY_SET, encodedKey, entry.timestamp, options,
        toLevel, explicit);
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
    BackplaneMessage notice = noticeOf(type, noticeKey, noticeTime, options, toLevel, true);
    return written(key, keys.encode(key), entry, options, toLevel, notice, null);
  }

  private CompletableFuture<Void> written(K key, String encodedKey, CacheEntry<V> entry, EntryOptions options,
      boolean toLevel, BackplaneMessage notice, byte[] unreadable) {
    if (!toLevel) {
      return notice == null ? DONE : announce(notice, options);
    }
    CacheEntry<V> stored = forLevel(entry, options);
    Duration ttl = timeToLive(stored);
    if (ttl == null) {
      return DONE;
    }
    String levelKey = keyStart + encodedKey;
    byte[] envelope;
    try {
      envelope = encode(levelKey, stored);
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
        recovery == null ? null : () -> recovery.add(key, stored.timestamp,
            () -> replay(key, levelKey, stored.timestamp, stored, envelope, notice)));
  }

  /**
   * Writes {@code envelope} in place of {@code unreadable} if L2 still holds exactly those bytes (whatever time their
   * header claims), else as a plain write, ordered by time against what L2 holds now. A replay after a failure
   * replaces them too: it reads them as no entry ({@link #replay}).
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
        inline -> level.remove(levelKey, writtenAt, inline),
        recovery == null ? null
            : () -> recovery.add(key, writtenAt, () -> replay(key, levelKey, writtenAt, null, null, notice)));
  }

  /**
   * Makes a failed write ({@code stored} and its {@code envelope}) or removal ({@code stored} null) of {@code key}
   * made at {@code madeAt} again, unless L2 meanwhile holds an entry written after it (L1 then takes that entry) or
   * the entry has expired: a compare-and-set against what L2 holds now, so a write landing meanwhile is never
   * overwritten.
   */
  private CompletableFuture<Boolean> replay(K key, String levelKey, long madeAt, CacheEntry<V> stored,
      byte[] envelope, BackplaneMessage notice) {
    return level.get(levelKey).thenCompose(raw -> {
      CacheEntry<V> remote = raw == null ? null : decodeQuietly(levelKey, raw);
      Duration ttl = stored == null ? null : timeToLive(stored);
      if (remote != null && (stored != null ? remote.writtenAfter(stored) : remote.timestamp > madeAt)) {
        adoptNewer(key, remote);
        return CompletableFuture.completedFuture(true); // superseded: no longer wanted
      }
      if (stored != null && ttl == null) {
        return CompletableFuture.completedFuture(true); // expired meanwhile: no longer wanted
      }
      if (stored == null && raw == null) {
        return notice == null ? CompletableFuture.completedFuture(true) : publishReplay(notice);
      }
      return swapThenAnnounce(levelKey, raw, envelope, ttl, notice);
    });
  }

  /** An entry a replay found in L2, written after the replayed operation: L1 takes it, if alive and newer there. */
  private void adoptNewer(K key, CacheEntry<V> remote) {
    if (newerInLevel != null && remote.physicalExpiration > time.wallMillis()) {
      newerInLevel.accept(key, remote);
    }
  }

  private CompletableFuture<Boolean> swapThenAnnounce(String levelKey, byte[] expected, byte[] replacement,
      Duration ttl, BackplaneMessage notice) {
    boolean inline = notice != null && level.publishesNotifications();
    return level.compareAndSet(levelKey, expected, replacement, ttl, inline ? notice : null).thenCompose(swapped -> {
      if (!swapped) {
        return CompletableFuture.completedFuture(false); // changed meanwhile: look again next round
      }
      return notice == null || inline ? CompletableFuture.completedFuture(true) : publishReplay(notice);
    });
  }

  private CompletableFuture<Boolean> publishReplay(BackplaneMessage notice) {
    return backplane.publish(channel, notice).thenApply(v -> true);
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

  /** Removes {@code key} from L2 and announces it. */
  CompletableFuture<Void> removed(K key, EntryOptions options) {
    if (!isActive()) {
      return DONE;
    }
    boolean toLevel = level != null && !options.skipDistributedCacheWrite();
    String encodedKey = keys.encode(key);
    BackplaneMessage notice = noticeOf(BackplaneMessage.Type.ENTRY_REMOVE, encodedKey, clock.stamp(), options,
        toLevel, true);
    if (!toLevel) {
      return notice == null ? DONE : announce(notice, options);
    }
    String levelKey = keyStart + encodedKey;
    long removedAt = notice != null ? notice.timestamp() : clock.stamp();
    return levelThenAnnounce("remove '" + levelKey + "'", options, notice,
        inline -> level.remove(levelKey, removedAt, inline),
        recovery == null ? null
            : () -> recovery.add(key, removedAt, () -> replay(key, levelKey, removedAt, null, null, notice)));
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
    String encodedKey = keys.encode(key);
    long now = time.wallMillis();
    BackplaneMessage notice = noticeOf(BackplaneMessage.Type.ENTRY_EXPIRE, encodedKey, clock.stamp(now), options,
        toLevel, true);
    if (!toLevel) {
      return notice == null ? DONE : announce(notice, options);
    }
    String levelKey = keyStart + encodedKey;
    long expiredAt = notice != null ? notice.timestamp() : clock.stamp(now);
    return levelThenAnnounce("expire '" + levelKey + "'", options, notice,
        inline -> expireInLevel(levelKey, now, inline), recovery == null ? null
            : () -> recovery.addAfterPending(key, expiredAt,
                () -> replayExpiry(key, levelKey, now, expiredAt, notice)));
  }

  /**
   * Makes a failed expiry (at {@code now}, stamped {@code expiredAt}) again, unless L2 meanwhile holds an entry written
   * after it: the entry L2 holds is rewritten as expired by a compare-and-set, and the expiry announced. Queued after
   * an operation of the key still pending (a failed write is made first, then expired), never in its place.
   */
  private CompletableFuture<Boolean> replayExpiry(K key, String levelKey, long now, long expiredAt,
      BackplaneMessage notice) {
    return level.get(levelKey).thenCompose(raw -> {
      CacheEntry<V> remote = raw == null ? null : decodeQuietly(levelKey, raw);
      if (remote != null && remote.timestamp > expiredAt) {
        adoptNewer(key, remote);
        return CompletableFuture.completedFuture(true); // written after the expiry: no longer wanted
      }
      if (raw == null) {
        return notice == null ? CompletableFuture.completedFuture(true) : publishReplay(notice);
      }
      CacheEntry<V> stale = remote == null ? null : remote.expiredAt(now);
      Duration ttl = stale == null ? null : timeToLive(stale);
      byte[] replacement = ttl == null ? null : encode(levelKey, stale);
      return swapThenAnnounce(levelKey, raw, replacement, ttl, notice);
    });
  }

  /**
   * The notice of a conditional change of {@code key} to {@code next} (null: a removal): an {@code ENTRY_SET} stamped
   * with the entry, or an expiry or removal stamped now; null when nothing is to be announced.
   */
  BackplaneMessage noticeOfChange(K key, CacheEntry<V> next, EntryOptions options) {
    BackplaneMessage.Type type = next == null ? BackplaneMessage.Type.ENTRY_REMOVE
        : next.isFresh(time.wallMillis()) ? BackplaneMessage.Type.ENTRY_SET : BackplaneMessage.Type.ENTRY_EXPIRE;
    return noticeOf(type, keys.encode(key), type == BackplaneMessage.Type.ENTRY_SET ? next.timestamp : clock.stamp(),
        options, true, true);
  }

  /**
   * Queues a conditional change of {@code key} to {@code next} (null: a removal) that never reached L2, or whose
   * outcome there is unknown (a failure or a timeout), to make it again like a failed {@code set} or {@code remove}:
   * never over an entry written after it. An entry that cannot be encoded is logged and counted, and stays in L1
   * only, and what L2 holds of the key is removed instead ({@link #encodeChange}); nothing happens when auto-recovery
   * is off.
   */
  void recoverChange(K key, CacheEntry<V> next, EntryOptions options) {
    if (recovery == null || level == null) {
      return;
    }
    CacheEntry<V> stored = next == null ? null : forLevel(next, options);
    String levelKey = levelKey(key);
    byte[] envelope = null;
    if (stored != null && timeToLive(stored) != null) {
      envelope = encodeChange(key, levelKey, stored, QUIET); // null: made again as a removal, see encodeChange
    }
    BackplaneMessage notice = noticeOfChange(key, envelope == null ? null : next, options);
    CacheEntry<V> written = envelope == null ? null : stored;
    long madeAt = written != null ? written.timestamp : notice != null ? notice.timestamp() : clock.stamp();
    byte[] bytes = envelope;
    recovery.add(key, madeAt, () -> replay(key, levelKey, madeAt, written, bytes, notice));
  }

  /**
   * The envelope of {@code stored}, the result of a conditional change of {@code key}, or null when its value cannot
   * be encoded (counted, logged; thrown with {@code reThrowSerializationExceptions}): the change then removes what L2
   * holds instead, as a write that cannot be encoded does, and the value stays in L1 only.
   */
  byte[] encodeChange(K key, String levelKey, CacheEntry<V> stored, EntryOptions options) {
    try {
      return encode(levelKey, stored);
    } catch (SerializationException e) {
      events.serializationError(SerializationCause.Site.WRITE_ENTRY,
          "write key '" + key + "' to the distributed level", e);
      if (options.reThrowSerializationExceptions()) {
        throw e;
      }
      return null;
    }
  }

  /** Rewrites the entry under {@code levelKey} as expired at {@code now} if it is still the one read. */
  private CompletableFuture<Void> expireInLevel(String levelKey, long now, BackplaneMessage inline) {
    return level.get(levelKey).thenCompose(bytes -> {
      if (bytes == null) {
        return inline == null ? DONE : backplane.publish(channel, inline);
      }
      CacheEntry<V> current = decodeQuietly(levelKey, bytes);
      CacheEntry<V> stale = current == null ? null : current.expiredAt(now);
      Duration ttl = stale == null ? null : timeToLive(stale);
      byte[] replacement = ttl == null ? null : encode(levelKey, stale);
      return level.compareAndSet(levelKey, bytes, replacement, ttl, inline).thenApply(swapped -> null);
    });
  }

  /** {@link #decode} that never throws: an unreadable entry is null (logged, counted). */
  private CacheEntry<V> decodeQuietly(String levelKey, byte[] bytes) {
    return decode(levelKey, bytes, QUIET);
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
    return withinHardTimeout(swapped, "compare-and-set '" + levelKey + "'", options).thenCompose(done -> {
      if (!done || notice == null || inline) {
        return CompletableFuture.completedFuture(done);
      }
      CompletableFuture<Void> announced = announce(notice, options);
      return announced.thenApply(v -> true);
    });
  }

  /**
   * The level's raw bytes under {@code levelKey} (null when absent), once the clear times are known, within the hard
   * timeout of {@code options}; a failure, or the timeout, fails the future (logged and counted).
   */
  CompletableFuture<byte[]> readRaw(String levelKey, EntryOptions options) {
    CompletableFuture<byte[]> read;
    try {
      read = barriers.afterClearTimes(level.get(levelKey));
    } catch (RuntimeException e) {
      read = CompletableFuture.failedFuture(e);
    }
    return withinHardTimeout(read.whenComplete((bytes, error) -> {
      if (error != null) {
        events.distributedError("read '" + levelKey + "'", error);
      }
    }), "read '" + levelKey + "'", options);
  }

  /**
   * {@code operation}, failed with a {@link DistributedCacheException} naming the timeout (logged and counted) when
   * {@code distributedCacheHardTimeout} passes first: for the operations that have no value to fall back on (the
   * conditional writes), where a soft timeout does not apply. The operation goes on in the background.
   */
  <T> CompletableFuture<T> withinHardTimeout(CompletableFuture<T> operation, String what, EntryOptions options) {
    Duration hard = options.distributedCacheHardTimeout().orElse(null);
    if (hard == null) {
      return operation;
    }
    return within(operation, hard, () -> timedOut(what, hard, true), null);
  }

  /**
   * The keys of this cache the level holds (a snapshot; names this node cannot decode are logged, counted and
   * skipped); empty without a level. Within the hard timeout of {@code options}: a failure or the timeout is logged,
   * counted and makes the list empty, or throws a {@link DistributedCacheException} when the options re-throw.
   */
  List<K> levelKeys(EntryOptions options) {
    if (level == null) {
      return List.of();
    }
    String what = "list the keys under '" + keyStart + "'";
    List<String> names;
    try {
      CompletableFuture<List<String>> listed = level.keys(keyStart).whenComplete((found, error) -> {
        if (error != null) {
          events.distributedError(what, error);
        }
      });
      names = Failures.await(() -> withinHardTimeout(listed, what, options), keyStart + "*", cacheName);
    } catch (RuntimeException e) {
      if (options.reThrowDistributedCacheExceptions()) {
        throw e instanceof DistributedCacheException d ? d : distributedFailure(what, null, e);
      }
      return List.of();
    }
    List<K> result = new ArrayList<>(names.size());
    for (String name : names) {
      try {
        result.add(keys.decode(name.substring(keyStart.length())));
      } catch (RuntimeException e) {
        events.serializationError(SerializationCause.Site.LEVEL_KEY,
            "decode the key '" + name + "' found in the distributed level", e);
      }
    }
    return result;
  }

  /** The timestamp of a notice sent now: after every entry this node wrote. */
  long noticeTime() {
    return clock.stamp();
  }

  /** The encoded form of {@code key}, as it appears in level keys and messages. */
  String encodeKey(K key) {
    return keys.encode(key);
  }

  DistributedCacheException failure(String what, Throwable error) {
    return distributedFailure(what, null, error);
  }

  /** The notification of a change, or null when the backplane is off, skipped, or pointless for this change. */
  BackplaneMessage noticeOf(BackplaneMessage.Type type, String encodedKey, long timestamp, EntryOptions options,
      boolean toLevel, boolean explicit) {
    if (backplane == null || options.skipBackplaneNotifications()) {
      return null;
    }
    if (level != null ? !toLevel : !explicit) {
      return null;
    }
    return new BackplaneMessage(BackplaneMessage.FORMAT_VERSION, nodeId, timestamp, 0L, type, cacheName, encodedKey);
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
          throw new CompletionException(distributedFailure(what, null, error));
        }
      }
      return null;
    });
    CompletableFuture<Void> announced = DONE;
    if (notice != null && !inline) {
      CompletableFuture<Void> written = done;
      announced = written.thenCompose(v -> backplane.publish(channel, notice)).handle((v, error) -> {
        if (error != null && !written.isCompletedExceptionally()) {
          events.backplaneError("announce " + notice.type() + " of '" + notice.key() + "'", error);
          recoverAnnouncement(notice);
          if (waitLevel && !options.backgroundBackplaneOperations() && options.reThrowBackplaneExceptions()) {
            throw new CompletionException(backplaneFailure(notice, error));
          }
        }
        return null;
      });
    }
    if (!waitLevel) {
      return DONE;
    }
    CompletableFuture<Void> announcedToWait = options.backgroundBackplaneOperations() ? DONE : announced;
    CompletableFuture<Void> waited = levelOutcome.thenCompose(v -> announcedToWait);
    Duration hard = options.distributedCacheHardTimeout().orElse(null);
    boolean reThrow = options.reThrowDistributedCacheExceptions();
    return hard == null ? waited : within(waited, hard, () -> timedOut(what, hard, reThrow), null);
  }

  /**
   * The outcome of {@code operation} if it completes within {@code timeout}, else {@code onTimeout}'s (its exception
   * fails the future); the operation goes on either way, and {@code ended} (if not null) receives its result when it
   * completes (null for a failure) with whether the timeout came first. The timer is the engine's; the caller's
   * continuations run off it.
   */
  private <T> CompletableFuture<T> within(CompletableFuture<T> operation, Duration timeout, Supplier<T> onTimeout,
      BiConsumer<T, Boolean> ended) {
    CompletableFuture<T> result = new CompletableFuture<>();
    AtomicBoolean decided = new AtomicBoolean();
    TimeSource.Cancellable timer = time.schedule(() -> handOff(() -> {
      if (!decided.compareAndSet(false, true)) {
        return;
      }
      try {
        result.complete(onTimeout.get());
      } catch (Throwable t) {
        result.completeExceptionally(Failures.unwrap(t));
      }
      if (ended != null) {
        operation.whenComplete((value, error) -> ended.accept(error == null ? value : null, true));
      }
    }), TimeMath.nanos(timeout));
    operation.whenComplete((value, error) -> {
      if (!decided.compareAndSet(false, true)) {
        return;
      }
      timer.cancel();
      if (ended != null) {
        ended.accept(error == null ? value : null, false);
      }
      if (error != null) {
        result.completeExceptionally(Failures.unwrap(error));
      } else {
        result.complete(value);
      }
    });
    return result;
  }

  /**
   * A hard timeout passed: logged and counted as a failure of {@code what}; null for the caller, or, with
   * {@code reThrow}, a {@link DistributedCacheException} naming the timeout.
   */
  private <T> T timedOut(String what, Duration timeout, boolean reThrow) {
    TimeoutException error = new TimeoutException("timed out after " + timeout
        + " (distributedCacheHardTimeout); the operation goes on in the background");
    events.distributedError(what, error);
    if (reThrow) {
      throw distributedFailure(what, null, error);
    }
    return null;
  }

  /** Runs timer work off the timer thread, so callers' continuations never run on it. */
  private void handOff(Runnable work) {
    if (!background.tryExecute(work)) {
      work.run();
    }
  }

  /**
   * Queues a notification that could not be published, to publish it again (keyed by the entry it is about; messages
   * about tags and clears, not tied to one key of this cache's type, are not queued).
   */
  private void recoverAnnouncement(BackplaneMessage notice) {
    BackplaneMessage.Type type = notice.type();
    if (recovery == null || (type != BackplaneMessage.Type.ENTRY_SET && type != BackplaneMessage.Type.ENTRY_REMOVE
        && type != BackplaneMessage.Type.ENTRY_EXPIRE)) {
      return;
    }
    K key;
    try {
      key = keys.decode(notice.key());
    } catch (RuntimeException e) {
      return;
    }
    recovery.add(key, notice.timestamp(), () -> publishReplay(notice));
  }

  /** Publishes a notification on its own (no L2 write to carry it). */
  private CompletableFuture<Void> announce(BackplaneMessage notice, EntryOptions options) {
    CompletableFuture<Void> published;
    try {
      published = backplane.publish(channel, notice);
    } catch (RuntimeException e) {
      published = CompletableFuture.failedFuture(e);
    }
    boolean wait = !options.backgroundBackplaneOperations();
    CompletableFuture<Void> outcome = published.handle((v, error) -> {
      if (error != null) {
        events.backplaneError("announce " + notice.type() + " of '" + notice.key() + "'", error);
        recoverAnnouncement(notice);
        if (wait && options.reThrowBackplaneExceptions()) {
          throw new CompletionException(backplaneFailure(notice, error));
        }
      }
      return null;
    });
    return wait ? outcome : DONE;
  }

  private DistributedCacheException distributedFailure(String what, String levelKey, Throwable error) {
    Throwable cause = Failures.unwrap(error);
    return new DistributedCacheException("cache '" + cacheName + "': the distributed level failed to " + what
        + (levelKey == null ? "" : " '" + levelKey + "'") + ": " + cause, cause);
  }

  private BackplaneException backplaneFailure(BackplaneMessage notice, Throwable error) {
    Throwable cause = Failures.unwrap(error);
    return new BackplaneException("cache '" + cacheName + "': could not announce " + notice.type() + " of '"
        + notice.key() + "' on " + channel + ": " + cause, cause);
  }
}

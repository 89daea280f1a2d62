package io.hybridcache.engine;

import io.hybridcache.DistributedCacheException;
import io.hybridcache.EntryOptions;
import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.KeyCodec;
import io.hybridcache.spi.KeyRead;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * What one cache reads from and sends to the other nodes: entries in the distributed level (L2) and notifications on
 * the backplane, with the options that shape them (skip flags, {@code distributedCacheDuration}, background execution,
 * re-throwing).
 *
 * <p>The one object the rest of the engine calls for them; each concern is a class of its own, which this one builds
 * for the cache and delegates to: {@link LevelReader} reads L2, {@link LevelWriter} writes, removes and expires there
 * and announces each change once L2 took it, {@link ChangeAnnouncer} makes and publishes the notices,
 * {@link EntryCodec} turns entries into the bytes L2 keeps and back, {@link LevelKeyspace} names them,
 * {@link LevelTimeouts} bounds the waits on L2, and {@link RecoveryReplays} makes failed operations again.
 */
final class DistributedOperations<K, V> {
  /** The key of a {@code CLEAR} message that keeps fallbacks. */
  static final String CLEAR_EXPIRE = "expire";
  /** The key of a {@code CLEAR} message that removes everything. */
  static final String CLEAR_REMOVE = "remove";
  /**
   * The key of a {@code CLEAR} message that clears nothing: a change of a key too long to announce was made, so the
   * receivers mark their memory level of the cache stale (as for a lost message) and move no barrier.
   */
  static final String CLEAR_STALE = "stale";

  private final String cacheName;
  /** Null when the cache has no distributed level. */
  private final DistributedLevel level;
  private final LevelKeyspace<K> keyspace;
  private final EntryCodec<V> codec;
  private final ChangeAnnouncer<K> announcer;
  private final LevelReader<K, V> reader;
  private final RecoveryReplays<K, V> replays;
  private final LevelWriter<K, V> writer;

  /**
   * @param tagTimes true for the internal cache of a cache's tag removal times: its keys live under the tag prefix
   *     ({@code {keyPrefix}:{tagPrefix}:{cacheName}:{tag}}), apart from the cache's entries
   * @param runs the cache's runs: a replay of auto-recovery registers one while it reads L2 (see
   *     {@link RecoveryReplays})
   * @param maxTagsPerEntry an entry read from L2 with more tags is unreadable (a miss, logged and counted)
   */
  DistributedOperations(String cacheName, ClusterNode node, boolean useLevel, boolean useBackplane, KeyCodec<K> keys,
      TimeSource time, BackgroundTasks background, CacheEvents<K> events, boolean tagTimes, EntryClock clock,
      Barriers barriers, RunRegistry<K> runs, RecoveryReplays.NewerInLevel<K, V> newerInLevel, int maxTagsPerEntry) {
    this.cacheName = cacheName;
    // counted per cache: each message the level publishes with a write of this cache
    this.level = node != null && useLevel ? NoticeCountingLevel.of(node.level(), events::backplaneSent) : null;
    Backplane backplane = node != null && useBackplane ? node.backplane() : null;
    LevelTimeouts timeouts = new LevelTimeouts(cacheName, time, background, events);
    AutoRecoveryQueue<K> recovery = node == null || node.autoRecovery() == null ? null
        : new AutoRecoveryQueue<>(cacheName, node.autoRecovery(), time, timeouts::handOff, events);
    this.keyspace = new LevelKeyspace<>(
        node == null ? null : LevelKeyspace.start(node.keyPrefix(), node.internalKeys(), cacheName, tagTimes), keys);
    this.codec = new EntryCodec<>(node == null ? null : node.serializer(), node == null ? null : node.envelopeSigner(),
        node == null ? Integer.MAX_VALUE : node.maxEntrySize(), maxTagsPerEntry, time, events,
        FutureTimes.of(node, tagTimes, time));
    this.announcer = new ChangeAnnouncer<>(cacheName, node == null ? null : node.nodeId(),
        node == null ? null : node.channel(), backplane, level != null, keyspace, time, clock, events, recovery,
        node == null ? () -> { } : node::keyTooLongToAnnounce);
    this.reader = new LevelReader<>(cacheName, level, keyspace, codec, barriers, timeouts, time, events);
    this.replays = new RecoveryReplays<>(level, keyspace, codec, announcer, recovery, clock, time, runs,
        newerInLevel);
    this.writer = new LevelWriter<>(cacheName, level, keyspace, codec, announcer, replays, timeouts, clock, time,
        events, node == null ? new UntrustedEntries() : node.untrustedEntries());
  }

  /** Whether this cache has a distributed level. */
  boolean hasLevel() {
    return level != null;
  }

  /** See {@link LevelWriter#isActive}. */
  boolean isActive() {
    return writer.isActive();
  }

  /** See {@link LevelKeyspace#levelKey}. */
  String levelKey(K key) {
    return keyspace.levelKey(key);
  }

  /** See {@link LevelKeyspace#encode}. */
  String encodeKey(K key) {
    return keyspace.encode(key);
  }

  /** The failure of this cache's distributed level to do {@code what}: see {@link Failures#distributed}. */
  DistributedCacheException failure(String what, Throwable error) {
    return Failures.distributed(cacheName, what, null, error);
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

  /** See {@link LevelReader#readAll(List, EntryOptions)}. */
  CompletableFuture<List<CacheEntry<V>>> readAll(List<K> keys, EntryOptions options) {
    return reader.readAll(keys, options);
  }

  /** See {@link LevelReader#readAll(List, EntryOptions, BiConsumer)}. */
  CompletableFuture<List<CacheEntry<V>>> readAll(List<K> keys, EntryOptions options,
      BiConsumer<List<CacheEntry<V>>, Boolean> ended) {
    return reader.readAll(keys, options, ended);
  }

  /** See {@link LevelReader#levelKeys}. */
  List<K> levelKeys(EntryOptions options) {
    return reader.levelKeys(options);
  }

  // ---------------------------------------------------------------- writes

  /** See {@link LevelWriter#refuseUnwritable}. */
  void refuseUnwritable(K key, CacheEntry<V> entry, EntryOptions options) {
    writer.refuseUnwritable(key, entry, options);
  }

  /** See {@link LevelWriter#written(Object, CacheEntry, EntryOptions, boolean)}. */
  CompletableFuture<Void> written(K key, CacheEntry<V> entry, EntryOptions options, boolean explicit) {
    return writer.written(key, entry, options, explicit);
  }

  /** See {@link LevelWriter#written(Object, CacheEntry, EntryOptions, boolean, byte[])}. */
  CompletableFuture<Void> written(K key, CacheEntry<V> entry, EntryOptions options, boolean explicit,
      byte[] unreadable) {
    return writer.written(key, entry, options, explicit, unreadable);
  }

  /** See {@link LevelWriter#written(Object, CacheEntry, EntryOptions, BackplaneMessage.Type, String, long)}. */
  CompletableFuture<Void> written(K key, CacheEntry<V> entry, EntryOptions options, BackplaneMessage.Type type,
      String noticeKey, long noticeTime) {
    return writer.written(key, entry, options, type, noticeKey, noticeTime);
  }

  /** See {@link LevelWriter#batch}. */
  LevelBatch batch() {
    return writer.batch();
  }

  /** See {@link LevelWriter#writtenIn}. */
  CompletableFuture<Void> writtenIn(LevelBatch batch, K key, CacheEntry<V> entry, EntryOptions options) {
    return writer.writtenIn(batch, key, entry, options, true);
  }

  /** A factory result's {@link LevelWriter#writtenIn} (not announced when there is no L2). */
  CompletableFuture<Void> loadedIn(LevelBatch batch, K key, CacheEntry<V> entry, EntryOptions options) {
    return writer.writtenIn(batch, key, entry, options, false);
  }

  /** See {@link LevelWriter#removedIn}. */
  CompletableFuture<Void> removedIn(LevelBatch batch, K key, EntryOptions options) {
    return writer.removedIn(batch, key, options);
  }

  /** See {@link LevelWriter#removed}. */
  CompletableFuture<Void> removed(K key, EntryOptions options) {
    return writer.removed(key, options);
  }

  /** See {@link LevelWriter#expired}. */
  CompletableFuture<Void> expired(K key, EntryOptions options) {
    return writer.expired(key, options);
  }

  // ---------------------------------------------------------------- conditional changes (ConditionalWrite)

  /** See {@link LevelReader#readRaw}. */
  CompletableFuture<byte[]> readRaw(String levelKey, EntryOptions options) {
    return reader.readRaw(levelKey, options);
  }

  /** See {@link LevelReader#readRawAll}. */
  CompletableFuture<List<KeyRead>> readRawAll(List<String> levelKeys, EntryOptions options) {
    return reader.readRawAll(levelKeys, options);
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

  /** See {@link ChangeAnnouncer#noticeOfChange}. */
  BackplaneMessage noticeOfChange(K key, CacheEntry<V> next, EntryOptions options) {
    return announcer.noticeOfChange(key, next, options);
  }

  /** See {@link LevelWriter#compareAndSet}. */
  CompletableFuture<Boolean> compareAndSet(String levelKey, byte[] expected, byte[] replacement, Duration ttl,
      BackplaneMessage notice, EntryOptions options) {
    return writer.compareAndSet(levelKey, expected, replacement, ttl, notice, options);
  }

  /** See {@link RecoveryReplays#recoverChange}. */
  void recoverChange(K key, CacheEntry<V> next, EntryOptions options) {
    replays.recoverChange(key, next, options);
  }

  // ---------------------------------------------------------------- auto-recovery

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
}

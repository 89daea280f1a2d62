package io.hybridcache.engine;

import io.hybridcache.AsyncBulkFactory;
import io.hybridcache.AsyncFactory;
import io.hybridcache.BulkFactory;
import io.hybridcache.EntryOptions;
import io.hybridcache.Factory;
import io.hybridcache.HybridCache;
import io.hybridcache.HybridCacheListener;
import io.hybridcache.HybridCacheStats;
import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.KeyCodec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The engine behind every {@link HybridCache}: it builds the parts of one cache and hands each call to the part of its
 * concern ({@link SingleLoads} and {@link GetOrSetPipeline} for {@code getOrSet}, {@link SingleWrites}, {@link Wipes}
 * for tags and clear, {@link ReadOnlyLookup}, and the bulk parts).
 *
 * <p>Build one with {@link #builder(String)} to use HybridCache embedded, without JCache. The hit path of
 * {@code tryGet} and {@code getOrSet} is one Caffeine read, a field read for the time
 * ({@link TimeSource#recentWallMillis()}) and a counter increment without atomic instruction: it allocates nothing.
 * {@link #close()} drains the background executor when the engine owns it; a second call does nothing.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class HybridCacheEngine<K, V> implements HybridCache<K, V>, AutoCloseable {
  private final String name;
  private final EntryOptions defaults;
  private final TimeSource time;
  private final MemoryLevel<K, V> memory;
  private final RunRegistry<K> runs = new RunRegistry<>();
  private final CacheEvents<K> events;
  private final BackgroundTasks background;
  private final boolean ownsBackground;
  private final GetOrSetPipeline<K, V> pipeline;
  private final EntryAccess<K, V> entryAccess;
  private final DistributedOperations<K, V> distributed;
  private final ClusterNode node;
  private final BackplaneReceiver<K, V> receiver;
  private final InternalKeys internalKeys;
  private final EntryClock clock;
  private final TagStore tags;
  /** The bounds of the tags an entry carries. */
  private final Tags tagRules;
  private final Barriers barriers;
  private final ReadOnlyLookup<K, V> lookup;
  private final BulkReads<K, V> bulkReads;
  private final BulkWrites<K, V> bulkWrites;
  private final BulkLoads<K, V> bulkLoads;
  private final SingleLoads<K, V> singleLoads;
  private final SingleWrites<K, V> writes;
  private final Wipes<K, V> wipes;
  private final AtomicBoolean closed = new AtomicBoolean();

  HybridCacheEngine(HybridCacheEngineBuilder<K, V> b) {
    this.name = b.name;
    this.defaults = b.defaultEntryOptions;
    this.time = b.timeSource;
    this.events = new CacheEvents<>(name, b.messagesSentTo);
    this.memory = new MemoryLevel<>(time, b.maximumSize, b.maximumWeight, countingEvictions(events, b.evictionListener),
        b.cluster == null ? null : b.cluster.memoryDurationCeiling(), b.tagStore);
    this.ownsBackground = b.backgroundTasks == null;
    this.background = ownsBackground ? BackgroundTasks.defaults() : b.backgroundTasks;
    this.node = b.cluster;
    KeyCodec<K> keys = b.keyCodec != null ? b.keyCodec
        : new StandardKeyCodec<>(node == null ? null : node.serializer());
    this.internalKeys = node == null ? InternalKeys.defaults() : node.internalKeys();
    if (node != null && !b.tagStore && internalKeys.collides(name, internalKeys.tagPrefix())) {
      throw new IllegalArgumentException("a cache may not be named like the tag prefix '" + name
          + "' of its cluster node (its keys would run into those under tag prefix '" + internalKeys.tagPrefix()
          + "'); rename the cache or configure another tagPrefix");
    }
    if (node != null && internalKeys.collides(name, ClusterLocks.NAMESPACE)) {
      throw new IllegalArgumentException("a cache may not be named '" + name + "': distributed locks are named "
          + "there; rename the cache");
    }
    this.clock = new EntryClock(time);
    this.tagRules = new Tags(b.maxTagsPerEntry);
    if (b.tagStore) {
      this.tags = null;
      this.barriers = Barriers.none();
    } else {
      this.tags = new TagStore(name, node, b.distributedLevelEnabled, b.backplaneEnabled, time, background,
          defaults, events::backplaneSent);
      boolean shared = node != null && b.distributedLevelEnabled && node.level() != null;
      this.barriers = new Barriers(tags, internalKeys, b.tagRemoval, shared, time);
    }
    this.distributed = new DistributedOperations<>(name, node, b.distributedLevelEnabled, b.backplaneEnabled, keys,
        time, background, events, b.tagStore, clock, barriers, runs, this::adoptNewer, b.maxTagsPerEntry);
    ClusterLocks<K> locks = new ClusterLocks<>(name, node, distributed, events, time);
    this.pipeline = new GetOrSetPipeline<>(name, memory, runs, time, background, events, distributed, barriers,
        clock, locks, tagRules, b.observer);
    this.lookup = new ReadOnlyLookup<>(name, time, memory, runs, events, distributed, barriers, pipeline);
    this.bulkReads = new BulkReads<>(time, memory, runs, events, distributed, barriers, lookup);
    this.bulkWrites = new BulkWrites<>(memory, runs, events, distributed, clock);
    this.bulkLoads = new BulkLoads<>(new BulkParts<>(name, time, background, memory, runs, events, distributed,
        barriers, clock, lookup, pipeline, locks), tagRules);
    this.singleLoads = new SingleLoads<>(name, time, memory, runs, events, clock, tagRules, lookup, pipeline);
    this.writes = new SingleWrites<>(time, memory, runs, events, distributed, clock, tagRules);
    this.wipes = new Wipes<>(time, memory, runs, distributed, clock, tags, barriers, internalKeys, defaults);
    this.entryAccess = new EntryAccess<>(name, memory, runs, time, defaults, distributed, barriers, clock, locks,
        events);
    if (node != null && b.backplaneEnabled && node.backplane() != null && !b.tagStore) {
      this.receiver = new BackplaneReceiver<>(name, memory, runs, keys, time, events, tags, barriers, clock,
          distributed, node);
      node.register(name, receiver);
    } else {
      this.receiver = null;
    }
    if (node != null) {
      node.trackRecoveries(this, distributed::pendingRecoveries);
    }
    SystemTimeSource.retain(time); // last: a constructor that throws retains nothing
  }

  /**
   * Starts building an engine for the cache named {@code name}.
   *
   * @param <K> the key type
   * @param <V> the value type
   * @param name the cache's name
   * @return a builder of an engine for the cache named {@code name}
   */
  public static <K, V> HybridCacheEngineBuilder<K, V> builder(String name) {
    return new HybridCacheEngineBuilder<>(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public EntryOptions defaultEntryOptions() {
    return defaults;
  }

  // ---------------------------------------------------------------- reads

  @Override
  public Optional<V> tryGet(K key, EntryOptions options) {
    CacheEntry<V> e = lookup.read(key, options);
    return e == null ? Optional.empty() : e.optional();
  }

  @Override
  public V getOrDefault(K key, V defaultValue, EntryOptions options) {
    CacheEntry<V> e = lookup.read(key, options);
    return e == null ? defaultValue : e.value();
  }

  /**
   * An entry of {@code key} that a replay of auto-recovery found in L2, written after the operation it replayed (by
   * another node, whose notice this node may have missed): L1 takes it unless it holds one at least as new, and runs
   * under way give way to it as to another node's change. The replay's {@code watch}, registered before its read,
   * keeps a change announced since then (or made here) from being hidden by it ({@link MemoryLevel#saveFromLevel}).
   */
  private void adoptNewer(K key, CacheEntry<V> remote, RunRegistry<K>.Run watch) {
    CacheEntry<V> held = memory.get(key);
    if (held != null && !remote.writtenAfter(held)) {
      runs.supersede(key, remote.timestamp); // L1 holds at least as new: only the runs under way give way
      return;
    }
    memory.saveFromLevel(key, remote, watch); // marks the runs started before the replay's read
  }

  @Override
  public V getOrSet(K key, Factory<K, V> factory, EntryOptions options, Set<String> tags) {
    return getOrSet(key, factory, null, options, tags);
  }

  @Override
  public V getOrSet(K key, Factory<K, V> factory, V failSafeDefaultValue, EntryOptions options) {
    Objects.requireNonNull(failSafeDefaultValue, "failSafeDefaultValue must not be null");
    return getOrSet(key, factory, failSafeDefaultValue, options, Set.of());
  }

  private V getOrSet(K key, Factory<K, V> factory, V failSafeDefault, EntryOptions options, Set<String> tags) {
    return singleLoads.getOrSet(key, factory, failSafeDefault, options, tags);
  }

  @Override
  public CompletableFuture<V> getOrSetAsync(K key, AsyncFactory<K, V> factory, EntryOptions options,
      Set<String> tags) {
    return getOrSetAsync(key, factory, null, options, tags);
  }

  @Override
  public CompletableFuture<V> getOrSetAsync(K key, AsyncFactory<K, V> factory, V failSafeDefaultValue,
      EntryOptions options) {
    Objects.requireNonNull(failSafeDefaultValue, "failSafeDefaultValue must not be null");
    return getOrSetAsync(key, factory, failSafeDefaultValue, options, Set.of());
  }

  private CompletableFuture<V> getOrSetAsync(K key, AsyncFactory<K, V> factory, V failSafeDefault,
      EntryOptions options, Set<String> tags) {
    return singleLoads.getOrSetAsync(key, factory, failSafeDefault, options, tags);
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void set(K key, V value, EntryOptions options, Set<String> tags) {
    Failures.await(() -> write(key, value, options, tags), key, name);
  }

  private CompletableFuture<Void> write(K key, V value, EntryOptions options, Set<String> tags) {
    return writes.write(key, value, options, tags);
  }

  @Override
  public void remove(K key, EntryOptions options) {
    Failures.await(() -> removeEntry(key, options), key, name);
  }

  private CompletableFuture<Void> removeEntry(K key, EntryOptions options) {
    return writes.remove(key, options);
  }

  @Override
  public void expire(K key, EntryOptions options) {
    Failures.await(() -> expireEntry(key, options), key, name);
  }

  private CompletableFuture<Void> expireEntry(K key, EntryOptions options) {
    return writes.expire(key, options);
  }

  /**
   * Hides every entry carrying {@code tag}, on every node: one removal time is written (L1, L2, and a backplane
   * message the other nodes apply at once), and each read of a tagged entry compares its timestamp with its tags'
   * times (see {@link Barriers}). An entry written after the removal is visible. Factory runs in progress are
   * superseded: their values are returned to their callers but not cached.
   */
  @Override
  public void removeByTag(String tag) {
    removeByTag(Set.of(Objects.requireNonNull(tag, "tag must not be null")));
  }

  @Override
  public void removeByTag(Set<String> tags) {
    Failures.await(() -> removeTags(tags), String.valueOf(tags), name);
  }

  private CompletableFuture<Void> removeTags(Set<String> tagsToRemove) {
    return wipes.removeTags(tagsToRemove);
  }

  @Override
  public void clear(boolean allowFailSafe) {
    Failures.await(() -> clearAll(allowFailSafe), "*", name);
  }

  /** See {@link Wipes#clear}. */
  private CompletableFuture<Void> clearAll(boolean allowFailSafe) {
    return wipes.clear(allowFailSafe);
  }

  // ---------------------------------------------------------------- asynchronous variants

  @Override
  public CompletableFuture<Optional<V>> tryGetAsync(K key, EntryOptions options) {
    return lookup.readAsync(key, options).thenApply(e -> e == null ? Optional.empty() : e.optional());
  }

  @Override
  public CompletableFuture<V> getOrDefaultAsync(K key, V defaultValue, EntryOptions options) {
    return lookup.readAsync(key, options).thenApply(e -> e == null ? defaultValue : e.value());
  }

  @Override
  public CompletableFuture<Void> setAsync(K key, V value, EntryOptions options, Set<String> tags) {
    return write(key, value, options, tags);
  }

  @Override
  public CompletableFuture<Void> removeAsync(K key, EntryOptions options) {
    return removeEntry(key, options);
  }

  @Override
  public CompletableFuture<Void> expireAsync(K key, EntryOptions options) {
    return expireEntry(key, options);
  }

  @Override
  public CompletableFuture<Void> removeByTagAsync(Set<String> tags) {
    return removeTags(tags);
  }

  @Override
  public CompletableFuture<Void> clearAsync(boolean allowFailSafe) {
    return clearAll(allowFailSafe);
  }

  // ---------------------------------------------------------------- bulk (see BulkReads, BulkWrites, BulkLoads)

  @Override
  public Map<K, V> tryGetAll(Set<? extends K> keys, EntryOptions options) {
    return Failures.await(() -> bulkReads.tryGetAll(keys, options), "keys", name);
  }

  @Override
  public Map<K, V> getOrSetAll(Set<? extends K> keys, BulkFactory<K, V> factory, EntryOptions options,
      Set<String> tags) {
    return Failures.await(() -> bulkLoads.getOrSetAll(keys, BulkCall.sync(factory), options, tags), "keys", name);
  }

  @Override
  public CompletableFuture<Map<K, V>> getOrSetAllAsync(Set<? extends K> keys, AsyncBulkFactory<K, V> factory,
      EntryOptions options, Set<String> tags) {
    return bulkLoads.getOrSetAll(keys, BulkCall.async(factory), options, tags);
  }

  @Override
  public void setAll(Map<? extends K, ? extends V> entries, EntryOptions options) {
    Failures.await(() -> bulkWrites.setAll(entries, options), "keys", name);
  }

  @Override
  public void removeAll(Set<? extends K> keys, EntryOptions options) {
    Failures.await(() -> bulkWrites.removeAll(keys, options), "keys", name);
  }

  @Override
  public CompletableFuture<Map<K, V>> tryGetAllAsync(Set<? extends K> keys, EntryOptions options) {
    return bulkReads.tryGetAll(keys, options);
  }

  @Override
  public CompletableFuture<Void> setAllAsync(Map<? extends K, ? extends V> entries, EntryOptions options) {
    return bulkWrites.setAll(entries, options);
  }

  @Override
  public CompletableFuture<Void> removeAllAsync(Set<? extends K> keys, EntryOptions options) {
    return bulkWrites.removeAll(keys, options);
  }

  // ---------------------------------------------------------------- observability and lifecycle

  @Override
  public void addListener(HybridCacheListener<? super K> listener) {
    events.add(listener);
  }

  @Override
  public void removeListener(HybridCacheListener<? super K> listener) {
    events.remove(listener);
  }

  @Override
  public HybridCacheStats stats() {
    return events.snapshot();
  }

  /**
   * Atomic per-key access to the entries, for adapters that need more than the {@link HybridCache} operations (the
   * JCache layer: conditional writes, entry processors, per-access expiry).
   *
   * @return atomic per-key access to the entries
   */
  public EntryAccess<K, V> entryAccess() {
    return entryAccess;
  }

  @Override
  public long estimatedSize() {
    return memory.estimatedSize();
  }

  /** Counts the evictions by the bound in {@code events}, then tells {@code listener} (if any) of every eviction. */
  private static <K, V> MemoryEvictionListener<K, V> countingEvictions(CacheEvents<K> events,
      MemoryEvictionListener<K, V> listener) {
    return (key, entry, expired) -> {
      if (!expired) {
        events.evicted();
      }
      if (listener != null) {
        listener.onEvicted(key, entry, expired);
      }
    };
  }

  /** {@return the number of entries the memory level holds, fallbacks included (approximate)} */
  public long memoryEntryCount() {
    memory.cleanUp();
    return memory.estimatedSize();
  }

  /** Whether a factory run or an L2 read of {@code key} is still under way (for tests: a late read has ended). */
  boolean runsInProgress(K key) {
    return runs.isRunning(key);
  }

  /** {@inheritDoc} */
  @Override
  public int pendingRecoveries() {
    return distributed.pendingRecoveries();
  }

  /** The memory level (for the tag store, which keeps its times there). */
  MemoryLevel<K, V> memoryLevel() {
    return memory;
  }

  /**
   * Writes {@code value} to L1 and L2 announced by a {@code type} message for {@code noticeKey} at the value's time:
   * how the tag store records a tag removal or a clear.
   */
  CompletableFuture<Void> writeAnnounced(K key, V value, EntryOptions options, BackplaneMessage.Type type,
      String noticeKey) {
    return writes.writeAnnounced(key, value, options, type, noticeKey);
  }

  /** Reads {@code keys} from L2 in one bulk read: see {@link LevelReader#readAll}. */
  CompletableFuture<List<CacheEntry<V>>> readAllFromLevel(List<K> keys, EntryOptions options) {
    return distributed.readAll(keys, options);
  }

  /**
   * Writes {@code value} to L2 only, stamped {@code stampedAt}, announced by a {@code type} message for
   * {@code noticeKey} at that time: how the tag store writes again a removal record missing in L2. Stamped with the
   * removal's own time, it does not replace a record of a later removal (L2 keeps the later write).
   */
  CompletableFuture<Void> writeAnnouncedAt(K key, V value, long stampedAt, EntryOptions options,
      BackplaneMessage.Type type, String noticeKey) {
    return writes.writeAnnouncedAt(key, value, stampedAt, options, type, noticeKey);
  }

  /** Marks every L1 entry stale (kept as fallbacks), with no message and no L2 write. */
  void expireAllLocally() {
    memory.expireAll(time.wallMillis());
  }

  /**
   * Stops background work, waiting for what is queued when the engine owns its executor, and lets the hit-path clock
   * stop when no other engine uses it. Calls after the first do nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    SystemTimeSource.release(time);
    if (node != null) {
      node.forgetRecoveries(this);
    }
    if (receiver != null) {
      node.unregister(name, receiver);
      receiver.close();
    }
    if (tags != null) {
      tags.close();
    }
    if (ownsBackground) {
      background.close();
    }
  }

  @Override
  public String toString() {
    return "HybridCacheEngine{name=" + name + ", defaults=" + defaults + '}';
  }
}

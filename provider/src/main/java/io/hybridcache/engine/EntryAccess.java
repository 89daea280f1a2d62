package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * Atomic per-key access to an engine's entries, for adapters that need more than the {@code HybridCache} operations
 * (the JCache layer: conditional writes, entry processors, expiry per access). Obtained from
 * {@link HybridCacheEngine#entryAccess()}.
 *
 * <p>Reads here fire no events and count nothing: the adapter keeps its own statistics. A {@link #compute} that
 * changes an entry is an explicit write: a factory run of the same key that is still going will not overwrite it.
 * Times are epoch milliseconds from the engine's clock ({@link #now()}).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class EntryAccess<K, V> {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
  private final MemoryLevel<K, V> memory;
  private final RunRegistry<K> runs;
  private final TimeSource time;
  private final EntryOptions defaults;
  private final DistributedOperations<K, V> distributed;
  private final String cacheName;
  private final Barriers barriers;
  private final EntryClock clock;
  private final KeyLocks<K> locks = new KeyLocks<>();
  private final ClusterLocks<K> clusterLocks;
  private final CacheEvents<K> events;
  /** Whether a fresh L1 entry is served without asking L2 (the default options read L1, or do not read L2). */
  private final boolean trustLocal;

  EntryAccess(String cacheName, MemoryLevel<K, V> memory, RunRegistry<K> runs, TimeSource time,
      EntryOptions defaults, DistributedOperations<K, V> distributed, Barriers barriers, EntryClock clock,
      ClusterLocks<K> clusterLocks, CacheEvents<K> events) {
    this.cacheName = cacheName;
    this.events = events;
    this.memory = memory;
    this.runs = runs;
    this.time = time;
    this.defaults = defaults;
    this.distributed = distributed;
    this.barriers = barriers;
    this.clock = clock;
    this.clusterLocks = clusterLocks;
    this.trustLocal = !defaults.skipMemoryCacheRead() || defaults.skipDistributedCacheRead();
  }

  /** {@return the engine clock's current time, in epoch millis} */
  public long now() {
    return time.wallMillis();
  }

  /**
   * The engine clock's time for a read's freshness checks: up to about a millisecond old, never behind an earlier
   * {@link #now()} (see {@link TimeSource#recentWallMillis()}). An expiration set from it to "now" is past at once.
   *
   * @return the engine clock's time for a read's freshness checks
   */
  public long recentNow() {
    return time.recentWallMillis();
  }

  /**
   * Counts in the cache's {@link io.hybridcache.HybridCacheStats} what an operation made through this class did (the
   * JCache operations: reads that found a live value or none, values stored, keys removed), as the
   * {@code HybridCache} operations count theirs. Listeners are not told. Negative or zero counts add nothing.
   *
   * @param hits reads that found a live value
   * @param misses reads that found none
   * @param sets values stored
   * @param removes keys removed
   */
  public void count(long hits, long misses, long sets, long removes) {
    events.counted(hits, misses, sets, removes);
  }

  /**
   * Counts one read that found a live value, as {@link #count count(1, 0, 0, 0)} does, at the cost of a plain write
   * (the hit counter is per thread): for the adapters' hit paths.
   */
  public void countHit() {
    events.countedHit();
  }

  /**
   * The entry of {@code key} if the memory level holds one (fresh or a fallback), else null.
   *
   * @param key the key
   * @return the entry of {@code key} the memory level holds, or null
   */
  public CacheEntry<V> peek(K key) {
    return memory.get(key);
  }

  /**
   * The entry of {@code key} as the cluster sees it: the memory level's if fresh there; else, with a distributed
   * level, a fresh entry read from it (and kept in the memory level, unless a write on this node overtook the read);
   * else what the memory level holds (a fallback, or null). When the cache's default options skip memory-level reads,
   * a distributed level is always read first: no other node's write can then be missed for the backplane's delivery
   * time, at one round trip per lookup.
   *
   * @param key the key
   * @return the entry of {@code key} as the cluster sees it
   */
  public CacheEntry<V> lookup(K key) {
    long now = time.recentWallMillis();
    CacheEntry<V> local = memory.peek(key);
    if (trustLocal && local != null && local.logicalExpiration > now && barriers.admits(local, now)) {
      return local; // the hit: kept this small so that it inlines into the adapter's get
    }
    return lookupPastHit(key, local, now);
  }

  /** {@link #lookup} when L1's entry ({@code peek}ed, or null) is not a fresh, visible one this node trusts. */
  private CacheEntry<V> lookupPastHit(K key, CacheEntry<V> peeked, long now) {
    CacheEntry<V> local = screened(key, memory.alive(key, peeked, now), now);
    if ((trustLocal && local != null && local.isFresh(now)) || !distributed.hasLevel()) {
      return local;
    }
    RunRegistry<K>.Run run = runs.start(key);
    try {
      CacheEntry<V> found = Failures.await(() -> distributed.read(key, defaults), key, cacheName);
      if (barriers.fresh(found, time.wallMillis()) != null) {
        CacheEntry<V> held = memory.saveFromLevel(key, found, run);
        // what L1 holds when a newer change kept it; else the entry as read (L1 may keep it stale, see saveFromLevel)
        return held != null && held.timestamp != found.timestamp ? held : found;
      }
      if (!trustLocal && local != null && local.isFresh(time.wallMillis())) {
        return null; // the level has nothing fresh: another node removed or expired it, whatever this node holds
      }
      return local;
    } finally {
      run.close();
    }
  }

  /**
   * {@link #lookup} for each of {@code keys}, in order, the keys that need the distributed level read there together
   * in one bulk read ({@link LevelReader#readAll}: one round trip where the level pipelines). A failure of that read
   * (or its hard timeout) is every such key's failure, as {@link #lookup} treats one key's.
   *
   * @param keys the keys
   * @return the entry of each key as the cluster sees it (null where none), in the order of {@code keys}
   */
  public List<CacheEntry<V>> lookupAll(List<K> keys) {
    long now = time.recentWallMillis();
    boolean trustLocal = !defaults.skipMemoryCacheRead() || defaults.skipDistributedCacheRead();
    List<CacheEntry<V>> result = new ArrayList<>(keys.size());
    List<Integer> toRead = new ArrayList<>();
    for (K key : keys) {
      CacheEntry<V> local = screened(key, memory.get(key, now), now);
      if (!(trustLocal && local != null && local.isFresh(now)) && distributed.hasLevel()) {
        toRead.add(result.size());
      }
      result.add(local);
    }
    if (toRead.isEmpty()) {
      return result;
    }
    List<K> readKeys = new ArrayList<>(toRead.size());
    List<RunRegistry<K>.Run> started = new ArrayList<>(toRead.size());
    try {
      for (int i : toRead) {
        readKeys.add(keys.get(i));
        started.add(runs.start(keys.get(i)));
      }
      List<CacheEntry<V>> found = Failures.await(() -> distributed.readAll(readKeys, defaults), "keys", cacheName);
      for (int j = 0; j < toRead.size(); j++) {
        int i = toRead.get(j);
        CacheEntry<V> remote = found.get(j);
        CacheEntry<V> local = result.get(i);
        if (barriers.fresh(remote, time.wallMillis()) != null) {
          CacheEntry<V> held = memory.saveFromLevel(keys.get(i), remote, started.get(j));
          result.set(i, held != null && held.timestamp != remote.timestamp ? held : remote);
        } else if (!trustLocal && local != null && local.isFresh(time.wallMillis())) {
          result.set(i, null);
        }
      }
      return result;
    } finally {
      for (RunRegistry<K>.Run run : started) {
        run.close();
      }
    }
  }

  /**
   * {@code entry} (of {@code key}, from L1) as the barriers leave it: itself when visible or already not fresh; when a
   * clear or a tag removal hides it, it is expired or removed in L1 and what remains (a fallback, or null) returned.
   */
  private CacheEntry<V> screened(K key, CacheEntry<V> entry, long now) {
    if (entry == null || !entry.isFresh(now)) {
      return barriers.fallback(entry);
    }
    Barriers.Verdict verdict = barriers.verdict(entry, now);
    return verdict == Barriers.Verdict.VISIBLE ? entry : memory.hide(key, entry, verdict, time.wallMillis());
  }

  /**
   * Atomically replaces the entry of {@code key} with what {@code remapping} returns: the same instance leaves it
   * unchanged, null removes it. The function runs at most once, under the key's lock: it must be quick and must not
   * touch other keys of this cache.
   *
   * <p>With a distributed level, a changed live entry (a new value, or a new expiration), or the end of a fresh one, is
   * then written there and announced: an unconditional write, so the last writer wins across nodes.
   *
   * @param key the key
   * @param remapping what the entry becomes, given the entry held (or null)
   * @return the entry now held, or null
   */
  public CacheEntry<V> compute(K key,
      BiFunction<? super K, ? super CacheEntry<V>, ? extends CacheEntry<V>> remapping) {
    Objects.requireNonNull(remapping, "remapping must not be null");
    Object[] before = new Object[1];
    CacheEntry<V> after = memory.compute(key, (k, current) -> {
      CacheEntry<V> next = remapping.apply(k, current);
      if (next != current) {
        runs.supersede(k);
      }
      before[0] = current;
      return next;
    });
    if (distributed.isActive()) {
      @SuppressWarnings("unchecked")
      CacheEntry<V> previous = (CacheEntry<V>) before[0];
      spread(key, previous, after);
    }
    return after;
  }

  /**
   * {@link #compute} for each of {@code keys} in turn (each under its own lock, one at a time), the distributed level
   * then following all the changes together: the writes and removals in one batch ({@link LevelBatch}: one round trip
   * where the level pipelines), an expiry on its own. Waits for them all; the first failure the default options
   * re-throw is thrown once every change was made here.
   *
   * @param keys the keys, each changed once
   * @param remapping what each entry becomes, given the key and the entry held (or null)
   */
  public void computeAll(List<K> keys,
      BiFunction<? super K, ? super CacheEntry<V>, ? extends CacheEntry<V>> remapping) {
    Objects.requireNonNull(remapping, "remapping must not be null");
    if (!distributed.isActive()) {
      keys.forEach(key -> compute(key, remapping));
      return;
    }
    LevelBatch batch = distributed.batch();
    List<CompletableFuture<Void>> spreads = new ArrayList<>(keys.size());
    try {
      for (K key : keys) {
        Object[] before = new Object[1];
        CacheEntry<V> after = memory.compute(key, (k, current) -> {
          CacheEntry<V> next = remapping.apply(k, current);
          if (next != current) {
            runs.supersede(k);
          }
          before[0] = current;
          return next;
        });
        @SuppressWarnings("unchecked")
        CacheEntry<V> previous = (CacheEntry<V>) before[0];
        spreads.add(spreading(key, previous, after, batch));
      }
    } finally {
      if (batch != null) {
        batch.send();
      }
    }
    Failures.await(() -> CompletableFuture.allOf(spreads.toArray(CompletableFuture<?>[]::new)), "keys", cacheName);
  }

  /** Makes the distributed level follow a change made here: a live result is written, a death is spread. */
  private void spread(K key, CacheEntry<V> before, CacheEntry<V> after) {
    Failures.await(() -> spreading(key, before, after, null), key, cacheName);
  }

  /** {@link #spread}'s change, its write or removal gathered in {@code batch} (null: sent on its own). */
  private CompletableFuture<Void> spreading(K key, CacheEntry<V> before, CacheEntry<V> after, LevelBatch batch) {
    if (after == before) {
      return DONE;
    }
    long now = time.wallMillis();
    if (after != null && after.isFresh(now)) {
      return distributed.writtenIn(batch, key, after, defaults);
    } else if (before != null && before.isFresh(now)) {
      return after == null ? distributed.removedIn(batch, key, defaults) : distributed.expired(key, defaults);
    }
    return DONE;
  }

  /**
   * Like {@link #compute}, but atomic across every node sharing the distributed level: the function is applied to the
   * entry the level holds, and its result is written there only if the level still holds that entry (a
   * compare-and-set); the memory level and the other nodes follow. Without a distributed level this is
   * {@link #compute}.
   *
   * <p>This node's calls for one key run one at a time (they queue for the key's lock), so they never conflict with
   * each other and the function runs once per call, unless another writer (another node, or an unconditional write
   * such as {@link #compute}) changed the entry between the read and the compare-and-set: then, after
   * {@code beforeRetry} (which undoes what the attempt recorded) and a short random backoff, the function runs again
   * on the new entry. Those retries are bounded in time by the default options' {@code distributedCacheHardTimeout}
   * (10 s when unset). With distributed locking on (and not skipped by the default options), the call first takes the
   * cluster-wide lock of the key, so other nodes' atomic operations on it wait instead of conflicting; a lock not had
   * within {@code distributedLockTimeout} is gone without (counted, logged). When the level fails, the change is made
   * on this node only (logged and counted, and queued for auto-recovery), unless the default options re-throw.
   *
   * @param key the key
   * @param remapping what the entry becomes, given the entry the level holds (or null)
   * @param beforeRetry runs before each new attempt after another writer changed the key
   * @return the entry now held, as {@link #compute} returns it
   * @throws io.hybridcache.DistributedCacheException if other writers changed the entry during every attempt until
   *     the bound passed (the message names the key, the bound and the setting); the entry is then unchanged
   */
  public CacheEntry<V> computeAcrossNodes(K key,
      BiFunction<? super K, ? super CacheEntry<V>, ? extends CacheEntry<V>> remapping, Runnable beforeRetry) {
    return computeAcrossNodes(key, remapping, beforeRetry, ReadAhead.none());
  }

  /**
   * {@link #computeAcrossNodes(Object, BiFunction, Runnable)} starting from what {@code ahead} read for {@code key}
   * (when it read it and no earlier change took that read): the first attempt then costs no read of its own.
   *
   * @param key the key
   * @param remapping what the entry becomes, given the entry the level holds (or null)
   * @param beforeRetry runs before each new attempt after another writer changed the key
   * @param ahead a read of the level made by {@link #readAhead} (or {@code ReadAhead} of nothing)
   * @return the entry now held, as {@link #compute} returns it
   * @throws io.hybridcache.DistributedCacheException as {@link #computeAcrossNodes(Object, BiFunction, Runnable)}
   */
  public CacheEntry<V> computeAcrossNodes(K key,
      BiFunction<? super K, ? super CacheEntry<V>, ? extends CacheEntry<V>> remapping, Runnable beforeRetry,
      ReadAhead<K> ahead) {
    Objects.requireNonNull(remapping, "remapping must not be null");
    Objects.requireNonNull(beforeRetry, "beforeRetry must not be null");
    Objects.requireNonNull(ahead, "ahead must not be null");
    if (!distributed.hasLevel()) {
      return compute(key, remapping);
    }
    try (HeldLock held = locks.lock(key);
        HeldLock clusterHeld = clusterLocks.appliesTo(defaults) ? clusterLocks.lock(key, defaults)
            : ClusterLocks.NOT_HELD) {
      return new ConditionalWrite<>(key, distributed, memory, runs, time, defaults, cacheName, barriers)
          .apply(remapping, beforeRetry, ahead.take(key));
    }
  }

  /**
   * Reads what the distributed level holds for {@code keys} in one bulk read, for the
   * {@link #computeAcrossNodes(Object, BiFunction, Runnable, ReadAhead)} calls that follow on them (see
   * {@link ReadAhead}). Without a distributed level, or when the read fails, nothing is read and those calls read on
   * their own.
   *
   * @param keys the keys about to be changed, each at most once
   * @return what was read; close it once the changes are made
   */
  public ReadAhead<K> readAhead(List<K> keys) {
    return ReadAhead.read(keys, distributed, runs, defaults, cacheName);
  }

  /**
   * Removes each of {@code keys}: looked up first as {@link #lookupAll} looks them up (one distributed read for the
   * keys the memory level does not hold fresh), then each removed from the memory level under its lock, where
   * {@code removed} is told the entry the key held (the memory level's if fresh, else the one read, else what the
   * memory level held; null when none), then the distributed level's copies of the keys that held one removed
   * together in one batch ({@link LevelBatch}: one round trip where the level pipelines), each announced. Not atomic
   * across nodes: a change another node makes between the read and the removal is removed unseen (the last writer
   * wins, as for {@link #compute}). Waits for the level; the first failure the default options re-throw is thrown
   * once every key was removed here.
   *
   * @param keys the keys, each removed once
   * @param removed told, under the key's lock, of the entry each key held (null when none)
   */
  public void removeAll(List<K> keys, BiConsumer<? super K, ? super CacheEntry<V>> removed) {
    Objects.requireNonNull(removed, "removed must not be null");
    List<CacheEntry<V>> seen = lookupAll(keys);
    LevelBatch batch = distributed.isActive() ? distributed.batch() : null;
    List<CompletableFuture<Void>> spreads = new ArrayList<>(keys.size());
    try {
      for (int i = 0; i < keys.size(); i++) {
        CacheEntry<V> read = seen.get(i);
        boolean[] held = new boolean[1];
        memory.compute(keys.get(i), (k, current) -> {
          CacheEntry<V> entry = current != null && current.isFresh(time.wallMillis()) || read == null ? current : read;
          held[0] = entry != null;
          removed.accept(k, entry);
          runs.supersede(k);
          return null;
        });
        if (held[0]) {
          spreads.add(distributed.removedIn(batch, keys.get(i), defaults));
        }
      }
    } finally {
      if (batch != null) {
        batch.send();
      }
    }
    Failures.await(() -> CompletableFuture.allOf(spreads.toArray(CompletableFuture<?>[]::new)), "keys", cacheName);
  }

  /** The number of keys whose atomic-change lock is held or waited for on this node (zero when none is running). */
  int lockedKeys() {
    return locks.size();
  }

  /**
   * A new fresh entry holding {@code value}, written at {@code now} and fresh until {@code logicalExpiration}. With
   * fail-safe on in the engine's default options it lives on as a fallback until {@code failSafeMaxDuration} after
   * {@code now}; otherwise it goes at its logical expiration.
   *
   * @param value the value
   * @param now the current time, in epoch milliseconds
   * @param logicalExpiration when the entry stops being fresh, in epoch milliseconds
   * @return a new fresh entry holding {@code value}, written at {@code now} and fresh until {@code logicalExpiration}
   */
  public CacheEntry<V> create(V value, long now, long logicalExpiration) {
    Objects.requireNonNull(value, "value must not be null");
    return CacheEntry.of(value, clock.stamp(now), logicalExpiration, CacheEntry.NO_EAGER_REFRESH,
        physicalFor(now, logicalExpiration), false, Set.of(), null, null, weight());
  }

  /**
   * {@code entry} with a new logical expiration (its physical one follows, as for {@link #create}).
   *
   * @param entry the entry
   * @param logicalExpiration when the entry stops being fresh, in epoch milliseconds
   * @return {@code entry} with a new logical expiration
   */
  public CacheEntry<V> withExpiration(CacheEntry<V> entry, long logicalExpiration) {
    long now = time.wallMillis();
    return entry.withLogicalExpiration(logicalExpiration, physicalFor(now, logicalExpiration));
  }

  /**
   * {@code entry} expired at {@code now}: kept as a stale fallback when fail-safe is on and it has life left, else
   * null (gone).
   *
   * @param entry the entry
   * @param now the current time, in epoch milliseconds
   * @return the expired entry, or null when it is gone
   */
  public CacheEntry<V> expired(CacheEntry<V> entry, long now) {
    CacheEntry<V> stale = entry.expiredAt(now);
    return stale.physicalExpiration() > now ? stale : null;
  }

  /** {@return the keys the memory level holds (fallbacks included), weakly consistent} */
  public Iterator<K> keys() {
    return memory.keys();
  }

  /**
   * The keys of every entry of the cache: those the memory level holds, then those only the distributed level holds
   * (read once, now; a snapshot, within the distributed hard timeout: when that read fails or times out only the
   * memory level's keys, unless the default options re-throw). Without a distributed level, {@link #keys()}.
   *
   * @return the keys of every entry of the cache
   */
  public Iterator<K> allKeys() {
    if (!distributed.hasLevel()) {
      return memory.keys();
    }
    Set<K> all = new LinkedHashSet<>();
    memory.keys().forEachRemaining(all::add);
    all.addAll(distributed.levelKeys(defaults));
    return all.iterator();
  }

  private long physicalFor(long now, long logical) {
    if (!defaults.failSafe()) {
      return logical;
    }
    return Math.max(logical, TimeMath.plus(now, TimeMath.millis(defaults.failSafeMaxDuration())));
  }

  private int weight() {
    return (int) Math.min(defaults.size().orElse(1), Integer.MAX_VALUE);
  }
}

package io.hybridcache.engine;

import io.hybridcache.HybridCacheListener;
import io.hybridcache.HybridCacheStats;
import io.hybridcache.spi.SynchronousCallers;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what a cache does and tells its listeners. Counting is a {@link LongAdder} increment (for fresh hits a
 * {@link PerThreadCounter} one, a plain write); with no listener registered, raising an event does nothing else (the
 * hit path stays allocation-free). A listener that throws is logged and counted, never propagated.
 */
final class CacheEvents<K> {
  private static final Logger LOG = LoggerFactory.getLogger(CacheEvents.class);
  @SuppressWarnings("rawtypes")
  private static final HybridCacheListener[] NONE = new HybridCacheListener[0];

  private final String cacheName;
  @SuppressWarnings("unchecked")
  private volatile HybridCacheListener<? super K>[] listeners = NONE;

  private final PerThreadCounter hits = new PerThreadCounter(); // the one counted on every hit: no atomic add
  private final LongAdder staleHits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder sets = new LongAdder();
  private final LongAdder removes = new LongAdder();
  private final LongAdder expires = new LongAdder();
  private final LongAdder factoryRuns = new LongAdder();
  private final LongAdder factoryErrors = new LongAdder();
  private final LongAdder factoryTimeouts = new LongAdder();
  private final LongAdder failSafeActivations = new LongAdder();
  private final LongAdder eagerRefreshes = new LongAdder();
  private final LongAdder backgroundSuccesses = new LongAdder();
  private final LongAdder backgroundErrors = new LongAdder();
  private final LongAdder droppedBackgroundTasks = new LongAdder();
  private final LongAdder listenerErrors = new LongAdder();
  private final LongAdder distributedHits = new LongAdder();
  private final LongAdder distributedMisses = new LongAdder();
  private final LongAdder distributedErrors = new LongAdder();
  private final LongAdder serializationErrors = new LongAdder();
  private final LongAdder backplaneMessages = new LongAdder();
  private final LongAdder backplaneErrors = new LongAdder();
  private final LongAdder backplaneSent = new LongAdder();
  private final LongAdder autoRecoveryReplays = new LongAdder();
  private final LongAdder autoRecoveryDrops = new LongAdder();
  private final LongAdder distributedLocksMissed = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder distributedWrites = new LongAdder();
  /** The causes of serialization errors already logged at warn (bounded, so odd failures cannot grow it forever). */
  private final Set<String> seenSerializationCauses = ConcurrentHashMap.newKeySet();
  private static final int MAX_REMEMBERED_CAUSES = 1_000;

  /** Where {@link #backplaneSent} counts instead of here (the tag store's: its cache's); null: here. */
  private final Runnable sentTo;

  /** @param sentTo counts the notifications sent in place of this cache's own counter; null: counted here */
  CacheEvents(String cacheName, Runnable sentTo) {
    this.cacheName = cacheName;
    this.sentTo = sentTo;
  }

  synchronized void add(HybridCacheListener<? super K> listener) {
    Objects.requireNonNull(listener, "listener must not be null");
    HybridCacheListener<? super K>[] next = Arrays.copyOf(listeners, listeners.length + 1);
    next[listeners.length] = listener;
    listeners = next;
  }

  @SuppressWarnings("unchecked")
  synchronized void remove(HybridCacheListener<? super K> listener) {
    listeners = Arrays.stream(listeners).filter(l -> l != listener).toArray(HybridCacheListener[]::new);
  }

  void hit(K key, boolean stale) {
    if (stale) {
      staleHits.increment();
    } else {
      hits.increment();
    }
    HybridCacheListener<? super K>[] ls = listeners;
    if (ls.length != 0) {
      dispatch(ls, l -> l.onHit(key, stale), "onHit");
    }
  }

  void miss(K key) {
    misses.increment();
    HybridCacheListener<? super K>[] ls = listeners;
    if (ls.length != 0) { // checked first: the event's lambda is allocated only for listeners
      dispatch(ls, l -> l.onMiss(key), "onMiss");
    }
  }

  void set(K key) {
    sets.increment();
    raise(l -> l.onSet(key), "onSet");
  }

  void remove(K key) {
    removes.increment();
    raise(l -> l.onRemove(key), "onRemove");
  }

  void expire(K key) {
    expires.increment();
    raise(l -> l.onExpire(key), "onExpire");
  }

  void factoryRun() {
    factoryRuns.increment();
  }

  void factoryError(K key, Throwable error) {
    factoryErrors.increment();
    raise(l -> l.onFactoryError(key, error), "onFactoryError");
  }

  void factoryTimeout(K key) {
    factoryTimeouts.increment();
    raise(l -> l.onFactoryTimeout(key), "onFactoryTimeout");
  }

  void failSafeActivated(K key) {
    failSafeActivations.increment();
    raise(l -> l.onFailSafeActivated(key), "onFailSafeActivated");
  }

  void eagerRefresh(K key) {
    eagerRefreshes.increment();
    raise(l -> l.onEagerRefresh(key), "onEagerRefresh");
  }

  void backgroundFactorySuccess(K key) {
    backgroundSuccesses.increment();
    raise(l -> l.onBackgroundFactorySuccess(key), "onBackgroundFactorySuccess");
  }

  void backgroundFactoryError(K key, Throwable error) {
    backgroundErrors.increment();
    raise(l -> l.onBackgroundFactoryError(key, error), "onBackgroundFactoryError");
  }

  void droppedBackgroundTask(String what) {
    droppedBackgroundTasks.increment();
    LOG.warn("cache '{}': the background executor is saturated; dropped: {}", cacheName, what);
  }

  void distributedHit() {
    distributedHits.increment();
  }

  void distributedMiss() {
    distributedMisses.increment();
  }

  /** A distributed-level operation failed; logged at warn without the stack (a down server repeats it per call). */
  void distributedError(String what, Throwable error) {
    distributedErrors.increment();
    if (skippedByBreaker(what, error)) {
      return;
    }
    LOG.warn("cache '{}': the distributed level failed to {}: {}", cacheName, what, describe(error));
    LOG.debug("cache '{}': distributed level failure", cacheName, error);
  }

  /**
   * A value, key or envelope could not be encoded or decoded at {@code site}: counted every time, logged at warn the
   * first time per cause ({@link SerializationCause}: bad bytes read again and again, or corrupt in many ways, would
   * flood the log), at debug afterwards.
   */
  void serializationError(SerializationCause.Site site, String what, Throwable error) {
    serializationErrors.increment();
    String cause = SerializationCause.name(site, error);
    if (seenSerializationCauses.size() < MAX_REMEMBERED_CAUSES && seenSerializationCauses.add(cause)) {
      LOG.warn("cache '{}': could not {}: {} (logged once per cause; every occurrence is counted)", cacheName, what,
          describe(error));
    } else {
      LOG.debug("cache '{}': could not {}: {}", cacheName, what, describe(error));
    }
    LOG.debug("cache '{}': serialization failure", cacheName, error);
  }

  /**
   * The cluster-wide lock of a key was not had (the wait passed, or the locker failed): the operation goes on without
   * it. Counted; logged at warn (a failure, or a lock held past the timeout, is worth an operator's look) without the
   * stack.
   */
  void distributedLockMissed(Object key, String why) {
    distributedLocksMissed.increment();
    LOG.warn("cache '{}': went on without the distributed lock of key '{}': {}", cacheName, key, why);
  }

  void backplaneMessage() {
    backplaneMessages.increment();
  }

  /** A notification of this cache was published: on its own, or by the level with the write it announces. */
  void backplaneSent() {
    if (sentTo != null) {
      sentTo.run();
    } else {
      backplaneSent.increment();
    }
  }

  void backplaneError(String what, Throwable error) {
    backplaneErrors.increment();
    if (skippedByBreaker(what, error)) {
      return;
    }
    LOG.warn("cache '{}': the backplane failed to {}: {}", cacheName, what, describe(error));
    LOG.debug("cache '{}': backplane failure", cacheName, error);
  }

  /** A replay failed (the component is still down): counted as a distributed error, logged at debug only. */
  void replayFailed(String what, Throwable error) {
    distributedErrors.increment();
    LOG.debug("cache '{}': could not {}: {}", cacheName, what, describe(error));
  }

  void autoRecoveryReplayed() {
    autoRecoveryReplays.increment();
  }

  void autoRecoveryDropped() {
    autoRecoveryDrops.increment();
  }

  /** Counts one fresh hit of an operation on the entries themselves, as {@link #counted} would: a plain write. */
  void countedHit() {
    hits.increment();
  }

  /**
   * Counts what operations on the entries themselves (the JCache ones) did, as the {@code HybridCache} operations count
   * theirs; listeners are not told (those operations tell their own).
   */
  void counted(long hits, long misses, long sets, long removes) {
    if (hits > 0) {
      this.hits.add(hits);
    }
    if (misses > 0) {
      this.misses.add(misses);
    }
    if (sets > 0) {
      this.sets.add(sets);
    }
    if (removes > 0) {
      this.removes.add(removes);
    }
  }

  /** A change this node made to the distributed level succeeded. */
  void distributedWritten() {
    distributedWrites.increment();
  }

  /** The memory level dropped an entry to stay within its bound. */
  void evicted() {
    evictions.increment();
  }

  /** Whether {@code error} is a call an open circuit breaker refused: logged at debug only (it opened at warn). */
  private boolean skippedByBreaker(String what, Throwable error) {
    if (Failures.unwrap(error) instanceof CircuitOpenException) {
      LOG.debug("cache '{}': did not {}: {}", cacheName, what, Failures.unwrap(error).getMessage());
      return true;
    }
    return false;
  }

  private static String describe(Throwable error) {
    Throwable cause = Failures.unwrap(error);
    return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }

  HybridCacheStats snapshot() {
    return new HybridCacheStats(hits.sum(), staleHits.sum(), misses.sum(), sets.sum(), removes.sum(), expires.sum(),
        factoryRuns.sum(), factoryErrors.sum(), factoryTimeouts.sum(), failSafeActivations.sum(),
        eagerRefreshes.sum(), backgroundSuccesses.sum(), backgroundErrors.sum(), droppedBackgroundTasks.sum(),
        listenerErrors.sum(), distributedHits.sum(), distributedMisses.sum(), distributedErrors.sum(),
        serializationErrors.sum(), backplaneMessages.sum(), backplaneErrors.sum(), autoRecoveryReplays.sum(),
        autoRecoveryDrops.sum(), distributedLocksMissed.sum(), distributedWrites.sum(), evictions.sum(),
        backplaneSent.sum());
  }

  private void raise(Consumer<HybridCacheListener<? super K>> event, String name) {
    HybridCacheListener<? super K>[] ls = listeners;
    if (ls.length != 0) {
      dispatch(ls, event, name);
    }
  }

  private void dispatch(HybridCacheListener<? super K>[] ls, Consumer<HybridCacheListener<? super K>> event,
      String name) {
    for (HybridCacheListener<? super K> l : ls) {
      try {
        SynchronousCallers.withoutWaiting(() -> event.accept(l));
      } catch (Throwable t) {
        listenerErrors.increment();
        LOG.warn("cache '{}': listener {} threw from {}; the operation goes on", cacheName, l, name, t);
      }
    }
  }
}

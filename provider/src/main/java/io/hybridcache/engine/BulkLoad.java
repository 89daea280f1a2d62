package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import io.hybridcache.FactoryTimeoutException;
import io.hybridcache.spi.SynchronousCallers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys one bulk call leads: read from L2 together, locked together (distributed locking), then given to one
 * factory call together; each key ends its flight and its run when it is answered.
 *
 * <p>The L2 read mirrors a {@code getOrSet} miss per key: past the distributed soft timeout (only with fail-safe), each
 * key with a fallback in L1 is served that fallback as it is, without the factory, while the others wait on; past the
 * hard timeout every key not yet answered is a miss and goes to the factory. A fresh entry the read brings after
 * either timeout is kept in L1 unless a write, or this call's factory result, came first. With distributed locking,
 * the keys still missing are locked (see {@link ClusterLocks#acquireAll}), the locked ones read from L2 again (another
 * node may have loaded them meanwhile: then served as read), and only the rest go to the factory; each lock is
 * released when its key is answered, which is after its L2 write unless the options write in the background. A lock
 * not had in time is gone without, as for {@code getOrSet}.
 */
final class BulkLoad<K, V> {
  private static final Logger LOG = LoggerFactory.getLogger(BulkLoad.class);

  private final BulkParts<K, V> parts;
  final BulkCall<K, V> factory;
  final EntryOptions options;
  final Set<String> tags;
  /** Told once, when the L2 read ended, of the keys it served past their eager-refresh point (maybe none). */
  private final Consumer<List<K>> refresh;
  private final AtomicBoolean refreshed = new AtomicBoolean();
  private final List<K> keys = new ArrayList<>();
  private final List<StampedeGuard.Flight<V>> flights = new ArrayList<>();
  private final List<RunRegistry<K>.Run> started = new ArrayList<>();
  /** Per key, the run that keeps what a read cut short by a timeout brings late; null where no timeout applies. */
  private final List<RunRegistry<K>.Run> lateRuns = new ArrayList<>();
  private final List<CacheEntry<V>> fallbacks = new ArrayList<>();
  private final List<CompletableFuture<V>> outcomes = new ArrayList<>();
  /** Whether key i's caller was answered (set once: by its outcome, or by a timeout). */
  private final List<AtomicBoolean> answered = new ArrayList<>();
  /** Whether key i was served its fallback at the distributed soft timeout. */
  private final List<AtomicBoolean> softServed = new ArrayList<>();
  /** The cluster lock each key holds (distributed locking), until it is answered. */
  private AtomicReferenceArray<HeldLock> held;
  /** Where what follows a read runs: a synchronous caller's own thread, whichever thread completed the read. */
  private Executor next;

  BulkLoad(BulkParts<K, V> parts, BulkCall<K, V> factory, EntryOptions options, Set<String> tags,
      Consumer<List<K>> refresh) {
    this.parts = parts;
    this.factory = factory;
    this.options = options;
    this.tags = tags;
    this.refresh = refresh;
  }

  /** Leads {@code key}: served from L1 when another caller filled it meanwhile, else loaded with the others. */
  CompletableFuture<V> add(K key, StampedeGuard.Flight<V> flight) {
    CacheEntry<V> current = options.skipMemoryCacheRead() ? null : parts.memory.get(key);
    if (parts.barriers.fresh(current, parts.time.wallMillis()) != null) {
      parts.guard.land(key, flight, current, null);
      return CompletableFuture.completedFuture(current.value());
    }
    CacheEntry<V> fallback = parts.barriers.fallback(current);
    keys.add(key);
    flights.add(flight);
    // started before the run, so that the factory result saved under the run supersedes a late read
    boolean timesOut = parts.lookup.readsLevel(options)
        && GetOrSetPipeline.readTimesOut(options, options.failSafe() ? fallback : null);
    lateRuns.add(timesOut ? parts.runs.start(key) : null);
    started.add(parts.runs.start(key)); // registered before L2 is read: a write made meanwhile wins
    fallbacks.add(fallback);
    CompletableFuture<V> outcome = new CompletableFuture<>();
    outcomes.add(outcome);
    answered.add(new AtomicBoolean());
    softServed.add(new AtomicBoolean());
    return outcome;
  }

  /** Reads the keys led from L2 in one bulk read, then loads those still missing; ends every flight and run. */
  void start() {
    next = SynchronousCallers.executorFor(Runnable::run);
    if (keys.isEmpty()) {
      startRefresh(List.of());
      return;
    }
    held = new AtomicReferenceArray<>(keys.size());
    CompletableFuture<List<CacheEntry<V>>> read;
    try {
      read = parts.lookup.readsLevel(options) ? parts.distributed.readAll(keys, options, this::readEnded)
          : CompletableFuture.completedFuture(Collections.nCopies(keys.size(), null));
    } catch (RuntimeException e) {
      read = CompletableFuture.failedFuture(e);
      readEnded(null, false);
    }
    TimeSource.Cancellable softTimer = softTimer(read);
    read.whenCompleteAsync((entries, error) -> {
      if (softTimer != null) {
        softTimer.cancel();
      }
      try {
        if (error != null) {
          startRefresh(List.of());
          failAll(Failures.unwrap(error));
        } else {
          loadMissing(entries);
        }
      } catch (Throwable t) {
        startRefresh(List.of());
        failAll(t);
      }
    }, next);
  }

  /**
   * The distributed soft timeout of the read, when it applies (fail-safe, shorter than the hard timeout, a key with a
   * fallback): a timer that serves each key with a fallback that fallback as it is; null when it does not apply.
   */
  private TimeSource.Cancellable softTimer(CompletableFuture<?> read) {
    Duration soft = options.distributedCacheSoftTimeout().orElse(null);
    Duration hard = options.distributedCacheHardTimeout().orElse(null);
    if (!options.failSafe() || soft == null || (hard != null && soft.compareTo(hard) >= 0)
        || !parts.lookup.readsLevel(options) || !fallbacks.stream().anyMatch(f -> f != null)) {
      return null;
    }
    return parts.time.schedule(() -> parts.handOff(() -> {
      if (read.isDone()) {
        return;
      }
      for (int i = 0; i < keys.size(); i++) {
        if (fallbacks.get(i) != null && answered.get(i).compareAndSet(false, true)) {
          softServed.get(i).set(true);
          LOG.debug("cache '{}': the distributed read of key '{}' passed its soft timeout {}; serving the fallback",
              parts.name, keys.get(i), soft);
          started.get(i).close();
          answer(i, fallbacks.get(i), null); // as it is, as getOrSet serves it
        }
      }
    }), TimeMath.nanos(soft));
  }

  /**
   * The end of the read, in time or not: a fresh entry it brought for a key already answered by a timeout (the soft
   * one, or the hard one for all) is kept in L1 unless that key's late run was superseded; then the late runs end.
   */
  private void readEnded(List<CacheEntry<V>> entries, boolean late) {
    long now = parts.time.wallMillis();
    for (int i = 0; i < lateRuns.size(); i++) {
      RunRegistry<K>.Run lateRun = lateRuns.get(i);
      if (lateRun == null) {
        continue;
      }
      try {
        CacheEntry<V> found = entries == null ? null : entries.get(i);
        if ((late || softServed.get(i).get()) && !options.skipMemoryCacheWrite()
            && parts.barriers.fresh(found, now) != null) {
          parts.memory.saveFromLevel(keys.get(i), found, lateRun);
        }
      } finally {
        lateRun.close();
      }
    }
  }

  private void startRefresh(List<K> fromLevel) {
    if (refreshed.compareAndSet(false, true)) {
      refresh.accept(fromLevel);
    }
  }

  private void loadMissing(List<CacheEntry<V>> entries) {
    long readAt = parts.time.wallMillis();
    List<Integer> missing = new ArrayList<>();
    List<K> stale = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (answered.get(i).get()) {
        continue; // served its fallback at the soft timeout
      }
      CacheEntry<V> remote = entries.get(i);
      if (parts.barriers.fresh(remote, readAt) != null) {
        if (!options.skipMemoryCacheWrite()) {
          parts.memory.saveFromLevel(keys.get(i), remote, started.get(i));
        }
        end(i, remote, null);
        if (remote.eagerRefreshAt() <= readAt) {
          stale.add(keys.get(i));
        }
      } else {
        fallbacks.set(i, CacheEntry.newer(fallbacks.get(i), parts.barriers.fallback(remote)));
        missing.add(i);
      }
    }
    startRefresh(stale);
    if (missing.isEmpty()) {
      return;
    }
    if (parts.locks.appliesTo(options) && !options.skipDistributedCacheRead()) {
      lockThenLoad(missing);
    } else {
      runFactory(missing);
    }
  }

  /** Locks the keys of {@code missing}, reads the locked ones from L2 again, and loads what is still missing. */
  private void lockThenLoad(List<Integer> missing) {
    List<K> toLock = new ArrayList<>(missing.size());
    missing.forEach(i -> toLock.add(keys.get(i)));
    parts.locks.acquireAll(toLock, options).whenCompleteAsync((locks, error) -> {
      try {
        List<Integer> locked = new ArrayList<>();
        List<Integer> unlocked = new ArrayList<>();
        for (int m = 0; m < missing.size(); m++) {
          int i = missing.get(m);
          HeldLock lock = error == null ? locks.get(m) : ClusterLocks.NOT_HELD;
          if (lock == ClusterLocks.NOT_HELD) {
            unlocked.add(i);
            continue;
          }
          held.set(i, lock);
          if (answered.get(i).get()) {
            release(i); // answered meanwhile (by a failure): nothing left to do under the lock
          } else {
            locked.add(i);
          }
        }
        if (locked.isEmpty()) {
          runFactory(unlocked);
          return;
        }
        readAgain(locked, unlocked);
      } catch (Throwable t) {
        missing.forEach(i -> end(i, null, t));
      }
    }, next);
  }

  /** Reads the keys of {@code locked} from L2 again: fresh ones are served, the rest join {@code unlocked}. */
  private void readAgain(List<Integer> locked, List<Integer> unlocked) {
    List<K> lockedKeys = new ArrayList<>(locked.size());
    locked.forEach(i -> lockedKeys.add(keys.get(i)));
    CompletableFuture<List<CacheEntry<V>>> again;
    try {
      again = parts.distributed.readAll(lockedKeys, options);
    } catch (RuntimeException e) {
      again = CompletableFuture.failedFuture(e);
    }
    again.whenCompleteAsync((entries, error) -> {
      List<Integer> toFactory = new ArrayList<>(unlocked);
      try {
        long readAt = parts.time.wallMillis();
        for (int j = 0; j < locked.size(); j++) {
          int i = locked.get(j);
          if (error != null) {
            end(i, null, Failures.unwrap(error));
            continue;
          }
          CacheEntry<V> remote = entries.get(j);
          if (parts.barriers.fresh(remote, readAt) != null) { // loaded by the node that held the lock
            if (!options.skipMemoryCacheWrite()) {
              parts.memory.saveFromLevel(keys.get(i), remote, started.get(i));
            }
            end(i, remote, null);
          } else {
            fallbacks.set(i, CacheEntry.newer(fallbacks.get(i), parts.barriers.fallback(remote)));
            toFactory.add(i);
          }
        }
      } catch (Throwable t) {
        locked.forEach(i -> end(i, null, t));
      }
      Collections.sort(toFactory);
      if (!toFactory.isEmpty()) {
        runFactory(toFactory);
      }
    }, next);
  }

  /** Gives the keys of {@code missing} to one factory call, each with its own timeout; saves or falls back. */
  private void runFactory(List<Integer> missing) {
    if (missing.isEmpty()) {
      return;
    }
    Set<K> asked = new LinkedHashSet<>();
    List<TimeSource.Cancellable> timers = new ArrayList<>();
    try {
      for (int i : missing) {
        asked.add(keys.get(i));
        parts.events.factoryRun();
        Duration timeout = GetOrSetPipeline.timeout(options, options.failSafe() && fallbacks.get(i) != null);
        if (timeout != null) {
          timers.add(parts.time.schedule(() -> parts.handOff(() -> timedOut(i, timeout)), TimeMath.nanos(timeout)));
        }
      }
    } catch (Throwable t) {
      timers.forEach(TimeSource.Cancellable::cancel);
      missing.forEach(i -> end(i, null, t));
      return;
    }
    boolean offload = !timers.isEmpty();
    factory.start(Collections.unmodifiableSet(asked), parts.background, offload).whenComplete((made, error) -> {
      timers.forEach(TimeSource.Cancellable::cancel);
      try {
        settle(missing, made, error);
      } catch (Throwable t) {
        for (int i : missing) {
          end(i, null, t);
        }
      }
    });
  }

  /** Saves what the factory made, or falls back per key; ends the flights and runs of {@code missing}. */
  private void settle(List<Integer> missing, Map<K, V> made, Throwable error) {
    List<K> asked = new ArrayList<>(missing.size());
    missing.forEach(i -> asked.add(keys.get(i)));
    Throwable failure = error != null ? Failures.unwrap(error) : parts.nullIn(asked, made);
    if (failure != null) {
      failSafe(missing, failure);
      return;
    }
    List<CacheEntry<V>> entries = new ArrayList<>(missing.size());
    for (int i : missing) {
      V value = made.get(keys.get(i));
      CacheEntry<V> entry = value == null ? null
          : CacheEntry.create(value, parts.clock.stamp(), options, tags, null, null);
      if (entry != null) {
        parts.distributed.refuseUnwritable(keys.get(i), entry, options); // re-throwing: nothing is cached
      }
      entries.add(entry);
    }
    LevelBatch batch = parts.distributed.batch();
    try {
      for (int m = 0; m < missing.size(); m++) {
        int i = missing.get(m);
        CacheEntry<V> entry = entries.get(m);
        if (answered.get(i).get()) { // timed out: the caller was answered; saved if the options say so
          if (!options.allowTimedOutFactoryBackgroundCompletion()) {
            continue;
          }
          parts.events.backgroundFactorySuccess(keys.get(i));
        }
        if (entry == null) {
          end(i, null, BulkParts.LEFT_OUT);
        } else if (parts.pipeline.save(keys.get(i), entry, options, started.get(i))) {
          parts.distributed.loadedIn(batch, keys.get(i), entry, options)
              .whenComplete((v, t) -> end(i, t == null ? entry : null, t));
        } else {
          end(i, entry, null); // superseded by a write: returned, not cached
        }
      }
    } finally {
      if (batch != null) {
        batch.send();
      }
    }
  }

  /** The factory failed: each key with a fallback is served it under fail-safe, the others fail. */
  private void failSafe(List<Integer> missing, Throwable failure) {
    for (int i : missing) {
      K key = keys.get(i);
      if (answered.get(i).get()) { // timed out: the caller was answered
        parts.events.backgroundFactoryError(key, failure);
        started.get(i).close();
        continue;
      }
      parts.events.factoryError(key, failure);
      CacheEntry<V> fallback = fallbacks.get(i);
      if (options.failSafe() && fallback != null) {
        LOG.debug("cache '{}': bulk factory failed for key '{}' ({}); serving the fallback value", parts.name, key,
            failure.toString());
        end(i, parts.pipeline.activateFailSafe(key, fallback, options, started.get(i)), null);
      } else {
        end(i, null, Failures.unchecked(failure, key, parts.name));
      }
    }
  }

  private void failAll(Throwable failure) {
    for (int i = 0; i < keys.size(); i++) {
      end(i, null, failure);
    }
  }

  /**
   * Key {@code i} waited {@code timeout} for the factory: its caller and followers get its fallback, else a
   * {@link FactoryTimeoutException}; the factory's result is saved when it comes if the options let it go on.
   */
  private void timedOut(int i, Duration timeout) {
    if (!answered.get(i).compareAndSet(false, true)) {
      return;
    }
    K key = keys.get(i);
    parts.events.factoryTimeout(key);
    boolean goesOn = options.allowTimedOutFactoryBackgroundCompletion();
    try {
      if (options.failSafe() && fallbacks.get(i) != null) {
        answer(i, parts.pipeline.activateFailSafe(key, fallbacks.get(i), options, started.get(i)), null);
      } else {
        answer(i, null, new FactoryTimeoutException("the bulk factory for key '" + key + "' of cache '" + parts.name
            + "' did not finish within " + timeout + " and there is no fallback value" + (goesOn
                ? "; it goes on in the background and will update the cache when it completes"
                : "; its result will not be cached")));
      }
    } catch (Throwable t) {
      answer(i, null, t);
    } finally {
      if (!goesOn) {
        started.get(i).close();
      }
    }
  }

  /** Ends key {@code i}: closes its run, then answers it unless a timeout did. */
  private void end(int i, CacheEntry<V> entry, Throwable error) {
    started.get(i).close();
    if (answered.get(i).compareAndSet(false, true)) {
      answer(i, entry, error);
    }
  }

  /** Answers key {@code i}: releases its lock, lands its flight (followers see the outcome), then its caller. */
  private void answer(int i, CacheEntry<V> entry, Throwable error) {
    release(i);
    parts.guard.land(keys.get(i), flights.get(i), entry, error);
    if (error == BulkParts.LEFT_OUT) {
      outcomes.get(i).complete(null);
    } else if (error != null) {
      outcomes.get(i).completeExceptionally(error instanceof CompletionException c ? c.getCause() : error);
    } else {
      outcomes.get(i).complete(entry.value());
    }
  }

  /** Releases the cluster lock key {@code i} holds, if any (once). */
  private void release(int i) {
    HeldLock lock = held == null ? null : held.getAndSet(i, null);
    if (lock != null) {
      lock.close();
    }
  }
}

package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import io.hybridcache.spi.OperationObserver;
import io.hybridcache.FactoryFailedException;
import io.hybridcache.FactoryTimeoutException;
import io.hybridcache.spi.SynchronousCallers;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The miss path of {@code getOrSet} (reference/Diagrams.md): single flight per key, check the memory level again, run
 * the factory with its soft/hard timeouts, save the result, or fall back to the stale value (fail-safe). Also the
 * background eager refresh a hit can start.
 */
final class GetOrSetPipeline<K, V> {
  private static final Logger LOG = LoggerFactory.getLogger(GetOrSetPipeline.class);

  private final String cacheName;
  private final MemoryLevel<K, V> memory;
  private final RunRegistry<K> runs;
  private final StampedeGuard<K, V> guard = new StampedeGuard<>();
  private final TimeSource time;
  private final BackgroundTasks background;
  private final CacheEvents<K> events;
  private final DistributedOperations<K, V> distributed;
  private final Barriers barriers;
  private final EntryClock clock;
  private final ClusterLocks<K> locks;
  /** The bounds of the tags a factory sets. */
  private final Tags tagRules;

  private final OperationObserver observer;

  GetOrSetPipeline(String cacheName, MemoryLevel<K, V> memory, RunRegistry<K> runs, TimeSource time,
      BackgroundTasks background, CacheEvents<K> events, DistributedOperations<K, V> distributed, Barriers barriers,
      EntryClock clock, ClusterLocks<K> locks, Tags tagRules, OperationObserver observer) {
    this.tagRules = tagRules;
    this.cacheName = cacheName;
    this.observer = observer;
    this.memory = memory;
    this.runs = runs;
    this.time = time;
    this.background = background;
    this.events = events;
    this.distributed = distributed;
    this.barriers = barriers;
    this.clock = clock;
    this.locks = locks;
  }

  /**
   * Resolves {@code key} after a missed first read: follows the flight under way, or leads one. The future returned
   * may be the flight's own outcome, shared by every caller of the flight: callers derive their results from it
   * (await it, or chain on it) and never complete or cancel it. Not copying it per caller keeps the release of many
   * waiters to one completion step each.
   */
  CompletableFuture<CacheEntry<V>> getOrLoad(K key, FactoryCall<K, V> factory, EntryOptions options,
      Set<String> tags) {
    while (true) {
      StampedeGuard.Flight<V> other = guard.current(key); // first, so that a follower allocates no flight
      if (other != null) {
        return follow(key, other, factory, options, tags);
      }
      StampedeGuard.Flight<V> mine = guard.tryLead(key, true);
      if (mine != null) {
        CompletableFuture<CacheEntry<V>> led;
        try {
          led = lead(key, factory, options, tags);
        } catch (Throwable t) {
          led = CompletableFuture.failedFuture(t);
        }
        led.whenComplete((entry, error) -> guard.land(key, mine, entry, error));
        return mine.outcome;
      }
      // another caller registered a flight between the two calls: follow it
    }
  }

  private CompletableFuture<CacheEntry<V>> follow(K key, StampedeGuard.Flight<V> other, FactoryCall<K, V> factory,
      EntryOptions options, Set<String> tags) {
    CompletableFuture<CacheEntry<V>> waited = other.outcome;
    if (!other.sharesFailure) {
      waited = waited.exceptionallyCompose(t -> getOrLoad(key, factory, options, tags));
    }
    if (options.lockTimeout().isPresent()) {
      waited = withLockTimeout(waited, key, factory, options, tags, options.lockTimeout().get());
    }
    return waited;
  }

  /**
   * After {@code lockTimeout} a follower stops waiting for the leader and runs the pipeline itself, on a background
   * thread; if the executor is saturated it keeps waiting instead.
   */
  private CompletableFuture<CacheEntry<V>> withLockTimeout(CompletableFuture<CacheEntry<V>> waited, K key,
      FactoryCall<K, V> factory, EntryOptions options, Set<String> tags, Duration lockTimeout) {
    CompletableFuture<CacheEntry<V>> result = new CompletableFuture<>();
    TimeSource.Cancellable timer = time.schedule(() -> {
      if (result.isDone()) {
        return;
      }
      boolean started = background.tryExecute(() -> {
        if (result.isDone()) {
          return;
        }
        LOG.debug("cache '{}': key '{}' waited {} for another caller's factory; running it too", cacheName, key,
            lockTimeout);
        try {
          lead(key, factory, options, tags).whenComplete((e, t) -> complete(result, e, t));
        } catch (Throwable t) {
          result.completeExceptionally(t);
        }
      });
      if (!started) {
        LOG.debug("cache '{}': lock timeout of key '{}' passed, but the executor is saturated: waiting on", cacheName,
            key);
      }
    }, TimeMath.nanos(lockTimeout));
    waited.whenComplete((e, t) -> {
      timer.cancel();
      complete(result, e, t);
    });
    return result;
  }

  /**
   * L1 again, then L2, then the factory. L2 is read within the distributed-level timeouts: past the soft one (only with
   * fail-safe and a fallback in L1) the fallback is returned as it is, without running the factory; past the hard one
   * the read counts as a miss and the factory runs. Either way a fresh entry the read brings later is kept in L1 unless
   * a write, or this call's own factory result, came first.
   */
  private CompletableFuture<CacheEntry<V>> lead(K key, FactoryCall<K, V> factory, EntryOptions options,
      Set<String> tags) {
    long now = time.wallMillis();
    CacheEntry<V> current = options.skipMemoryCacheRead() ? null : memory.get(key);
    if (barriers.fresh(current, now) != null) {
      return CompletableFuture.completedFuture(current); // another caller filled it meanwhile
    }
    CacheEntry<V> local = barriers.fallback(current);
    CacheEntry<V> servable = options.failSafe() ? local : null;
    // started before run, so that the factory result saved under run supersedes a late read
    RunRegistry<K>.Run lateRun = readTimesOut(options, servable) ? runs.start(key) : null;
    RunRegistry<K>.Run run = runs.start(key); // registered before L2 is read: a write made meanwhile wins
    UnreadableEntry unreadable = new UnreadableEntry(); // what the factory result overwrites in L2, if found
    CompletableFuture<CacheEntry<V>> remote;
    try {
      remote = distributed.read(key, options, servable,
          lateRun == null ? null : (found, late) -> readEnded(key, found, late, options, lateRun), unreadable);
    } catch (RuntimeException e) {
      run.close();
      if (lateRun != null) {
        lateRun.close();
      }
      throw e;
    }
    remote.whenComplete((found, error) -> {
      if (error != null) {
        run.close();
      }
    });
    // what follows the read (the factory) runs on a synchronous caller's own thread, whichever thread completed it
    Executor next = SynchronousCallers.executorFor(Runnable::run);
    return remote.thenComposeAsync(found -> {
      try {
        if (found != null && found == servable) {
          run.close(); // soft timeout: the fallback as it is
          return CompletableFuture.completedFuture(found);
        }
        if (barriers.fresh(found, time.wallMillis()) != null) {
          return CompletableFuture.completedFuture(saveFromLevel(key, found, options, run));
        }
        CacheEntry<V> latest = CacheEntry.newer(local, barriers.fallback(found));
        if (locks.appliesTo(options) && !options.skipDistributedCacheRead()) {
          return underClusterLock(key, factory, options, tags, latest, run, unreadable);
        }
        return runFactory(key, factory, options, tags, latest, options.failSafe() ? latest : null, run,
            unreadable);
      } catch (Throwable t) {
        run.close();
        throw t;
      }
    }, next);
  }

  /**
   * The factory run of a miss with distributed locking: take the key's cluster-wide lock, read L2 again (the node that
   * held the lock may have written the value meanwhile: then it is served as read, without a factory run), else run
   * the factory and release the lock once the call is answered, which is after the L2 write unless the options write
   * L2 in the background. A lock not had in time is gone without: the factory runs as it would without locking.
   */
  private CompletableFuture<CacheEntry<V>> underClusterLock(K key, FactoryCall<K, V> factory, EntryOptions options,
      Set<String> tags, CacheEntry<V> latest, RunRegistry<K>.Run run, UnreadableEntry unreadable) {
    Executor next = SynchronousCallers.executorFor(Runnable::run);
    return locks.acquire(key, options).thenComposeAsync(held -> {
      CompletableFuture<CacheEntry<V>> result;
      try {
        if (held == ClusterLocks.NOT_HELD) {
          result = runFactory(key, factory, options, tags, latest, options.failSafe() ? latest : null, run,
              unreadable);
        } else {
          UnreadableEntry unreadableNow = new UnreadableEntry(); // what L2 holds now, if it cannot be read
          CompletableFuture<CacheEntry<V>> again = distributed.read(key, options, null, null, unreadableNow);
          again.whenComplete((found, error) -> {
            if (error != null) {
              run.close();
            }
          });
          result = again.thenComposeAsync(found -> {
            try {
              if (barriers.fresh(found, time.wallMillis()) != null) {
                return CompletableFuture.completedFuture(saveFromLevel(key, found, options, run));
              }
              CacheEntry<V> newest = CacheEntry.newer(latest, barriers.fallback(found));
              return runFactory(key, factory, options, tags, newest, options.failSafe() ? newest : null, run,
                  unreadableNow);
            } catch (Throwable t) {
              run.close();
              throw t;
            }
          }, next);
        }
      } catch (Throwable t) {
        held.close();
        run.close();
        throw t;
      }
      result.whenComplete((entry, error) -> held.close());
      return result;
    }, next);
  }

  /** The single flights of this cache's keys (shared with the bulk loads). */
  StampedeGuard<K, V> guard() {
    return guard;
  }

  /** Whether an L2 read with these options can be cut short by a timeout. */
  static boolean readTimesOut(EntryOptions options, CacheEntry<?> servable) {
    return options.distributedCacheHardTimeout().isPresent()
        || (servable != null && options.distributedCacheSoftTimeout().isPresent());
  }

  /**
   * The end of an L2 read that a timeout may have cut short: a fresh entry it brought after the timeout is kept in L1
   * unless {@code lateRun} was superseded (by a write, or by the factory result of the same call); then the run ends.
   */
  void readEnded(K key, CacheEntry<V> found, boolean late, EntryOptions options, RunRegistry<K>.Run lateRun) {
    try {
      if (late && !options.skipMemoryCacheWrite() && barriers.fresh(found, time.wallMillis()) != null) {
        memory.saveFromLevel(key, found, lateRun);
      }
    } finally {
      lateRun.close();
    }
  }

  /** Keeps a fresh entry read from L2 in L1, with L2's expiration, unless a write superseded the read. */
  private CacheEntry<V> saveFromLevel(K key, CacheEntry<V> found, EntryOptions options, RunRegistry<K>.Run run) {
    try {
      if (!options.skipMemoryCacheWrite()) {
        memory.saveFromLevel(key, found, run);
      }
      return found;
    } finally {
      run.close();
    }
  }

  private CompletableFuture<CacheEntry<V>> runFactory(K key, FactoryCall<K, V> factory, EntryOptions options,
      Set<String> tags, CacheEntry<V> current, CacheEntry<V> fallback, RunRegistry<K>.Run run,
      UnreadableEntry unreadable) {
    EngineFactoryContext<K, V> context = new EngineFactoryContext<>(key, current, options, tags, tagRules);
    events.factoryRun();
    Duration timeout = timeout(options, fallback != null);
    RunningFactory<V> running = started(factory, context, timeout != null);
    if (timeout == null) {
      return running.result.handle((value, error) -> settle(key, context, value, error, options, fallback, run,
          unreadable)).thenCompose(settled -> settled);
    }
    return withFactoryTimeout(key, context, running, timeout, options, fallback, run, unreadable);
  }

  /** Starts a factory run, observed by the observer unless that is {@link OperationObserver#NONE}. */
  private RunningFactory<V> started(FactoryCall<K, V> factory, EngineFactoryContext<K, V> context, boolean offload) {
    if (observer == OperationObserver.NONE) {
      return factory.start(context, background, offload);
    }
    OperationObserver.Observed observed = observer.start(OperationObserver.FACTORY, cacheName);
    RunningFactory<V> running;
    try (OperationObserver.Scope scope = observed.openScope()) { // a factory run on this thread nests its own calls
      running = factory.start(context, background, offload);
    }
    running.result.whenComplete((value, error) -> {
      if (error != null) {
        observed.failed(Failures.unwrap(error));
      }
      observed.stop();
    });
    return running;
  }

  /** The soft timeout applies only with a usable fallback; the hard one always. The earlier wins. */
  static Duration timeout(EntryOptions options, boolean hasFallback) {
    Duration hard = options.factoryHardTimeout().orElse(null);
    Duration soft = hasFallback ? options.factorySoftTimeout().orElse(null) : null;
    if (soft == null) {
      return hard;
    }
    return hard == null || soft.compareTo(hard) < 0 ? soft : hard;
  }

  private CompletableFuture<CacheEntry<V>> withFactoryTimeout(K key, EngineFactoryContext<K, V> context,
      RunningFactory<V> running, Duration timeout, EntryOptions options, CacheEntry<V> fallback,
      RunRegistry<K>.Run run, UnreadableEntry unreadable) {
    CompletableFuture<CacheEntry<V>> result = new CompletableFuture<>();
    AtomicBoolean decided = new AtomicBoolean();
    TimeSource.Cancellable timer = time.schedule(() -> handOff(() -> {
      if (!decided.compareAndSet(false, true)) {
        return;
      }
      events.factoryTimeout(key);
      boolean goesOn = options.allowTimedOutFactoryBackgroundCompletion();
      try {
        if (fallback != null) {
          result.complete(activateFailSafe(key, fallback, options, run));
        } else {
          result.completeExceptionally(new FactoryTimeoutException("the factory for key '" + key + "' of cache '"
              + cacheName + "' did not finish within " + timeout + " and there is no fallback value"
              + (goesOn ? "; it goes on in the background and will update the cache when it completes"
                  : "; it was abandoned")));
        }
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
      if (goesOn) {
        running.result.whenComplete((value, error) -> completeInBackground(key, context, value, error, run,
            unreadable));
      } else {
        running.abandon();
        run.close();
      }
    }), TimeMath.nanos(timeout));
    running.result.whenComplete((value, error) -> {
      if (!decided.compareAndSet(false, true)) {
        return;
      }
      timer.cancel();
      try {
        settle(key, context, value, error, options, fallback, run, unreadable)
            .whenComplete((e, t) -> complete(result, e, t));
      } catch (Throwable t) {
        result.completeExceptionally(Failures.unwrap(t));
      }
    });
    return result;
  }

  /**
   * The outcome of a foreground run: save its entry in L1, then L2 and the backplane (completing when the options say
   * the caller waits no longer), or fall back, or fail.
   */
  private CompletableFuture<CacheEntry<V>> settle(K key, EngineFactoryContext<K, V> context, V value,
      Throwable error, EntryOptions options, CacheEntry<V> fallback, RunRegistry<K>.Run run,
      UnreadableEntry unreadable) {
    try {
      Throwable failure = failureOf(key, context, error);
      if (failure == null) {
        CacheEntry<V> entry = context.toEntry(value, clock.stamp());
        distributed.refuseUnwritable(key, entry, context.options()); // re-throwing: nothing is cached
        if (!save(key, entry, context.options(), run)) {
          return CompletableFuture.completedFuture(entry);
        }
        return distributed.written(key, entry, context.options(), false, unreadable.bytes()).thenApply(v -> entry);
      }
      events.factoryError(key, failure);
      if (fallback != null) {
        LOG.debug("cache '{}': factory of key '{}' failed ({}); serving the fallback value", cacheName, key,
            failure.toString());
        return CompletableFuture.completedFuture(activateFailSafe(key, fallback, options, run));
      }
      throw Failures.unchecked(failure, key, cacheName);
    } finally {
      run.close();
    }
  }

  private void completeInBackground(K key, EngineFactoryContext<K, V> context, V value, Throwable error,
      RunRegistry<K>.Run run, UnreadableEntry unreadable) {
    try {
      Throwable failure = failureOf(key, context, error);
      if (failure == null) {
        CacheEntry<V> entry = context.toEntry(value, clock.stamp());
        if (save(key, entry, context.options(), run)) {
          distributed.written(key, entry, context.options(), false, unreadable.bytes());
        }
        events.backgroundFactorySuccess(key);
      } else {
        LOG.debug("cache '{}': background factory of key '{}' failed", cacheName, key, failure);
        events.backgroundFactoryError(key, failure);
      }
    } catch (Throwable t) {
      LOG.warn("cache '{}': could not save the background result of key '{}'", cacheName, key, t);
    } finally {
      run.close();
    }
  }

  /**
   * Saves a run's entry in L1 unless a later write superseded it; returns whether the entry is the run's to spread
   * (saved, or not superseded when L1 writes are skipped).
   */
  boolean save(K key, CacheEntry<V> entry, EntryOptions options, RunRegistry<K>.Run run) {
    if (options.skipMemoryCacheWrite()) {
      return !run.isSuperseded();
    }
    CacheEntry<V> kept = memory.capped(entry); // L1's copy; L2 gets the entry as it is
    boolean saved = memory.saveFromRun(key, kept, run) == kept;
    if (saved) {
      events.set(key);
    }
    return saved;
  }

  /**
   * Serves {@code fallback} as a stale value and re-saves it for the throttle duration, so the failing source is not
   * called again on every read. If a newer fresh value landed meanwhile, that one is returned instead.
   */
  CacheEntry<V> activateFailSafe(K key, CacheEntry<V> fallback, EntryOptions options,
      RunRegistry<K>.Run run) {
    long now = time.wallMillis();
    CacheEntry<V> throttled = fallback.throttled(TimeMath.plus(now, TimeMath.millis(options.failSafeThrottleDuration())));
    events.failSafeActivated(key);
    if (options.skipMemoryCacheWrite()) {
      return throttled;
    }
    CacheEntry<V> saved = memory.saveFromRun(key, throttled, run);
    return saved != null && saved != throttled && saved.isFresh(now) ? saved : throttled;
  }

  /** Starts a background refresh of {@code key} unless a run is already under way; never blocks the caller. */
  void eagerRefresh(K key, FactoryCall<K, V> factory, EntryOptions options, Set<String> tags,
      CacheEntry<V> current) {
    StampedeGuard.Flight<V> flight = guard.tryLead(key, false);
    if (flight == null) {
      return;
    }
    EngineFactoryContext<K, V> context = new EngineFactoryContext<>(key, current, options, tags, tagRules);
    RunRegistry<K>.Run run = runs.start(key);
    boolean accepted = background.tryExecute(() -> {
      events.factoryRun();
      started(factory, context, false).result.whenComplete((value, error) -> {
        CacheEntry<V> entry = null;
        Throwable failure = null;
        try {
          failure = failureOf(key, context, error);
          if (failure == null) {
            entry = context.toEntry(value, clock.stamp());
            if (save(key, entry, context.options(), run)) {
              distributed.written(key, entry, context.options(), false);
            }
            events.backgroundFactorySuccess(key);
          } else {
            LOG.debug("cache '{}': eager refresh of key '{}' failed", cacheName, key, failure);
            events.backgroundFactoryError(key, failure);
          }
        } catch (Throwable t) {
          failure = t;
        } finally {
          run.close();
          guard.land(key, flight, entry, failure);
        }
      });
    });
    if (accepted) {
      events.eagerRefresh(key);
    } else {
      run.close();
      events.droppedBackgroundTask("eager refresh of key '" + key + "' of cache '" + cacheName + "'");
      guard.land(key, flight, null, new RejectedExecutionException("background executor saturated"));
    }
  }

  private Throwable failureOf(K key, EngineFactoryContext<K, V> context, Throwable error) {
    if (error != null) {
      return Failures.unwrap(error);
    }
    if (context.failure() != null) {
      return new FactoryFailedException("the factory for key '" + key + "' of cache '" + cacheName + "' failed: "
          + context.failure(), null);
    }
    return null;
  }

  /** Runs timer work off the timer thread, so callers' continuations never run on it. */
  private void handOff(Runnable work) {
    if (!background.tryExecute(work)) {
      work.run();
    }
  }

  private static <T> void complete(CompletableFuture<T> target, T value, Throwable error) {
    if (error != null) {
      target.completeExceptionally(Failures.unwrap(error));
    } else {
      target.complete(value);
    }
  }
}

package io.hybridcache.engine;

import io.hybridcache.AsyncBulkFactory;
import io.hybridcache.BulkFactory;
import io.hybridcache.EntryOptions;
import io.hybridcache.FactoryTimeoutException;
import io.hybridcache.spi.SynchronousCallers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bulk loads of one cache ({@code getOrSetAll}): each key as {@code getOrSet} gets it, the keys L1 does not serve
 * read from L2 in one bulk read, the keys still missing produced by one call of the bulk factory, its values written
 * to L2 in one {@link LevelBatch}.
 *
 * <p>Each key this call loads is a single flight of the {@link StampedeGuard} (so a concurrent {@code getOrSet} of it
 * follows this load) and a run of the {@link RunRegistry} from before the L2 read (so a write made meanwhile wins).
 * The flights do not share a failure: a caller that followed a key this load did not produce (left out by the
 * factory, or failed with no fallback) loads it again on its own. A key another caller is loading is followed; when
 * that load gives nothing for it, this call loads it again, alone. The factory timeouts apply per key, as to
 * {@code getOrSet}: the soft one to a key with a fallback under fail-safe, the hard one to every key; a key past its
 * timeout is answered with its fallback, else a {@link FactoryTimeoutException}, while the others wait on, and the
 * factory's value of it is saved when it comes if {@code allowTimedOutFactoryBackgroundCompletion}. Counted per key as {@code getOrSet} counts: a
 * hit or a miss in L1, a factory run and a factory error per key given to the factory, a fail-safe activation.
 */
final class BulkLoads<K, V> {
  private static final Logger LOG = LoggerFactory.getLogger(BulkLoads.class);
  /** The outcome of a flight whose key the factory left out: its followers load it on their own. */
  private static final Exception LEFT_OUT = new RuntimeException("left out by the bulk factory", null, false,
      false) { };

  private final String name;
  private final TimeSource time;
  private final BackgroundTasks background;
  private final MemoryLevel<K, V> memory;
  private final RunRegistry<K> runs;
  private final CacheEvents<K> events;
  private final DistributedOperations<K, V> distributed;
  private final Barriers barriers;
  private final EntryClock clock;
  private final ReadOnlyLookup<K, V> lookup;
  private final GetOrSetPipeline<K, V> pipeline;
  private final StampedeGuard<K, V> guard;

  BulkLoads(String name, TimeSource time, BackgroundTasks background, MemoryLevel<K, V> memory, RunRegistry<K> runs, CacheEvents<K> events,
      DistributedOperations<K, V> distributed, Barriers barriers, EntryClock clock, ReadOnlyLookup<K, V> lookup,
      GetOrSetPipeline<K, V> pipeline) {
    this.name = name;
    this.time = time;
    this.background = background;
    this.memory = memory;
    this.runs = runs;
    this.events = events;
    this.distributed = distributed;
    this.barriers = barriers;
    this.clock = clock;
    this.lookup = lookup;
    this.pipeline = pipeline;
    this.guard = pipeline.guard();
  }

  /** A bulk factory, synchronous or asynchronous, behind one way of starting it. */
  @FunctionalInterface
  interface BulkCall<K, V> {
    /**
     * Starts the factory on {@code keys}, a synchronous one on the background executor when {@code offload} (a
     * timeout applies; inline when the executor refuses it); a throw is the returned future's failure.
     */
    CompletableFuture<Map<K, V>> start(Set<K> keys, BackgroundTasks background, boolean offload);

    static <K, V> BulkCall<K, V> sync(BulkFactory<K, V> factory) {
      Objects.requireNonNull(factory, "factory must not be null");
      return (keys, background, offload) -> {
        CompletableFuture<Map<K, V>> result = new CompletableFuture<>();
        Runnable task = () -> {
          try {
            result.complete(factory.create(keys));
          } catch (Throwable t) {
            result.completeExceptionally(t);
          }
        };
        if (!offload || !background.tryExecute(task)) {
          SynchronousCallers.withoutWaiting(task); // the user's code: what it starts is not completed on our wait
        }
        return result;
      };
    }

    static <K, V> BulkCall<K, V> async(AsyncBulkFactory<K, V> factory) {
      Objects.requireNonNull(factory, "factory must not be null");
      return (keys, background, offload) -> {
        CompletableFuture<Map<K, V>> result = new CompletableFuture<>();
        try {
          CompletionStage<Map<K, V>> stage = Objects.requireNonNull(factory.create(keys),
              "the async bulk factory returned a null stage");
          stage.whenComplete((map, t) -> {
            if (t != null) {
              result.completeExceptionally(t);
            } else {
              result.complete(map);
            }
          });
        } catch (Throwable t) {
          result.completeExceptionally(t);
        }
        return result;
      };
    }
  }

  /**
   * The values of {@code keys} got as {@code getOrSet} gets each (see the class comment), in a new map the caller
   * owns iterated in the order of {@code keys}.
   *
   * @throws NullPointerException when {@code keys}, one of them, {@code factory} or {@code options} is null
   */
  CompletableFuture<Map<K, V>> getOrSetAll(Set<? extends K> keys, BulkCall<K, V> factory, EntryOptions options) {
    List<K> checked = BulkReads.checkedKeys(keys);
    Objects.requireNonNull(factory, "factory must not be null");
    Objects.requireNonNull(options, "options must not be null");
    List<CompletableFuture<V>> values = new ArrayList<>(checked.size());
    Load load = new Load(factory, options);
    long now = time.recentWallMillis();
    for (K key : checked) {
      CacheEntry<V> local = options.skipMemoryCacheRead() ? null : memory.peek(key);
      if (lookup.served(key, local, now)) {
        values.add(CompletableFuture.completedFuture(local.value()));
        continue;
      }
      lookup.unserved(key, local, now);
      events.miss(key);
      values.add(leadOrFollow(key, load));
    }
    load.start();
    return CompletableFuture.allOf(values.toArray(CompletableFuture<?>[]::new)).thenApply(v -> {
      Map<K, V> result = new LinkedHashMap<>(Math.max(16, checked.size() * 2));
      for (int i = 0; i < checked.size(); i++) {
        V value = values.get(i).join();
        if (value != null) {
          result.put(checked.get(i), value);
        }
      }
      return result;
    });
  }

  /** Adds {@code key} to {@code load} as its leader, or follows the flight another caller leads. */
  private CompletableFuture<V> leadOrFollow(K key, Load load) {
    while (true) {
      StampedeGuard.Flight<V> other = guard.current(key);
      if (other != null) {
        return other.outcome.handle((entry, error) -> {
          if (error == null) {
            return CompletableFuture.completedFuture(entry == null ? null : entry.value());
          }
          if (other.sharesFailure) {
            return CompletableFuture.<V>failedFuture(Failures.unwrap(error));
          }
          LOG.debug("cache '{}': the load of key '{}' this bulk call followed gave nothing; loading it again", name,
              key);
          return getOrSetAll(Set.of(key), load.factory, load.options).thenApply(found -> found.get(key));
        }).thenCompose(value -> value);
      }
      StampedeGuard.Flight<V> mine = guard.tryLead(key, false);
      if (mine != null) {
        return load.add(key, mine);
      }
    }
  }

  /** Runs timer work off the timer thread, so callers' continuations never run on it. */
  private void handOff(Runnable work) {
    if (!background.tryExecute(work)) {
      work.run();
    }
  }

  /** The keys one call leads: read from L2 together, then given to one factory call together. */
  private final class Load {
    final BulkCall<K, V> factory;
    final EntryOptions options;
    final List<K> keys = new ArrayList<>();
    final List<StampedeGuard.Flight<V>> flights = new ArrayList<>();
    final List<RunRegistry<K>.Run> started = new ArrayList<>();
    final List<CacheEntry<V>> fallbacks = new ArrayList<>();
    final List<CompletableFuture<V>> outcomes = new ArrayList<>();
    /** Whether key i's caller was answered (set once, by the factory's outcome or by the key's timeout). */
    final List<AtomicBoolean> answered = new ArrayList<>();

    Load(BulkCall<K, V> factory, EntryOptions options) {
      this.factory = factory;
      this.options = options;
    }

    /** Leads {@code key}: served from L1 when another caller filled it meanwhile, else loaded with the others. */
    CompletableFuture<V> add(K key, StampedeGuard.Flight<V> flight) {
      CacheEntry<V> current = options.skipMemoryCacheRead() ? null : memory.get(key);
      if (barriers.fresh(current, time.wallMillis()) != null) {
        guard.land(key, flight, current, null);
        return CompletableFuture.completedFuture(current.value());
      }
      keys.add(key);
      flights.add(flight);
      started.add(runs.start(key)); // registered before L2 is read: a write made meanwhile wins
      fallbacks.add(barriers.fallback(current));
      CompletableFuture<V> outcome = new CompletableFuture<>();
      outcomes.add(outcome);
      answered.add(new AtomicBoolean());
      return outcome;
    }

    /** Reads the keys led from L2 in one bulk read, then loads those still missing; ends every flight and run. */
    void start() {
      if (keys.isEmpty()) {
        return;
      }
      CompletableFuture<List<CacheEntry<V>>> read;
      try {
        read = lookup.readsLevel(options) ? distributed.readAll(keys, options)
            : CompletableFuture.completedFuture(Collections.nCopies(keys.size(), null));
      } catch (RuntimeException e) {
        read = CompletableFuture.failedFuture(e);
      }
      // the factory runs on a synchronous caller's own thread, whichever thread completed the read
      Executor next = SynchronousCallers.executorFor(Runnable::run);
      read.whenCompleteAsync((entries, error) -> {
        try {
          if (error != null) {
            failAll(Failures.unwrap(error));
          } else {
            loadMissing(entries);
          }
        } catch (Throwable t) {
          failAll(t);
        }
      }, next);
    }

    private void loadMissing(List<CacheEntry<V>> entries) {
      long readAt = time.wallMillis();
      List<Integer> missing = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        CacheEntry<V> remote = entries.get(i);
        if (barriers.fresh(remote, readAt) != null) {
          if (!options.skipMemoryCacheWrite()) {
            memory.saveFromLevel(keys.get(i), remote, started.get(i));
          }
          end(i, remote, null);
        } else {
          fallbacks.set(i, CacheEntry.newer(fallbacks.get(i), barriers.fallback(remote)));
          missing.add(i);
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      Set<K> asked = new LinkedHashSet<>();
      List<TimeSource.Cancellable> timers = new ArrayList<>();
      for (int i : missing) {
        asked.add(keys.get(i));
        events.factoryRun();
        Duration timeout = GetOrSetPipeline.timeout(options, options.failSafe() && fallbacks.get(i) != null);
        if (timeout != null) {
          timers.add(time.schedule(() -> handOff(() -> timedOut(i, timeout)), TimeMath.nanos(timeout)));
        }
      }
      boolean offload = !timers.isEmpty();
      factory.start(Collections.unmodifiableSet(asked), background, offload).whenComplete((made, error) -> {
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
      Throwable failure = error != null ? Failures.unwrap(error) : nullIn(missing, made);
      if (failure != null) {
        failSafe(missing, failure);
        return;
      }
      List<CacheEntry<V>> entries = new ArrayList<>(missing.size());
      for (int i : missing) {
        V value = made.get(keys.get(i));
        CacheEntry<V> entry = value == null ? null : CacheEntry.create(value, clock.stamp(), options, Set.of(), null,
            null);
        if (entry != null) {
          distributed.refuseUnwritable(keys.get(i), entry, options); // re-throwing: nothing is cached
        }
        entries.add(entry);
      }
      LevelBatch batch = distributed.batch();
      try {
        for (int m = 0; m < missing.size(); m++) {
          int i = missing.get(m);
          CacheEntry<V> entry = entries.get(m);
          if (answered.get(i).get()) { // timed out: the caller was answered; saved if the options say so
            if (!options.allowTimedOutFactoryBackgroundCompletion()) {
              continue;
            }
            events.backgroundFactorySuccess(keys.get(i));
          }
          if (entry == null) {
            end(i, null, LEFT_OUT);
          } else if (pipeline.save(keys.get(i), entry, options, started.get(i))) {
            distributed.loadedIn(batch, keys.get(i), entry, options)
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

    /** A NullPointerException naming the first key of {@code missing} whose value {@code made} holds as null. */
    private Throwable nullIn(List<Integer> missing, Map<K, V> made) {
      if (made == null) {
        return new NullPointerException("the bulk factory of cache '" + name + "' returned a null map; return an "
            + "empty map when it found nothing");
      }
      for (int i : missing) {
        K key = keys.get(i);
        if (made.get(key) == null && made.containsKey(key)) {
          return new NullPointerException("the bulk factory of cache '" + name + "' returned null for key '" + key
              + "'; a cache cannot store null: leave the key out of the map");
        }
      }
      return null;
    }

    /** The factory failed: each key with a fallback is served it under fail-safe, the others fail. */
    private void failSafe(List<Integer> missing, Throwable failure) {
      for (int i : missing) {
        K key = keys.get(i);
        if (answered.get(i).get()) { // timed out: the caller was answered
          events.backgroundFactoryError(key, failure);
          started.get(i).close();
          continue;
        }
        events.factoryError(key, failure);
        CacheEntry<V> fallback = fallbacks.get(i);
        if (options.failSafe() && fallback != null) {
          LOG.debug("cache '{}': bulk factory failed for key '{}' ({}); serving the fallback value", name, key,
              failure.toString());
          end(i, pipeline.activateFailSafe(key, fallback, options, started.get(i)), null);
        } else {
          end(i, null, Failures.unchecked(failure, key, name));
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
      events.factoryTimeout(key);
      boolean goesOn = options.allowTimedOutFactoryBackgroundCompletion();
      try {
        if (options.failSafe() && fallbacks.get(i) != null) {
          answer(i, pipeline.activateFailSafe(key, fallbacks.get(i), options, started.get(i)), null);
        } else {
          answer(i, null, new FactoryTimeoutException("the bulk factory for key '" + key + "' of cache '" + name
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

    /** Ends key {@code i}: closes its run, then answers it unless its timeout did. */
    private void end(int i, CacheEntry<V> entry, Throwable error) {
      started.get(i).close();
      if (answered.get(i).compareAndSet(false, true)) {
        answer(i, entry, error);
      }
    }

    /** Answers key {@code i}: its flight (followers see {@code entry} or {@code error}), then its caller. */
    private void answer(int i, CacheEntry<V> entry, Throwable error) {
      guard.land(keys.get(i), flights.get(i), entry, error);
      if (error == LEFT_OUT) {
        outcomes.get(i).complete(null);
      } else if (error != null) {
        outcomes.get(i).completeExceptionally(error instanceof CompletionException c ? c.getCause() : error);
      } else {
        outcomes.get(i).complete(entry.value());
      }
    }
  }
}

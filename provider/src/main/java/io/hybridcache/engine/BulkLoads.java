package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import io.hybridcache.FactoryTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bulk loads of one cache ({@code getOrSetAll}): each key as {@code getOrSet} gets it, the keys L1 does not serve
 * read from L2 in one bulk read, the keys still missing produced by one call of the bulk factory, its values written
 * to L2 in one {@link LevelBatch} (see {@link BulkLoad} for the read's timeouts and distributed locking).
 *
 * <p>Each key this call loads is a single flight of the {@link StampedeGuard} (so a concurrent {@code getOrSet} of it
 * follows this load) and a run of the {@link RunRegistry} from before the L2 read (so a write made meanwhile wins).
 * The flights do not share a failure: a caller that followed a key this load did not produce (left out by the
 * factory, or failed with no fallback) loads it again on its own. A key another caller is loading is followed; when
 * that load gives nothing for it, this call loads it again, alone; past the options' {@code lockTimeout} this call
 * stops waiting and loads the keys it followed itself, in one more factory call (when the executor takes the work,
 * else it waits on, as {@code getOrSet} does). The factory timeouts apply per key, as to {@code getOrSet}: the soft one
 * to a key with a fallback under fail-safe, the hard one to every key; a key past its timeout is answered with its
 * fallback, else a {@link FactoryTimeoutException}, while the others wait on, and the factory's value of it is saved
 * when it comes if {@code allowTimedOutFactoryBackgroundCompletion}. Every entry the call creates carries its tags.
 * Keys served from L1 or L2 past their eager-refresh point are refreshed in the background by one more factory call
 * ({@link BulkRefresh}). Counted per key as {@code getOrSet} counts: a hit or a miss in L1, a factory run and a
 * factory error per key given to the factory, a fail-safe activation.
 */
final class BulkLoads<K, V> {
  private static final Logger LOG = LoggerFactory.getLogger(BulkLoads.class);

  private final BulkParts<K, V> parts;
  private final Tags tagRules;
  private final BulkRefresh<K, V> refresh;

  BulkLoads(BulkParts<K, V> parts, Tags tagRules) {
    this.parts = parts;
    this.tagRules = tagRules;
    this.refresh = new BulkRefresh<>(parts);
  }

  /**
   * The values of {@code keys} got as {@code getOrSet} gets each (see the class comment), in a new map the caller
   * owns iterated in the order of {@code keys}. The tags are checked first, whatever L1 holds.
   *
   * @throws NullPointerException when {@code keys}, one of them, {@code factory}, {@code options} or {@code tags} is
   *     null
   * @throws IllegalArgumentException when the tags break the bounds of an entry's tags
   */
  CompletableFuture<Map<K, V>> getOrSetAll(Set<? extends K> keys, BulkCall<K, V> factory, EntryOptions options,
      Set<String> tags) {
    List<K> checked = BulkReads.checkedKeys(keys);
    Objects.requireNonNull(factory, "factory must not be null");
    Objects.requireNonNull(options, "options must not be null");
    Objects.requireNonNull(tags, "tags must not be null (use Set.of() for none)");
    Set<String> checkedTags = tagRules.ofEntry(tags);
    List<CompletableFuture<V>> values = new ArrayList<>(checked.size());
    List<K> stale = new ArrayList<>();
    List<K> followed = new ArrayList<>();
    List<Integer> followedAt = new ArrayList<>();
    BulkLoad<K, V> load = new BulkLoad<>(parts, factory, options, checkedTags, fromLevel -> {
      List<K> all = new ArrayList<>(stale);
      all.addAll(fromLevel);
      if (!all.isEmpty()) {
        refresh.start(all, factory, options, checkedTags);
      }
    });
    long now = parts.time.recentWallMillis();
    for (K key : checked) {
      CacheEntry<V> local = options.skipMemoryCacheRead() ? null : parts.memory.peek(key);
      if (parts.lookup.served(key, local, now)) {
        values.add(CompletableFuture.completedFuture(local.value()));
        if (local.eagerRefreshAt() <= now) {
          stale.add(key);
        }
        continue;
      }
      parts.lookup.unserved(key, local, now);
      parts.events.miss(key);
      StampedeGuard.Flight<V> other = leadOrFollow(key, load, values);
      if (other != null) {
        followed.add(key);
        followedAt.add(values.size());
        values.add(follow(key, other, factory, options, checkedTags));
      }
    }
    load.start();
    if (options.lockTimeout().isPresent() && !followed.isEmpty()) {
      List<CompletableFuture<V>> waited = new ArrayList<>(followed.size());
      followedAt.forEach(at -> waited.add(values.get(at)));
      List<CompletableFuture<V>> results = stopWaitingAfter(options.lockTimeout().get(), followed, waited, factory,
          options, checkedTags);
      for (int i = 0; i < followedAt.size(); i++) {
        values.set(followedAt.get(i), results.get(i));
      }
    }
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

  /**
   * Adds {@code key} to {@code load} as its leader (its outcome added to {@code values}), or returns the flight another
   * caller leads, for the caller to follow.
   */
  private StampedeGuard.Flight<V> leadOrFollow(K key, BulkLoad<K, V> load, List<CompletableFuture<V>> values) {
    while (true) {
      StampedeGuard.Flight<V> other = parts.guard.current(key);
      if (other != null) {
        return other;
      }
      StampedeGuard.Flight<V> mine = parts.guard.tryLead(key, false);
      if (mine != null) {
        values.add(load.add(key, mine));
        return null;
      }
    }
  }

  /**
   * Follows the flight {@code other} of {@code key}: its value, its failure when the flight shares it, else (nothing
   * came of it) a load of the key alone.
   */
  private CompletableFuture<V> follow(K key, StampedeGuard.Flight<V> other, BulkCall<K, V> factory,
      EntryOptions options, Set<String> tags) {
    return other.outcome.handle((entry, error) -> {
      if (error == null) {
        return CompletableFuture.completedFuture(entry == null ? null : entry.value());
      }
      if (other.sharesFailure) {
        return CompletableFuture.<V>failedFuture(Failures.unwrap(error));
      }
      LOG.debug("cache '{}': the load of key '{}' this bulk call followed gave nothing; loading it again", parts.name,
          key);
      return alone(key, factory, options, tags);
    }).thenCompose(value -> value);
  }

  private CompletableFuture<V> alone(K key, BulkCall<K, V> factory, EntryOptions options, Set<String> tags) {
    return getOrSetAll(Set.of(key), factory, options, tags).thenApply(found -> found.get(key));
  }

  /**
   * Past {@code wait} (the options' {@code lockTimeout}), the keys of {@code followed} whose flights have not landed
   * are loaded by this call in one more factory call, without flights of their own (the flights they followed still
   * run); each key's value is then whichever comes first (the returned futures, one per key). Runs on the background
   * executor; if it is saturated, the keys wait on for their flights.
   */
  private List<CompletableFuture<V>> stopWaitingAfter(Duration wait, List<K> followed,
      List<CompletableFuture<V>> values, BulkCall<K, V> factory, EntryOptions options, Set<String> tags) {
    List<CompletableFuture<V>> results = new ArrayList<>(followed.size());
    for (CompletableFuture<V> value : values) {
      CompletableFuture<V> result = new CompletableFuture<>();
      value.whenComplete((v, t) -> complete(result, v, t));
      results.add(result);
    }
    TimeSource.Cancellable timer = parts.time.schedule(() -> {
      boolean taken = parts.background.tryExecute(() -> {
        BulkLoad<K, V> late = new BulkLoad<>(parts, factory, options, tags, fromLevel -> { });
        for (int i = 0; i < followed.size(); i++) {
          if (results.get(i).isDone()) {
            continue;
          }
          LOG.debug("cache '{}': key '{}' waited {} for another caller's factory; loading it too", parts.name,
              followed.get(i), wait);
          CompletableFuture<V> result = results.get(i);
          late.add(followed.get(i), new StampedeGuard.Flight<>(false)) // not registered: nobody follows it
              .whenComplete((v, t) -> complete(result, v, t));
        }
        late.start();
      });
      if (!taken) {
        LOG.debug("cache '{}': lock timeout of {} keys passed, but the executor is saturated: waiting on", parts.name,
            followed.size());
      }
    }, TimeMath.nanos(wait));
    CompletableFuture.allOf(results.toArray(CompletableFuture<?>[]::new)).whenComplete((v, t) -> timer.cancel());
    return results;
  }

  private static <T> void complete(CompletableFuture<T> target, T value, Throwable error) {
    if (error != null) {
      target.completeExceptionally(Failures.unwrap(error));
    } else {
      target.complete(value);
    }
  }
}

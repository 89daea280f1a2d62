package io.hybridcache.jcache;

import io.hybridcache.EntryOptions;
import io.hybridcache.FactoryFailedException;
import io.hybridcache.engine.CacheEntry;
import io.hybridcache.engine.EntryAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;

/**
 * A cache's {@link CacheLoader}. A read-through {@code get} runs the loader as the factory of the engine's
 * {@code getOrSet}: one load per key however many callers miss at once, and with fail-safe on, a failing loader is
 * answered with the last value. A read-through {@code getAll} and {@code loadAll} run it as the bulk factory of the
 * engine's {@code getOrSetAll}: one {@link CacheLoader#loadAll} call for the keys missing, one distributed write for
 * what it returns. Every failure of the loader reaches the caller as a {@link CacheLoaderException}.
 */
final class ReadThrough<K, V> {
  /** What the factory returns when the loader found nothing: never stored, mapped back to null. */
  private static final Object NO_VALUE = new Object();

  private final HybridJCache<K, V> cache;
  private final CacheLoader<K, V> loader;
  private final boolean active;

  ReadThrough(HybridJCache<K, V> cache, CacheLoader<K, V> loader, boolean readThrough) {
    this.cache = cache;
    this.loader = loader;
    this.active = readThrough && loader != null;
  }

  /** Whether misses of {@code get}, {@code getAll} and entry processors load (the cache is read-through). */
  boolean isActive() {
    return active;
  }

  /** Whether a loader is configured ({@code loadAll} works with one even when the cache is not read-through). */
  boolean hasLoader() {
    return loader != null;
  }

  CacheLoader<K, V> loader() {
    return loader;
  }

  /** Loads the value of a missed key, stores it as a new entry and returns it (copied out); null if none. */
  V load(K key, EventBatch<K, V> batch) {
    K stored = cache.copyIn(key);
    boolean[] ran = new boolean[1]; // this caller's load produced a value to store: its CREATED event is ours
    Object result;
    try {
      result = cache.engine().getOrSet(stored, ctx -> {
        V value = loader.load(stored);
        EntryAccess<K, V> access = cache.access();
        long now = access.now();
        long expiration = value == null ? now : cache.expiry().onCreation(now);
        EntryOptions.Builder options = ctx.options().toBuilder();
        if (expiration <= now) {
          ctx.options(options.skipMemoryCacheWrite(true).skipDistributedCacheWrite(true)
              .skipBackplaneNotifications(true).build());
          @SuppressWarnings("unchecked")
          V none = value == null ? (V) NO_VALUE : cache.copyIn(value);
          return none;
        }
        long millis = expiration == Long.MAX_VALUE ? Long.MAX_VALUE : expiration - now;
        ctx.options(options.duration(Duration.ofMillis(millis)).build());
        ran[0] = true;
        return cache.copyIn(value);
      }, cache.options());
    } catch (RuntimeException e) {
      throw wrapped(e);
    }
    if (result == NO_VALUE) {
      return null;
    }
    @SuppressWarnings("unchecked")
    V value = (V) result;
    if (ran[0]) {
      batch.created(stored, value);
    }
    return cache.copyOut(value);
  }

  /**
   * Loads {@code keys}, which the caller just found absent (their distributed reads made: none is read again), as the
   * factory of the engine's {@code getOrSetAll}: the keys no other caller of this node is loading go to one
   * {@link CacheLoader#loadAll} call (a concurrent {@code get} of one of them follows this load), and what it returns
   * is stored with one distributed write, each new entry with its {@code CREATED} event. The expiry policy is asked
   * for the creation duration once per entry the loader returned; the first answer is asked before the loader runs
   * and sets every entry's duration, a later zero answer leaves its entry out (returned, not stored). A key the
   * loader leaves out, or maps to null, is absent. Under fail-safe, a failing loader is answered per key with the
   * fallback L1 holds; one only L2 holds is not read again for it (a single {@code get} would find it).
   *
   * @return the values found (copied out), by key (copied in)
   */
  Map<K, V> loadMissing(Collection<? extends K> keys, EventBatch<K, V> batch) {
    Set<K> stored = new LinkedHashSet<>();
    for (K key : keys) {
      stored.add(cache.copyIn(key));
    }
    EntryAccess<K, V> access = cache.access();
    long now = access.now();
    long first = cache.expiry().onCreation(now);
    EntryOptions.Builder options = cache.options().toBuilder().skipDistributedCacheRead(true);
    if (first > now) {
      options.duration(Duration.ofMillis(first == Long.MAX_VALUE ? Long.MAX_VALUE : first - now));
    }
    Map<K, V> values = new ConcurrentHashMap<>(); // the factory runs on another thread when a timeout applies
    Set<K> created = ConcurrentHashMap.newKeySet();
    boolean[] firstTaken = new boolean[1];
    Map<K, V> found;
    try {
      found = cache.engine().getOrSetAll(stored, asked -> {
        Map<K, V> loaded = loader.loadAll(asked);
        Map<K, V> made = new LinkedHashMap<>();
        for (K key : asked) {
          V value = loaded == null ? null : loaded.get(key);
          if (value == null) {
            continue;
          }
          V copy = cache.copyIn(value);
          values.put(key, copy);
          long at = access.now();
          long expiration = firstTaken[0] ? cache.expiry().onCreation(at) : first;
          firstTaken[0] = true;
          if (first > now && expiration > at) {
            made.put(key, copy);
            created.add(key);
          }
        }
        return made;
      }, options.build());
    } catch (RuntimeException e) {
      throw wrapped(e);
    }
    Map<K, V> result = new LinkedHashMap<>();
    for (K key : stored) {
      V value = found.get(key);
      if (value != null && created.contains(key)) {
        batch.created(key, value);
      }
      value = value != null ? value : values.get(key);
      if (value != null) {
        result.put(key, cache.copyOut(value));
      }
    }
    return result;
  }

  /**
   * Loads every key of {@code keys} with one {@link CacheLoader#loadAll} call, present or not (the JSR's
   * {@code loadAll} replacing existing values), and stores what it returns with one distributed write: a key that
   * held a live entry is updated ({@code UPDATED}, the policy's update duration), the others created. The keys are
   * looked up first in one distributed read, so that an entry only the distributed level held counts as present.
   */
  void reloadAll(Collection<? extends K> keys, EventBatch<K, V> batch) {
    List<K> stored = new ArrayList<>(keys.size());
    for (K key : keys) {
      stored.add(cache.copyIn(key));
    }
    EntryAccess<K, V> access = cache.access();
    access.lookupAll(stored);
    Map<K, V> loaded;
    try {
      loaded = loader.loadAll(stored);
    } catch (RuntimeException e) {
      throw wrapped(e);
    }
    if (loaded == null) {
      return;
    }
    Map<K, V> values = new LinkedHashMap<>();
    for (K key : stored) {
      V value = loaded.get(key);
      if (value != null) {
        values.put(key, cache.copyIn(value));
      }
    }
    access.computeAll(new ArrayList<>(values.keySet()), (k, current) -> {
      long now = access.now();
      CacheEntry<V> live = cache.transitions().live(k, current, now, batch);
      return cache.transitions().store(k, live, current, values.get(k), now, batch);
    });
  }

  /** Loads one value for an entry processor that read an absent entry; null if the loader has none. */
  V loadForProcessor(K key) {
    try {
      return loader.load(key);
    } catch (RuntimeException e) {
      throw wrapped(e);
    }
  }

  private static CacheLoaderException wrapped(RuntimeException e) {
    if (e instanceof CacheLoaderException) {
      return (CacheLoaderException) e;
    }
    Throwable cause = e instanceof FactoryFailedException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof CacheLoaderException) {
      return (CacheLoaderException) cause;
    }
    return new CacheLoaderException("the cache loader failed: " + cause, cause);
  }
}

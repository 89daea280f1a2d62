package io.hybridcache.jcache;

import io.hybridcache.EntryOptions;
import io.hybridcache.FactoryFailedException;
import io.hybridcache.engine.CacheEntry;
import io.hybridcache.engine.EntryAccess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;

/**
 * A cache's {@link CacheLoader}. A read-through {@code get} runs the loader as the factory of the engine's
 * {@code getOrSet}: one load per key however many callers miss at once, and with fail-safe on, a failing loader is
 * answered with the last value. Every failure of the loader reaches the caller as a {@link CacheLoaderException}.
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
   * Loads {@code keys} with {@link CacheLoader#loadAll} and stores what it returns; with {@code replaceExisting}
   * false, keys that hold a live entry are neither loaded nor replaced. Returns the loaded values (copied out).
   */
  Map<K, V> loadAll(Set<K> keys, boolean replaceExisting, EventBatch<K, V> batch) {
    Set<K> wanted = replaceExisting ? keys
        : keys.stream().filter(k -> !cache.containsKey(k)).collect(Collectors.toSet());
    Map<K, V> result = new LinkedHashMap<>();
    if (wanted.isEmpty()) {
      return result;
    }
    Map<K, V> loaded;
    try {
      loaded = loader.loadAll(wanted);
    } catch (RuntimeException e) {
      throw wrapped(e);
    }
    if (loaded == null) {
      return result;
    }
    EntryAccess<K, V> access = cache.access();
    for (Map.Entry<K, V> e : loaded.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        continue;
      }
      K key = cache.copyIn(e.getKey());
      V value = cache.copyIn(e.getValue());
      access.compute(key, (k, current) -> {
        long now = access.now();
        CacheEntry<V> live = cache.transitions().live(k, current, now, batch);
        if (live != null && !replaceExisting) {
          return current;
        }
        return cache.transitions().store(k, live, current, value, now, batch);
      });
      result.put(key, cache.copyOut(value));
    }
    return result;
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

package io.hybridcache.engine;

import io.hybridcache.AsyncFactory;
import io.hybridcache.EntryOptions;
import io.hybridcache.Factory;
import io.hybridcache.HybridCache;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The two ways to call a cache, so one behavioural test runs against both: the synchronous methods, and the
 * asynchronous ones (joined, with their failure unwrapped so both throw the same exception).
 */
enum Api {
  SYNC {
    @Override
    <K, V> V getOrSet(HybridCache<K, V> c, K key, Factory<K, V> f, EntryOptions o, Set<String> tags) {
      return c.getOrSet(key, f, o, tags);
    }

    @Override
    <K, V> V getOrSet(HybridCache<K, V> c, K key, Factory<K, V> f, V failSafeDefault, EntryOptions o) {
      return c.getOrSet(key, f, failSafeDefault, o);
    }

    @Override
    <K, V> Optional<V> tryGet(HybridCache<K, V> c, K key, EntryOptions o) {
      return c.tryGet(key, o);
    }

    @Override
    <K, V> void set(HybridCache<K, V> c, K key, V value, EntryOptions o) {
      c.set(key, value, o);
    }

    @Override
    <K, V> void remove(HybridCache<K, V> c, K key) {
      c.remove(key);
    }

    @Override
    <K, V> void expire(HybridCache<K, V> c, K key) {
      c.expire(key);
    }
  },
  ASYNC {
    @Override
    <K, V> V getOrSet(HybridCache<K, V> c, K key, Factory<K, V> f, EntryOptions o, Set<String> tags) {
      return join(c.getOrSetAsync(key, AsyncFactory.of(f), o, tags));
    }

    @Override
    <K, V> V getOrSet(HybridCache<K, V> c, K key, Factory<K, V> f, V failSafeDefault, EntryOptions o) {
      return join(c.getOrSetAsync(key, AsyncFactory.of(f), failSafeDefault, o));
    }

    @Override
    <K, V> Optional<V> tryGet(HybridCache<K, V> c, K key, EntryOptions o) {
      return join(c.tryGetAsync(key, o));
    }

    @Override
    <K, V> void set(HybridCache<K, V> c, K key, V value, EntryOptions o) {
      join(c.setAsync(key, value, o, Set.of()));
    }

    @Override
    <K, V> void remove(HybridCache<K, V> c, K key) {
      join(c.removeAsync(key));
    }

    @Override
    <K, V> void expire(HybridCache<K, V> c, K key) {
      join(c.expireAsync(key));
    }
  };

  abstract <K, V> V getOrSet(HybridCache<K, V> c, K key, Factory<K, V> f, EntryOptions o, Set<String> tags);

  abstract <K, V> V getOrSet(HybridCache<K, V> c, K key, Factory<K, V> f, V failSafeDefault, EntryOptions o);

  abstract <K, V> Optional<V> tryGet(HybridCache<K, V> c, K key, EntryOptions o);

  abstract <K, V> void set(HybridCache<K, V> c, K key, V value, EntryOptions o);

  abstract <K, V> void remove(HybridCache<K, V> c, K key);

  abstract <K, V> void expire(HybridCache<K, V> c, K key);

  <K, V> V getOrSet(HybridCache<K, V> c, K key, Factory<K, V> f, EntryOptions o) {
    return getOrSet(c, key, f, o, Set.of());
  }

  <K, V> Optional<V> tryGet(HybridCache<K, V> c, K key) {
    return tryGet(c, key, c.defaultEntryOptions());
  }

  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw e;
    }
  }
}

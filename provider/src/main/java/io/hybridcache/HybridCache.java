package io.hybridcache;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A hybrid cache: an in-process memory level, optionally backed by a distributed level and kept coherent across nodes
 * by a backplane, with fail-safe, timeouts, eager refresh and stampede protection.
 *
 * <p>Reach it from a JCache {@code Cache} with {@code cache.unwrap(HybridCache.class)}. All methods are thread-safe.
 * Null keys, null values and null factories are rejected with {@link NullPointerException}; null options or tag sets
 * likewise. Each operation has an {@code ...Async} variant whose future completes when the operation would have
 * returned; the asynchronous variants never block a thread while they wait for another caller's factory.
 *
 * <p>Methods without an {@link EntryOptions} argument use {@link #defaultEntryOptions()}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface HybridCache<K, V> {

  /** The name of this cache. */
  String name();

  /** The options used by the methods that take none. */
  EntryOptions defaultEntryOptions();

  // ---------------------------------------------------------------- reads

  /** Returns the fresh value of {@code key}, if cached; never runs a factory. */
  default Optional<V> tryGet(K key) {
    return tryGet(key, defaultEntryOptions());
  }

  /**
   * Returns the fresh value of {@code key}, if cached; never runs a factory. With
   * {@link EntryOptions#allowStaleOnReadOnly()} an expired value still held as a fallback is returned too.
   */
  Optional<V> tryGet(K key, EntryOptions options);

  /** Returns the fresh value of {@code key}, or {@code defaultValue} (which may be null and is not cached). */
  default V getOrDefault(K key, V defaultValue) {
    return getOrDefault(key, defaultValue, defaultEntryOptions());
  }

  /** As {@link #getOrDefault(Object, Object)}, with the given options. */
  V getOrDefault(K key, V defaultValue, EntryOptions options);

  /** Returns the cached value of {@code key}, or runs {@code factory} once (whatever the concurrency) and caches it. */
  default V getOrSet(K key, Factory<K, V> factory) {
    return getOrSet(key, factory, defaultEntryOptions(), Set.of());
  }

  /** As {@link #getOrSet(Object, Factory)}, with the given options. */
  default V getOrSet(K key, Factory<K, V> factory, EntryOptions options) {
    return getOrSet(key, factory, options, Set.of());
  }

  /**
   * Returns the fresh cached value of {@code key}; on a miss runs {@code factory} (one run per key at a time, shared by
   * every concurrent caller) and caches its value with {@code options} and {@code tags}, as adapted by the factory.
   *
   * <p>When the factory fails or times out and fail-safe is on, an expired value still held is returned instead and
   * kept for {@link EntryOptions#failSafeThrottleDuration()}.
   *
   * @throws FactoryTimeoutException if the hard timeout passed and no fallback could stand in
   * @throws FactoryFailedException if the factory threw a checked exception or called {@code fail}, with no fallback
   * @throws RuntimeException the factory's own unchecked exception, with no fallback
   */
  V getOrSet(K key, Factory<K, V> factory, EntryOptions options, Set<String> tags);

  /**
   * As {@link #getOrSet(Object, Factory, EntryOptions)}, but when the factory fails (or times out) on the very first
   * call, with fail-safe on and no fallback yet, {@code failSafeDefaultValue} is returned and kept for the throttle
   * duration instead of an exception.
   */
  V getOrSet(K key, Factory<K, V> factory, V failSafeDefaultValue, EntryOptions options);

  // ---------------------------------------------------------------- writes

  /** Caches {@code value} for {@code key}, replacing any value. */
  default void set(K key, V value) {
    set(key, value, defaultEntryOptions(), Set.of());
  }

  /** Caches {@code value} for {@code key} with the given options. */
  default void set(K key, V value, EntryOptions options) {
    set(key, value, options, Set.of());
  }

  /** Caches {@code value} for {@code key} with the given options and tags. */
  void set(K key, V value, EntryOptions options, Set<String> tags);

  /** Removes {@code key}, fallback included; a factory running for it then returns its value without caching it. */
  default void remove(K key) {
    remove(key, defaultEntryOptions());
  }

  /** Removes {@code key} with the given options (e.g. skip flags). */
  void remove(K key, EntryOptions options);

  /**
   * Expires {@code key} logically: the next read is a miss, but the value stays as a fail-safe fallback until its
   * physical expiration. Does nothing if the key is absent.
   */
  default void expire(K key) {
    expire(key, defaultEntryOptions());
  }

  /** As {@link #expire(Object)}, with the given options (e.g. skip flags). */
  void expire(K key, EntryOptions options);

  /**
   * Hides every entry carrying {@code tag}, on every node, written until now; entries written afterwards are not
   * affected. One removal time is stored (in L1, in L2 and announced to the other nodes), and each read of a tagged
   * entry compares its timestamp with its tags' times: a hidden entry is expired when a read comes across it (kept as
   * a fail-safe fallback, or removed, per the cache's tag removal setting), and {@code getOrSet} runs its factory.
   *
   * @throws NullPointerException if {@code tag} is null
   * @throws IllegalArgumentException if {@code tag} is empty or one of the two reserved clear tags
   */
  void removeByTag(String tag);

  /**
   * Hides every entry carrying any of {@code tags}, as {@link #removeByTag(String)}; an empty set changes nothing.
   *
   * @throws NullPointerException if the set or one of its tags is null
   * @throws IllegalArgumentException if a tag is empty or one of the two reserved clear tags
   */
  void removeByTag(Set<String> tags);

  /** Expires every entry, keeping values as fail-safe fallbacks; the same as {@code clear(true)}. */
  default void clear() {
    clear(true);
  }

  /**
   * Clears the cache on every node: every entry written until now is hidden (here at once, on the other nodes when
   * the backplane message arrives, and on nodes started later through the time kept in L2). Entries written
   * afterwards are visible. Other caches, and other key prefixes sharing the same Redis, are not touched.
   *
   * @param allowFailSafe {@code true} expires every entry but keeps it as a fallback; {@code false} removes everything
   */
  void clear(boolean allowFailSafe);

  // ---------------------------------------------------------------- asynchronous variants

  /** Asynchronous {@link #tryGet(Object, EntryOptions)}. */
  CompletableFuture<Optional<V>> tryGetAsync(K key, EntryOptions options);

  /** Asynchronous {@link #tryGet(Object)}. */
  default CompletableFuture<Optional<V>> tryGetAsync(K key) {
    return tryGetAsync(key, defaultEntryOptions());
  }

  /** Asynchronous {@link #getOrDefault(Object, Object, EntryOptions)}. */
  CompletableFuture<V> getOrDefaultAsync(K key, V defaultValue, EntryOptions options);

  /** Asynchronous {@link #getOrDefault(Object, Object)}. */
  default CompletableFuture<V> getOrDefaultAsync(K key, V defaultValue) {
    return getOrDefaultAsync(key, defaultValue, defaultEntryOptions());
  }

  /** Asynchronous {@link #getOrSet(Object, Factory, EntryOptions, Set)}; failures complete the future exceptionally. */
  CompletableFuture<V> getOrSetAsync(K key, AsyncFactory<K, V> factory, EntryOptions options, Set<String> tags);

  /** Asynchronous {@link #getOrSet(Object, Factory)}. */
  default CompletableFuture<V> getOrSetAsync(K key, AsyncFactory<K, V> factory) {
    return getOrSetAsync(key, factory, defaultEntryOptions(), Set.of());
  }

  /** Asynchronous {@link #getOrSet(Object, Factory, EntryOptions)}. */
  default CompletableFuture<V> getOrSetAsync(K key, AsyncFactory<K, V> factory, EntryOptions options) {
    return getOrSetAsync(key, factory, options, Set.of());
  }

  /** Asynchronous {@link #getOrSet(Object, Factory, Object, EntryOptions)}. */
  CompletableFuture<V> getOrSetAsync(K key, AsyncFactory<K, V> factory, V failSafeDefaultValue, EntryOptions options);

  /** Asynchronous {@link #set(Object, Object, EntryOptions, Set)}. */
  CompletableFuture<Void> setAsync(K key, V value, EntryOptions options, Set<String> tags);

  /** Asynchronous {@link #set(Object, Object)}. */
  default CompletableFuture<Void> setAsync(K key, V value) {
    return setAsync(key, value, defaultEntryOptions(), Set.of());
  }

  /** Asynchronous {@link #remove(Object, EntryOptions)}. */
  CompletableFuture<Void> removeAsync(K key, EntryOptions options);

  /** Asynchronous {@link #remove(Object)}. */
  default CompletableFuture<Void> removeAsync(K key) {
    return removeAsync(key, defaultEntryOptions());
  }

  /** Asynchronous {@link #expire(Object, EntryOptions)}. */
  CompletableFuture<Void> expireAsync(K key, EntryOptions options);

  /** Asynchronous {@link #expire(Object)}. */
  default CompletableFuture<Void> expireAsync(K key) {
    return expireAsync(key, defaultEntryOptions());
  }

  /** Asynchronous {@link #removeByTag(Set)}. */
  CompletableFuture<Void> removeByTagAsync(Set<String> tags);

  /** Asynchronous {@link #removeByTag(String)}. */
  default CompletableFuture<Void> removeByTagAsync(String tag) {
    return removeByTagAsync(Set.of(tag));
  }

  /** Asynchronous {@link #clear(boolean)}. */
  CompletableFuture<Void> clearAsync(boolean allowFailSafe);

  /** Asynchronous {@link #clear()}. */
  default CompletableFuture<Void> clearAsync() {
    return clearAsync(true);
  }

  // ---------------------------------------------------------------- observability

  /**
   * Registers a listener for this cache's events. Listeners run on the thread that raised the event; one that throws
   * is logged and counted, and never breaks the operation.
   */
  void addListener(HybridCacheListener<? super K> listener);

  /** Unregisters a listener; does nothing if it was not registered. */
  void removeListener(HybridCacheListener<? super K> listener);

  /** A snapshot of this cache's counters since it was created. */
  HybridCacheStats stats();

  /**
   * How many entries this node's memory level holds now, expired ones kept as fail-safe fallbacks included; an
   * estimate (evictions and expirations still pending may be counted). Cheap: it neither waits nor walks the entries.
   */
  long estimatedSize();
}

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
 * <p>Methods without an {@link EntryOptions} argument use {@link #defaultEntryOptions()}. The operations on many keys
 * at once ({@code tryGetAll}, {@code getOrSetAll}, {@code setAll}, {@code removeAll}) are declared by
 * {@link BulkOperations}, which this interface extends.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface HybridCache<K, V> extends BulkOperations<K, V> {

  /** {@return the name of this cache} */
  String name();

  /** {@return the options used by the methods that take none} */
  @Override
  EntryOptions defaultEntryOptions();

  // ---------------------------------------------------------------- reads

  /**
   * Returns the fresh value of {@code key}, if cached; never runs a factory.
   *
   * @param key the key
   * @return the fresh value of {@code key}, or empty when there is none
   */
  default Optional<V> tryGet(K key) {
    return tryGet(key, defaultEntryOptions());
  }

  /**
   * Returns the fresh value of {@code key}, if cached; never runs a factory. With
   * {@link EntryOptions#allowStaleOnReadOnly()} an expired value still held as a fallback is returned too.
   *
   * @param key the key
   * @param options the entry options of this call
   * @return the fresh value of {@code key}, or empty when there is none
   */
  Optional<V> tryGet(K key, EntryOptions options);

  /**
   * Returns the fresh value of {@code key}, or {@code defaultValue} (which may be null and is not cached).
   *
   * @param key the key
   * @param defaultValue what a miss returns; may be null, and is never cached
   * @return the fresh value of {@code key}, or {@code defaultValue}
   */
  default V getOrDefault(K key, V defaultValue) {
    return getOrDefault(key, defaultValue, defaultEntryOptions());
  }

  /**
   * As {@link #getOrDefault(Object, Object)}, with the given options.
   *
   * @param key the key
   * @param defaultValue what a miss returns; may be null, and is never cached
   * @param options the entry options of this call
   * @return the fresh value of {@code key}, or {@code defaultValue}
   */
  V getOrDefault(K key, V defaultValue, EntryOptions options);

  /**
   * Returns the cached value of {@code key}, or runs {@code factory} once (whatever the concurrency) and caches it.
   *
   * @param key the key
   * @param factory makes the value on a miss
   * @return the fresh cached value of {@code key}, or the factory's value, or a fail-safe fallback
   */
  default V getOrSet(K key, Factory<K, V> factory) {
    return getOrSet(key, factory, defaultEntryOptions(), Set.of());
  }

  /**
   * As {@link #getOrSet(Object, Factory)}, with the given options.
   *
   * @param key the key
   * @param factory makes the value on a miss
   * @param options the entry options of this call
   * @return the fresh cached value of {@code key}, or the factory's value, or a fail-safe fallback
   */
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
   * @param key the key
   * @param factory makes the value on a miss
   * @param options the entry options of this call
   * @param tags the tags of the entry (an empty set for none)
   * @return the fresh cached value of {@code key}, or the factory's value, or a fail-safe fallback
   * @throws FactoryTimeoutException if the hard timeout passed and no fallback could stand in
   * @throws FactoryFailedException if the factory threw a checked exception or called {@code fail}, with no fallback
   * @throws RuntimeException the factory's own unchecked exception, with no fallback
   */
  V getOrSet(K key, Factory<K, V> factory, EntryOptions options, Set<String> tags);

  /**
   * As {@link #getOrSet(Object, Factory, EntryOptions)}, but when the factory fails (or times out) on the very first
   * call, with fail-safe on and no fallback yet, {@code failSafeDefaultValue} is returned and kept for the throttle
   * duration instead of an exception.
   *
   * @param key the key
   * @param factory makes the value on a miss
   * @param failSafeDefaultValue what a failed first call returns with fail-safe on and no fallback (kept for the
   *     throttle duration)
   * @param options the entry options of this call
   * @return the fresh cached value of {@code key}, the factory's value, a fail-safe fallback or
   *     {@code failSafeDefaultValue}
   */
  V getOrSet(K key, Factory<K, V> factory, V failSafeDefaultValue, EntryOptions options);

  // ---------------------------------------------------------------- writes

  /**
   * Caches {@code value} for {@code key}, replacing any value.
   *
   * @param key the key
   * @param value the value
   */
  default void set(K key, V value) {
    set(key, value, defaultEntryOptions(), Set.of());
  }

  /**
   * Caches {@code value} for {@code key} with the given options.
   *
   * @param key the key
   * @param value the value
   * @param options the entry options of this call
   */
  default void set(K key, V value, EntryOptions options) {
    set(key, value, options, Set.of());
  }

  /**
   * Caches {@code value} for {@code key} with the given options and tags.
   *
   * @param key the key
   * @param value the value
   * @param options the entry options of this call
   * @param tags the tags of the entry (an empty set for none)
   */
  void set(K key, V value, EntryOptions options, Set<String> tags);

  /**
   * Removes {@code key}, fallback included; a factory running for it then returns its value without caching it.
   *
   * @param key the key
   */
  default void remove(K key) {
    remove(key, defaultEntryOptions());
  }

  /**
   * Removes {@code key} with the given options (e.g. skip flags).
   *
   * @param key the key
   * @param options the entry options of this call
   */
  void remove(K key, EntryOptions options);

  /**
   * Expires {@code key} logically: the next read is a miss, but the value stays as a fail-safe fallback until its
   * physical expiration. Does nothing if the key is absent.
   *
   * @param key the key
   */
  default void expire(K key) {
    expire(key, defaultEntryOptions());
  }

  /**
   * As {@link #expire(Object)}, with the given options (e.g. skip flags).
   *
   * @param key the key
   * @param options the entry options of this call
   */
  void expire(K key, EntryOptions options);

  /**
   * Hides every entry carrying {@code tag}, on every node, written until now; entries written afterwards are not
   * affected. One removal time is stored (in L1, in L2 and announced to the other nodes), and each read of a tagged
   * entry compares its timestamp with its tags' times: a hidden entry is expired when a read comes across it (kept as
   * a fail-safe fallback, or removed, per the cache's tag removal setting), and {@code getOrSet} runs its factory.
   *
   * @param tag the tag whose entries to hide
   * @throws NullPointerException if {@code tag} is null
   * @throws IllegalArgumentException if {@code tag} is empty or one of the two reserved clear tags
   */
  void removeByTag(String tag);

  /**
   * Hides every entry carrying any of {@code tags}, as {@link #removeByTag(String)}; an empty set changes nothing.
   *
   * @param tags the tags whose entries to hide
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

  /**
   * Asynchronous {@link #tryGet(Object, EntryOptions)}.
   *
   * @param key the key
   * @param options the entry options of this call
   * @return a future completing as {@link #tryGet(Object, EntryOptions)} returns, or exceptionally with what it throws
   */
  CompletableFuture<Optional<V>> tryGetAsync(K key, EntryOptions options);

  /**
   * Asynchronous {@link #tryGet(Object)}.
   *
   * @param key the key
   * @return a future completing as {@link #tryGet(Object)} returns, or exceptionally with what it throws
   */
  default CompletableFuture<Optional<V>> tryGetAsync(K key) {
    return tryGetAsync(key, defaultEntryOptions());
  }

  /**
   * Asynchronous {@link #getOrDefault(Object, Object, EntryOptions)}.
   *
   * @param key the key
   * @param defaultValue what a miss returns; may be null, and is never cached
   * @param options the entry options of this call
   * @return a future completing as {@link #getOrDefault(Object, Object, EntryOptions)} returns, or exceptionally with
   *     what it throws
   */
  CompletableFuture<V> getOrDefaultAsync(K key, V defaultValue, EntryOptions options);

  /**
   * Asynchronous {@link #getOrDefault(Object, Object)}.
   *
   * @param key the key
   * @param defaultValue what a miss returns; may be null, and is never cached
   * @return a future completing as {@link #getOrDefault(Object, Object)} returns, or exceptionally with what it throws
   */
  default CompletableFuture<V> getOrDefaultAsync(K key, V defaultValue) {
    return getOrDefaultAsync(key, defaultValue, defaultEntryOptions());
  }

  /**
   * Asynchronous {@link #getOrSet(Object, Factory, EntryOptions, Set)}; failures complete the future exceptionally.
   *
   * @param key the key
   * @param factory makes the value on a miss
   * @param options the entry options of this call
   * @param tags the tags of the entry (an empty set for none)
   * @return a future completing as {@link #getOrSet(Object, Factory, EntryOptions, Set)} returns, or exceptionally with
   *     what it throws
   */
  CompletableFuture<V> getOrSetAsync(K key, AsyncFactory<K, V> factory, EntryOptions options, Set<String> tags);

  /**
   * Asynchronous {@link #getOrSet(Object, Factory)}.
   *
   * @param key the key
   * @param factory makes the value on a miss
   * @return a future completing as {@link #getOrSet(Object, Factory)} returns, or exceptionally with what it throws
   */
  default CompletableFuture<V> getOrSetAsync(K key, AsyncFactory<K, V> factory) {
    return getOrSetAsync(key, factory, defaultEntryOptions(), Set.of());
  }

  /**
   * Asynchronous {@link #getOrSet(Object, Factory, EntryOptions)}.
   *
   * @param key the key
   * @param factory makes the value on a miss
   * @param options the entry options of this call
   * @return a future completing as {@link #getOrSet(Object, Factory, EntryOptions)} returns, or exceptionally with what
   *     it throws
   */
  default CompletableFuture<V> getOrSetAsync(K key, AsyncFactory<K, V> factory, EntryOptions options) {
    return getOrSetAsync(key, factory, options, Set.of());
  }

  /**
   * Asynchronous {@link #getOrSet(Object, Factory, Object, EntryOptions)}.
   *
   * @param key the key
   * @param factory makes the value on a miss
   * @param failSafeDefaultValue what a failed first call returns with fail-safe on and no fallback (kept for the
   *     throttle duration)
   * @param options the entry options of this call
   * @return a future completing as {@link #getOrSet(Object, Factory, Object, EntryOptions)} returns, or exceptionally
   *     with what it throws
   */
  CompletableFuture<V> getOrSetAsync(K key, AsyncFactory<K, V> factory, V failSafeDefaultValue, EntryOptions options);

  /**
   * Asynchronous {@link #set(Object, Object, EntryOptions, Set)}.
   *
   * @param key the key
   * @param value the value
   * @param options the entry options of this call
   * @param tags the tags of the entry (an empty set for none)
   * @return a future completing as {@link #set(Object, Object, EntryOptions, Set)} returns, or exceptionally with what
   *     it throws
   */
  CompletableFuture<Void> setAsync(K key, V value, EntryOptions options, Set<String> tags);

  /**
   * Asynchronous {@link #set(Object, Object)}.
   *
   * @param key the key
   * @param value the value
   * @return a future completing as {@link #set(Object, Object)} returns, or exceptionally with what it throws
   */
  default CompletableFuture<Void> setAsync(K key, V value) {
    return setAsync(key, value, defaultEntryOptions(), Set.of());
  }

  /**
   * Asynchronous {@link #remove(Object, EntryOptions)}.
   *
   * @param key the key
   * @param options the entry options of this call
   * @return a future completing as {@link #remove(Object, EntryOptions)} returns, or exceptionally with what it throws
   */
  CompletableFuture<Void> removeAsync(K key, EntryOptions options);

  /**
   * Asynchronous {@link #remove(Object)}.
   *
   * @param key the key
   * @return a future completing as {@link #remove(Object)} returns, or exceptionally with what it throws
   */
  default CompletableFuture<Void> removeAsync(K key) {
    return removeAsync(key, defaultEntryOptions());
  }

  /**
   * Asynchronous {@link #expire(Object, EntryOptions)}.
   *
   * @param key the key
   * @param options the entry options of this call
   * @return a future completing as {@link #expire(Object, EntryOptions)} returns, or exceptionally with what it throws
   */
  CompletableFuture<Void> expireAsync(K key, EntryOptions options);

  /**
   * Asynchronous {@link #expire(Object)}.
   *
   * @param key the key
   * @return a future completing as {@link #expire(Object)} returns, or exceptionally with what it throws
   */
  default CompletableFuture<Void> expireAsync(K key) {
    return expireAsync(key, defaultEntryOptions());
  }

  /**
   * Asynchronous {@link #removeByTag(Set)}.
   *
   * @param tags the tags whose entries to hide
   * @return a future completing as {@link #removeByTag(Set)} returns, or exceptionally with what it throws
   */
  CompletableFuture<Void> removeByTagAsync(Set<String> tags);

  /**
   * Asynchronous {@link #removeByTag(String)}.
   *
   * @param tag the tag whose entries to hide
   * @return a future completing as {@link #removeByTag(String)} returns, or exceptionally with what it throws
   */
  default CompletableFuture<Void> removeByTagAsync(String tag) {
    return removeByTagAsync(Set.of(tag));
  }

  /**
   * Asynchronous {@link #clear(boolean)}.
   *
   * @param allowFailSafe {@code true} expires every entry but keeps it as a fallback; {@code false} removes everything
   * @return a future completing as {@link #clear(boolean)} returns, or exceptionally with what it throws
   */
  CompletableFuture<Void> clearAsync(boolean allowFailSafe);

  /**
   * Asynchronous {@link #clear()}.
   *
   * @return a future completing as {@link #clear()} returns, or exceptionally with what it throws
   */
  default CompletableFuture<Void> clearAsync() {
    return clearAsync(true);
  }

  // ---------------------------------------------------------------- observability

  /**
   * Registers a listener for this cache's events. Listeners run on the thread that raised the event; one that throws
   * is logged and counted, and never breaks the operation.
   *
   * @param listener the listener
   */
  void addListener(HybridCacheListener<? super K> listener);

  /**
   * Unregisters a listener; does nothing if it was not registered.
   *
   * @param listener the listener
   */
  void removeListener(HybridCacheListener<? super K> listener);

  /** {@return a snapshot of this cache's counters since it was created} */
  HybridCacheStats stats();

  /**
   * How many entries this node's memory level holds now, expired ones kept as fail-safe fallbacks included; an
   * estimate (evictions and expirations still pending may be counted). Cheap: it neither waits nor walks the entries.
   *
   * @return the number of entries the memory level holds, approximately
   */
  long estimatedSize();

  /**
   * How many failed distributed operations of this cache (L2 writes, removals, expirations and backplane
   * notifications) wait on this node to be made again by auto-recovery; 0 with auto-recovery off, or with no
   * distributed level and no backplane. Cheap: it does not walk the queue.
   *
   * @return the size of this cache's auto-recovery queue on this node
   */
  default int pendingRecoveries() {
    return 0;
  }
}

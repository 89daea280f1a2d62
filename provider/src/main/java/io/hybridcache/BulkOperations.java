package io.hybridcache;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The operations of a {@link HybridCache} on many keys at once: each key is handled as the single-key operation of the
 * same name handles it, with one distributed round trip per batch instead of one per key. {@link HybridCache} extends
 * this interface; reach both through {@code cache.unwrap(HybridCache.class)}.
 *
 * <p>Null keys, factories, options and tag sets are rejected with {@link NullPointerException}. Methods without an
 * {@link EntryOptions} argument use {@link #defaultEntryOptions()}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface BulkOperations<K, V> {

  /** {@return the options used by the methods that take none} */
  EntryOptions defaultEntryOptions();

  /**
   * The fresh values of {@code keys}, each found as {@link HybridCache#tryGet(Object)} finds it, with one distributed
   * round trip for all the keys that the memory level does not serve (not one per key).
   *
   * @param keys the keys; empty gives an empty map
   * @return a new map the caller owns, of the keys found (a key missed is absent), iterated in the order of
   *     {@code keys}
   * @throws NullPointerException when {@code keys} or one of them is null
   */
  default Map<K, V> tryGetAll(Set<? extends K> keys) {
    return tryGetAll(keys, defaultEntryOptions());
  }

  /**
   * {@link #tryGetAll(Set)} with the given options, applied to each key as {@link HybridCache#tryGet(Object,
   * EntryOptions)} applies them; the distributed hard timeout bounds the one bulk read (past it, every key read there
   * is a miss), the soft timeout does not apply.
   *
   * @param keys the keys; empty gives an empty map
   * @param options the entry options of this call
   * @return a new map of the keys found, in the order of {@code keys}
   * @throws NullPointerException when {@code keys}, one of them, or {@code options} is null
   */
  Map<K, V> tryGetAll(Set<? extends K> keys, EntryOptions options);

  /**
   * The values of {@code keys}, each as {@link HybridCache#getOrSet(Object, Factory)} gets one, with one distributed
   * read for the keys the memory level does not serve, at most one call of {@code factory} for the keys still
   * missing, and one distributed write for what it produced.
   *
   * <p>Per key: a fresh value in the memory level, then in the distributed level, is served; a key another caller of
   * this node is loading is followed (its outcome is this key's; past the options' {@code lockTimeout} the call stops
   * waiting and loads the keys it followed itself, in one more factory call); the other keys go to one call of
   * {@code factory}, whose values are saved to both levels and announced. A key the factory leaves out is not cached
   * and is absent from the result (a {@code getOrSet} that followed it runs its own factory). When the factory fails,
   * each key with a fallback value is served that value under fail-safe (kept for the throttle duration), and the
   * call throws the factory's failure as {@code getOrSet} would when a key has none. The factory timeouts apply per
   * key as to {@code getOrSet} (the soft one to a key with a fallback, the hard one to every key): a key past its
   * timeout gets its fallback, else the call fails with a {@link FactoryTimeoutException}.
   *
   * <p>The distributed timeouts bound the one bulk read as they bound a {@code getOrSet}'s read of one key: past the
   * soft one (with fail-safe), each key with an expired value in the memory level is served that value as it is,
   * without the factory, while the other keys wait for the read; past the hard one, every key not yet answered is a
   * miss and goes to the factory. A fresh value the read brings late is kept in the memory level unless a write, or
   * this call's factory value, came first.
   *
   * <p>Keys served (from either level) past their eager-refresh point are refreshed in the background by one more
   * call of {@code factory} for all of them; the caller gets the current values at once, and a key whose refresh or
   * load is already under way on this node is left out of it.
   *
   * <p>With distributed locking, the keys still missing after the distributed read are locked one by one, in an order
   * every node shares (so overlapping batches on two nodes never wait for each other in a circle), within the
   * options' {@code distributedLockTimeout} for all of them; the locked keys are read again (another node may have
   * loaded them meanwhile) and only the rest go to the factory, so each key is loaded once per cluster. A key whose
   * lock is not had in time is loaded without it (counted in {@code distributedLocksMissed}), as {@code getOrSet}
   * does.
   *
   * @param keys the keys; empty gives an empty map and calls nothing
   * @param factory makes the values of the keys missing everywhere
   * @return a new map the caller owns, of the keys served, iterated in the order of {@code keys}
   * @throws NullPointerException when {@code keys}, one of them or {@code factory} is null, or when the factory's
   *     map holds a null value for a key without a fallback (the message names the key)
   * @throws FactoryFailedException when the factory threw a checked exception and a key has no fallback (an
   *     unchecked one is thrown as it is)
   * @throws FactoryTimeoutException when a key without a fallback passed the factory hard timeout
   */
  default Map<K, V> getOrSetAll(Set<? extends K> keys, BulkFactory<K, V> factory) {
    return getOrSetAll(keys, factory, defaultEntryOptions());
  }

  /**
   * {@link #getOrSetAll(Set, BulkFactory)} with the given options, applied to each key as
   * {@link HybridCache#getOrSet(Object, Factory, EntryOptions)} applies them.
   *
   * @param keys the keys; empty gives an empty map and calls nothing
   * @param factory makes the values of the keys missing everywhere
   * @param options the entry options of this call and of the entries it saves
   * @return a new map of the keys served, in the order of {@code keys}
   * @throws NullPointerException when {@code keys}, one of them, {@code factory} or {@code options} is null, or as
   *     {@link #getOrSetAll(Set, BulkFactory)} says
   */
  default Map<K, V> getOrSetAll(Set<? extends K> keys, BulkFactory<K, V> factory, EntryOptions options) {
    return getOrSetAll(keys, factory, options, Set.of());
  }

  /**
   * {@link #getOrSetAll(Set, BulkFactory, EntryOptions)}, every entry the call creates (the factory's values, and the
   * eager refreshes it starts) carrying {@code tags}, so that {@link HybridCache#removeByTag(String)} hides them, as
   * {@link HybridCache#getOrSet(Object, Factory, EntryOptions, Set)} tags its entry. Entries served as they were
   * cached keep their own tags. The tags are checked first, whatever the cache holds, so the same call does not
   * succeed or fail by what is cached.
   *
   * @param keys the keys; empty gives an empty map and calls nothing
   * @param factory makes the values of the keys missing everywhere
   * @param options the entry options of this call and of the entries it saves
   * @param tags the tags of the entries it creates (an empty set for none)
   * @return a new map of the keys served, in the order of {@code keys}
   * @throws NullPointerException when {@code keys}, one of them, {@code factory}, {@code options}, {@code tags} or one
   *     of them is null, or as {@link #getOrSetAll(Set, BulkFactory)} says
   * @throws IllegalArgumentException when a tag is empty or too long, or there are more tags than an entry may carry
   *     ({@code maxTagsPerEntry})
   * @throws FactoryFailedException as {@link #getOrSetAll(Set, BulkFactory)} says
   * @throws FactoryTimeoutException as {@link #getOrSetAll(Set, BulkFactory)} says
   */
  Map<K, V> getOrSetAll(Set<? extends K> keys, BulkFactory<K, V> factory, EntryOptions options, Set<String> tags);

  /**
   * Asynchronous {@link #getOrSetAll(Set, BulkFactory, EntryOptions)}, with a factory that completes a stage.
   *
   * @param keys the keys
   * @param factory makes the values of the keys missing everywhere
   * @param options the entry options of this call and of the entries it saves
   * @return a future of what {@link #getOrSetAll(Set, BulkFactory, EntryOptions)} returns, or failing with what it
   *     throws
   */
  default CompletableFuture<Map<K, V>> getOrSetAllAsync(Set<? extends K> keys, AsyncBulkFactory<K, V> factory,
      EntryOptions options) {
    return getOrSetAllAsync(keys, factory, options, Set.of());
  }

  /**
   * Asynchronous {@link #getOrSetAll(Set, BulkFactory, EntryOptions, Set)}, with a factory that completes a stage.
   *
   * @param keys the keys
   * @param factory makes the values of the keys missing everywhere
   * @param options the entry options of this call and of the entries it saves
   * @param tags the tags of the entries it creates (an empty set for none)
   * @return a future of what {@link #getOrSetAll(Set, BulkFactory, EntryOptions, Set)} returns, or failing with what
   *     it throws
   * @throws NullPointerException when an argument is null, as {@link #getOrSetAll(Set, BulkFactory, EntryOptions, Set)}
   *     says (thrown, not in the future)
   * @throws IllegalArgumentException when the tags break their bounds (thrown, not in the future)
   */
  CompletableFuture<Map<K, V>> getOrSetAllAsync(Set<? extends K> keys, AsyncBulkFactory<K, V> factory,
      EntryOptions options, Set<String> tags);

  /**
   * Asynchronous {@link #getOrSetAll(Set, BulkFactory)}, with a factory that completes a stage.
   *
   * @param keys the keys
   * @param factory makes the values of the keys missing everywhere
   * @return a future of what {@link #getOrSetAll(Set, BulkFactory)} returns, or failing with what it throws
   */
  default CompletableFuture<Map<K, V>> getOrSetAllAsync(Set<? extends K> keys, AsyncBulkFactory<K, V> factory) {
    return getOrSetAllAsync(keys, factory, defaultEntryOptions());
  }

  /**
   * Writes every entry of {@code entries}, each as {@link HybridCache#set(Object, Object)} writes one (memory level,
   * then one distributed round trip for all the keys, each key's backplane notice included in it where the level
   * publishes). Nothing is written when a key or a value is null.
   *
   * @param entries the entries to write; empty does nothing
   * @throws NullPointerException when {@code entries}, one of its keys or one of its values is null
   */
  default void setAll(Map<? extends K, ? extends V> entries) {
    setAll(entries, defaultEntryOptions());
  }

  /**
   * {@link #setAll(Map)} with the given options, applied to each key as {@link HybridCache#set(Object, Object,
   * EntryOptions)} applies them.
   *
   * @param entries the entries to write; empty does nothing
   * @param options the entry options of this call
   * @throws NullPointerException when {@code entries}, one of its keys or values, or {@code options} is null
   */
  void setAll(Map<? extends K, ? extends V> entries, EntryOptions options);

  /**
   * Removes every key of {@code keys}, each as {@link HybridCache#remove(Object)} removes one, with one distributed
   * round trip for all of them.
   *
   * @param keys the keys; empty does nothing
   * @throws NullPointerException when {@code keys} or one of them is null (then nothing is removed)
   */
  default void removeAll(Set<? extends K> keys) {
    removeAll(keys, defaultEntryOptions());
  }

  /**
   * {@link #removeAll(Set)} with the given options, applied to each key as {@link HybridCache#remove(Object,
   * EntryOptions)} applies them.
   *
   * @param keys the keys; empty does nothing
   * @param options the entry options of this call
   * @throws NullPointerException when {@code keys}, one of them, or {@code options} is null
   */
  void removeAll(Set<? extends K> keys, EntryOptions options);

  /**
   * Asynchronous {@link #tryGetAll(Set, EntryOptions)}.
   *
   * @param keys the keys
   * @param options the entry options of this call
   * @return a future of what {@link #tryGetAll(Set, EntryOptions)} returns, or failing with what it throws
   */
  CompletableFuture<Map<K, V>> tryGetAllAsync(Set<? extends K> keys, EntryOptions options);

  /**
   * Asynchronous {@link #tryGetAll(Set)}.
   *
   * @param keys the keys
   * @return a future of what {@link #tryGetAll(Set)} returns, or failing with what it throws
   */
  default CompletableFuture<Map<K, V>> tryGetAllAsync(Set<? extends K> keys) {
    return tryGetAllAsync(keys, defaultEntryOptions());
  }

  /**
   * Asynchronous {@link #setAll(Map, EntryOptions)}.
   *
   * @param entries the entries to write
   * @param options the entry options of this call
   * @return a future completing as {@link #setAll(Map, EntryOptions)} returns, or exceptionally with what it throws
   */
  CompletableFuture<Void> setAllAsync(Map<? extends K, ? extends V> entries, EntryOptions options);

  /**
   * Asynchronous {@link #setAll(Map)}.
   *
   * @param entries the entries to write
   * @return a future completing as {@link #setAll(Map)} returns, or exceptionally with what it throws
   */
  default CompletableFuture<Void> setAllAsync(Map<? extends K, ? extends V> entries) {
    return setAllAsync(entries, defaultEntryOptions());
  }

  /**
   * Asynchronous {@link #removeAll(Set, EntryOptions)}.
   *
   * @param keys the keys to remove
   * @param options the entry options of this call
   * @return a future completing as {@link #removeAll(Set, EntryOptions)} returns, or exceptionally with what it throws
   */
  CompletableFuture<Void> removeAllAsync(Set<? extends K> keys, EntryOptions options);

  /**
   * Asynchronous {@link #removeAll(Set)}.
   *
   * @param keys the keys to remove
   * @return a future completing as {@link #removeAll(Set)} returns, or exceptionally with what it throws
   */
  default CompletableFuture<Void> removeAllAsync(Set<? extends K> keys) {
    return removeAllAsync(keys, defaultEntryOptions());
  }
}

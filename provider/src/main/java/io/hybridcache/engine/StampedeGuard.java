package io.hybridcache.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Single flight per key: the first caller of a key on a miss leads (runs the pipeline), later callers follow (wait for
 * the leader's outcome without running anything). Waiting is a future, so asynchronous callers hold no thread. The
 * flight is removed before its outcome is published, so a caller arriving afterwards reads the memory level instead.
 */
final class StampedeGuard<K, V> {
  private final ConcurrentHashMap<K, Flight<V>> flights = new ConcurrentHashMap<>();

  /** Registers a flight for {@code key} and returns it, or returns null when one is already under way. */
  Flight<V> tryLead(K key, boolean sharesFailure) {
    Flight<V> flight = new Flight<>(sharesFailure);
    return flights.putIfAbsent(key, flight) == null ? flight : null;
  }

  /** The flight under way for {@code key}, or null. */
  Flight<V> current(K key) {
    return flights.get(key);
  }

  /** Ends {@code flight}: unregisters it, then hands its outcome to every follower. */
  void land(K key, Flight<V> flight, CacheEntry<V> entry, Throwable error) {
    flights.remove(key, flight);
    if (error != null) {
      flight.outcome.completeExceptionally(error);
    } else {
      flight.outcome.complete(entry);
    }
  }

  /** One pipeline run shared by the callers of a key. */
  static final class Flight<V> {
    final CompletableFuture<CacheEntry<V>> outcome = new CompletableFuture<>();
    /**
     * Whether followers take a failure as their own outcome (a getOrSet miss), or retry on their own (an eager refresh,
     * whose failure does not concern callers that arrived on a miss).
     */
    final boolean sharesFailure;

    Flight(boolean sharesFailure) {
      this.sharesFailure = sharesFailure;
    }
  }
}

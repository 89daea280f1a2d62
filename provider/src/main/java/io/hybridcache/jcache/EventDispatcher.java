package io.hybridcache.jcache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a cache's entry events to its registered listeners. An operation collects its events in an
 * {@link EventBatch} while it holds the key, and publishes them once the change is made: synchronous listeners run
 * on the caller's thread before the operation returns (an exception they throw reaches the caller as a
 * {@link CacheEntryListenerException}, after every listener had its turn); asynchronous ones are queued, each on its
 * own serial queue so it sees events in order.
 */
final class EventDispatcher<K, V> {
  private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);
  private final Cache<K, V> source;
  private final Executor executor;
  private final List<ListenerRegistration<K, V>> registrations = new CopyOnWriteArrayList<>();

  EventDispatcher(Cache<K, V> source, Executor executor) {
    this.source = source;
    this.executor = executor;
  }

  /** Registers a listener; a configuration already registered is refused. */
  void register(CacheEntryListenerConfiguration<K, V> configuration) {
    synchronized (registrations) {
      for (ListenerRegistration<K, V> r : registrations) {
        if (r.configuration.equals(configuration)) {
          throw new IllegalArgumentException("this cache entry listener configuration is already registered");
        }
      }
      registrations.add(new ListenerRegistration<>(configuration, executor));
    }
  }

  /** Removes a listener; returns whether it was registered. */
  boolean deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    synchronized (registrations) {
      for (ListenerRegistration<K, V> r : registrations) {
        if (r.configuration.equals(configuration)) {
          registrations.remove(r);
          r.close();
          return true;
        }
      }
      return false;
    }
  }

  /** A batch for one operation's events: a no-op one when nobody listens. */
  EventBatch<K, V> batch() {
    return registrations.isEmpty() ? EventBatch.none() : new EventBatch<>(this);
  }

  /**
   * Reports the expiry of {@code key} the memory level noticed on its own (an eviction of an expired entry): the
   * EXPIRED event is published on the executor, a listener's failure logged at debug.
   */
  void expiredInBackground(K key, V value) {
    EventBatch<K, V> batch = batch();
    batch.expired(key, value);
    executor.execute(() -> {
      try {
        batch.publish();
      } catch (RuntimeException e) {
        log.debug("cache '{}': a listener failed on the expiry of a key", source.getName(), e);
      }
    });
  }

  void publish(List<EntryEvent<K, V>> events) {
    List<RuntimeException> failures = null;
    for (EntryEvent<K, V> event : events) {
      for (ListenerRegistration<K, V> r : registrations) {
        if (!r.accepts(event.getEventType())) {
          continue;
        }
        if (r.isSynchronous()) {
          try {
            r.deliver(event);
          } catch (RuntimeException e) {
            if (failures == null) {
              failures = new ArrayList<>(1);
            }
            failures.add(e);
          }
        } else {
          r.deliverLater(event);
        }
      }
    }
    if (failures != null) {
      RuntimeException first = failures.get(0);
      CacheEntryListenerException thrown = first instanceof CacheEntryListenerException
          ? (CacheEntryListenerException) first
          : new CacheEntryListenerException("a cache entry listener failed: " + first, first);
      for (int i = 1; i < failures.size(); i++) {
        thrown.addSuppressed(failures.get(i));
      }
      throw thrown;
    }
  }

  EntryEvent<K, V> event(EventType type, K key, V value, V oldValue, boolean oldValueAvailable) {
    return new EntryEvent<>(source, type, key, value, oldValue, oldValueAvailable);
  }

  /** Waits for queued asynchronous deliveries (used when the cache closes). */
  void awaitQuiescence() {
    for (ListenerRegistration<K, V> r : registrations) {
      r.awaitQuiescence();
    }
  }

  void close() {
    synchronized (registrations) {
      for (ListenerRegistration<K, V> r : registrations) {
        r.close();
      }
      registrations.clear();
    }
  }
}

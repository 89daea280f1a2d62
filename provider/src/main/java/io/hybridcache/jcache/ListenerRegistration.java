package io.hybridcache.jcache;

import java.util.List;
import java.util.concurrent.Executor;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One registered entry listener: its configuration, the listener and filter its factories made, and, for an
 * asynchronous listener, the serial queue that delivers its events in the order they happened.
 */
final class ListenerRegistration<K, V> {
  private static final Logger log = LoggerFactory.getLogger(ListenerRegistration.class);

  final CacheEntryListenerConfiguration<K, V> configuration;
  private final CacheEntryListener<? super K, ? super V> listener;
  private final CacheEntryEventFilter<? super K, ? super V> filter;
  private final SerialExecutor async;

  ListenerRegistration(CacheEntryListenerConfiguration<K, V> configuration, Executor executor) {
    this.configuration = configuration;
    Factory<CacheEntryListener<? super K, ? super V>> listenerFactory = configuration.getCacheEntryListenerFactory();
    if (listenerFactory == null) {
      throw new IllegalArgumentException("the listener configuration has no listener factory");
    }
    this.listener = listenerFactory.create();
    Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
        configuration.getCacheEntryEventFilterFactory();
    this.filter = filterFactory == null ? null : filterFactory.create();
    this.async = configuration.isSynchronous() ? null : new SerialExecutor(executor);
  }

  boolean isSynchronous() {
    return async == null;
  }

  /** Whether this listener wants events of {@code type} at all (its interfaces say so). */
  boolean accepts(EventType type) {
    switch (type) {
      case CREATED:
        return listener instanceof CacheEntryCreatedListener;
      case UPDATED:
        return listener instanceof CacheEntryUpdatedListener;
      case REMOVED:
        return listener instanceof CacheEntryRemovedListener;
      case EXPIRED:
        return listener instanceof CacheEntryExpiredListener;
      default:
        return false;
    }
  }

  /** Delivers {@code event} now, on this thread (synchronous listeners), if the filter lets it through. */
  void deliver(EntryEvent<K, V> event) {
    EntryEvent<K, V> seen = configuration.isOldValueRequired() ? event : event.withoutOldValue();
    if (filter != null && !filter.evaluate(seen)) {
      return;
    }
    List<CacheEntryEvent<? extends K, ? extends V>> batch = List.of(seen);
    @SuppressWarnings("unchecked")
    CacheEntryListener<K, V> target = (CacheEntryListener<K, V>) listener;
    switch (event.getEventType()) {
      case CREATED:
        ((CacheEntryCreatedListener<K, V>) target).onCreated(batch);
        break;
      case UPDATED:
        ((CacheEntryUpdatedListener<K, V>) target).onUpdated(batch);
        break;
      case REMOVED:
        ((CacheEntryRemovedListener<K, V>) target).onRemoved(batch);
        break;
      case EXPIRED:
        ((CacheEntryExpiredListener<K, V>) target).onExpired(batch);
        break;
      default:
        throw new AssertionError(event.getEventType());
    }
  }

  /**
   * Queues {@code event} for an asynchronous listener; a failure is logged, never seen by the writer (an
   * {@link Error} is logged by the {@link SerialExecutor}, which goes on with the next event).
   */
  void deliverLater(EntryEvent<K, V> event) {
    async.execute(() -> {
      try {
        deliver(event);
      } catch (RuntimeException e) {
        log.warn("asynchronous cache entry listener {} failed on {}", listener.getClass().getName(), event, e);
      }
    });
  }

  /** Waits until the asynchronous events queued so far have been delivered (no-op for synchronous listeners). */
  void awaitQuiescence() {
    if (async != null) {
      async.awaitQuiescence();
    }
  }

  void close() {
    HybridJCache.closeQuietly(listener);
    HybridJCache.closeQuietly(filter);
  }
}

package io.hybridcache.jcache;

import java.util.ArrayList;
import java.util.List;
import javax.cache.event.EventType;

/**
 * The entry events of one cache operation, gathered while the operation holds its keys and published after. The
 * shared {@link #none()} batch, used when no listener is registered, records nothing.
 */
class EventBatch<K, V> {
  private static final EventBatch<?, ?> NONE = new EventBatch<>(null) {
    @Override
    void add(EventType type, Object key, Object value, Object oldValue) {}

    @Override
    void publish() {}

    @Override
    void rollBackTo(int mark) {}
  };

  private final EventDispatcher<K, V> dispatcher;
  private List<EntryEvent<K, V>> events;

  EventBatch(EventDispatcher<K, V> dispatcher) {
    this.dispatcher = dispatcher;
  }

  @SuppressWarnings("unchecked")
  static <K, V> EventBatch<K, V> none() {
    return (EventBatch<K, V>) NONE;
  }

  void created(K key, V value) {
    add(EventType.CREATED, key, value, null);
  }

  void updated(K key, V value, V oldValue) {
    add(EventType.UPDATED, key, value, oldValue);
  }

  void removed(K key, V oldValue) {
    add(EventType.REMOVED, key, oldValue, oldValue);
  }

  void expired(K key, V oldValue) {
    add(EventType.EXPIRED, key, oldValue, oldValue);
  }

  void add(EventType type, K key, V value, V oldValue) {
    if (events == null) {
      events = new ArrayList<>(2);
    }
    events.add(dispatcher.event(type, key, value, oldValue, oldValue != null));
  }

  /** How many events were gathered so far: a point to {@link #rollBackTo}. */
  int mark() {
    return events == null ? 0 : events.size();
  }

  /** Forgets the events gathered since {@code mark} (an attempt that will be made again). */
  void rollBackTo(int mark) {
    if (events != null) {
      events.subList(mark, events.size()).clear();
    }
  }

  /** Publishes what was gathered; an exception of a synchronous listener propagates from here. */
  void publish() {
    if (events != null) {
      List<EntryEvent<K, V>> gathered = events;
      events = null;
      dispatcher.publish(gathered);
    }
  }
}

package io.hybridcache.jcache;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;

/**
 * An entry listener of every event type that records each event as text: {@code TYPE:key=value}, followed by
 * {@code old=oldValue} when the old value is available (e.g. {@code EXPIRED:k=v1 old=v1}).
 */
final class EventRecorder<K, V> implements CacheEntryCreatedListener<K, V>, CacheEntryUpdatedListener<K, V>,
    CacheEntryRemovedListener<K, V>, CacheEntryExpiredListener<K, V> {
  final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public void onCreated(Iterable<CacheEntryEvent<? extends K, ? extends V>> batch) {
    add(batch);
  }

  @Override
  public void onUpdated(Iterable<CacheEntryEvent<? extends K, ? extends V>> batch) {
    add(batch);
  }

  @Override
  public void onRemoved(Iterable<CacheEntryEvent<? extends K, ? extends V>> batch) {
    add(batch);
  }

  @Override
  public void onExpired(Iterable<CacheEntryEvent<? extends K, ? extends V>> batch) {
    add(batch);
  }

  /**
   * The events that contradict those before them for their key, as a listener mirroring the cache sees it: CREATED of
   * a key it holds, UPDATED, REMOVED or EXPIRED of a key it does not. Empty when the stream makes sense.
   */
  List<String> contradictions() {
    Set<String> present = new HashSet<>();
    List<String> wrong = new ArrayList<>();
    for (String event : events) {
      String type = event.substring(0, event.indexOf(':'));
      String key = event.substring(event.indexOf(':') + 1, event.indexOf('='));
      boolean ok = switch (type) {
        case "CREATED" -> present.add(key);
        case "UPDATED" -> present.contains(key);
        default -> present.remove(key);
      };
      if (!ok) {
        wrong.add(event + (type.equals("CREATED") ? " (already present)" : " (absent)"));
      }
    }
    return wrong;
  }

  private void add(Iterable<CacheEntryEvent<? extends K, ? extends V>> batch) {
    for (CacheEntryEvent<? extends K, ? extends V> e : batch) {
      events.add(e.getEventType() + ":" + e.getKey() + "=" + e.getValue()
          + (e.isOldValueAvailable() ? " old=" + e.getOldValue() : ""));
    }
  }
}

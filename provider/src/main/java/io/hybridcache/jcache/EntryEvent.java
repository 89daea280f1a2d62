package io.hybridcache.jcache;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;

/**
 * One change of one entry, as entry listeners receive it. For {@code REMOVED} and {@code EXPIRED} the value is the
 * value the entry held (also given as the old value); for {@code UPDATED} the old value is the replaced one.
 */
final class EntryEvent<K, V> extends CacheEntryEvent<K, V> {
  private static final long serialVersionUID = 1L;

  private final K key;
  private final V value;
  private final transient V oldValue;
  private final boolean oldValueAvailable;

  EntryEvent(Cache<K, V> source, EventType type, K key, V value, V oldValue, boolean oldValueAvailable) {
    super(source, type);
    this.key = key;
    this.value = value;
    this.oldValue = oldValue;
    this.oldValueAvailable = oldValueAvailable;
  }

  /** This event as a listener that did not ask for old values sees it. */
  EntryEvent<K, V> withoutOldValue() {
    if (!oldValueAvailable || getEventType() != EventType.UPDATED) {
      return this;
    }
    @SuppressWarnings("unchecked")
    Cache<K, V> source = (Cache<K, V>) getSource();
    return new EntryEvent<>(source, getEventType(), key, value, null, false);
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  @Override
  public V getOldValue() {
    return oldValue;
  }

  @Override
  public boolean isOldValueAvailable() {
    return oldValueAvailable;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("a cache entry event cannot be unwrapped to " + clazz.getName());
  }

  @Override
  public String toString() {
    return getEventType() + "{key=" + key + ", value=" + value
        + (oldValueAvailable ? ", oldValue=" + oldValue : "") + '}';
  }
}

package io.hybridcache.jcache;

import java.util.Map;
import java.util.Objects;
import javax.cache.Cache;

/** An immutable key-value pair handed out by a cache: in iteration and to a {@code CacheWriter}. */
public final class EntryView<K, V> implements Cache.Entry<K, V> {
  private final K key;
  private final V value;

  EntryView(K key, V value) {
    this.key = key;
    this.value = value;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  /** Unwraps to this class or {@link Map.Entry}; anything else is an {@link IllegalArgumentException}. */
  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    if (clazz == Map.Entry.class) {
      return clazz.cast(Map.entry(key, value));
    }
    throw new IllegalArgumentException("a cache entry cannot be unwrapped to " + clazz.getName());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EntryView && Objects.equals(key, ((EntryView<?, ?>) o).key)
        && Objects.equals(value, ((EntryView<?, ?>) o).value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, value);
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}

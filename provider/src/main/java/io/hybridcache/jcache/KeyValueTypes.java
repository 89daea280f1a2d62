package io.hybridcache.jcache;

import java.util.Collection;
import java.util.Objects;

/**
 * The key and value types a cache accepts, and the argument checks of its operations: a null key or value is a
 * {@link NullPointerException}, a key or value outside the configured types a {@link ClassCastException} naming both
 * types. Caches configured with {@code Object} types check nulls only.
 */
final class KeyValueTypes<K, V> {
  private final String cacheName;
  private final Class<K> keyType;
  private final Class<V> valueType;

  KeyValueTypes(String cacheName, Class<K> keyType, Class<V> valueType) {
    this.cacheName = cacheName;
    this.keyType = keyType;
    this.valueType = valueType;
  }

  void requireKey(Object key) {
    Objects.requireNonNull(key, "key must not be null");
    if (keyType != Object.class && !keyType.isInstance(key)) {
      throw new ClassCastException("cache '" + cacheName + "' holds keys of type " + keyType.getName() + ", not "
          + key.getClass().getName());
    }
  }

  void requireValue(Object value, String what) {
    Objects.requireNonNull(value, what + " must not be null");
    if (valueType != Object.class && !valueType.isInstance(value)) {
      throw new ClassCastException("cache '" + cacheName + "' holds values of type " + valueType.getName()
          + ", not " + value.getClass().getName());
    }
  }

  void requireEntry(Object key, Object value) {
    requireKey(key);
    requireValue(value, "value");
  }

  void requireKeys(Collection<?> keys) {
    Objects.requireNonNull(keys, "keys must not be null");
    for (Object key : keys) {
      requireKey(key);
    }
  }
}

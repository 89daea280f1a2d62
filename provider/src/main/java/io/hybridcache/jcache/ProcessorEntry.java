package io.hybridcache.jcache;

import java.util.function.Function;
import javax.cache.processor.MutableEntry;

/**
 * The entry an {@code EntryProcessor} works on. It records what the processor did; the cache applies the net effect
 * atomically once the processor returns: {@link Action#CREATED}, {@link Action#UPDATED}, {@link Action#DELETED},
 * {@link Action#LOADED} (read through the loader), or nothing. Reading an absent entry of a read-through cache loads it.
 */
final class ProcessorEntry<K, V> implements MutableEntry<K, V> {
  enum Action { NONE, READ, LOADED, CREATED, UPDATED, DELETED }

  private final K key;
  private final boolean existed;
  private final Function<K, V> loader;
  private V value;
  private Action action = Action.NONE;

  /**
   * @param current the live value, or null when absent
   * @param loader loads an absent value on {@link #getValue()} (read-through), or null
   */
  ProcessorEntry(K key, V current, Function<K, V> loader) {
    this.key = key;
    this.value = current;
    this.existed = current != null;
    this.loader = loader;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    if (action == Action.NONE || action == Action.READ) {
      if (value == null && loader != null && action == Action.NONE) {
        value = loader.apply(key);
        if (value != null) {
          action = Action.LOADED;
          return value;
        }
      }
      if (action == Action.NONE) {
        action = Action.READ;
      }
    }
    return value;
  }

  @Override
  public boolean exists() {
    return value != null;
  }

  @Override
  public void remove() {
    value = null;
    // removing what this processor created leaves nothing to do; any other removal goes to the writer
    action = action == Action.CREATED ? Action.NONE : Action.DELETED;
  }

  @Override
  public void setValue(V newValue) {
    if (newValue == null) {
      throw new NullPointerException("an entry processor cannot set a null value; use remove()");
    }
    value = newValue;
    action = existed ? Action.UPDATED : Action.CREATED;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("a mutable entry cannot be unwrapped to " + clazz.getName());
  }

  Action action() {
    return action;
  }

  V value() {
    return value;
  }
}

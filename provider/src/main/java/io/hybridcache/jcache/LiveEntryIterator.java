package io.hybridcache.jcache;

import io.hybridcache.engine.CacheEntry;
import java.util.Iterator;
import java.util.NoSuchElementException;
import javax.cache.Cache;

/**
 * Iterates a cache's live entries, weakly consistent: each entry returned counts as a hit (its access expiry
 * applies), and {@link #remove()} removes it as {@code Cache.remove(key)} does (writer, event, statistics).
 */
final class LiveEntryIterator<K, V> implements Iterator<Cache.Entry<K, V>> {
  private final HybridJCache<K, V> cache;
  private final Iterator<K> keys;
  private Cache.Entry<K, V> next;
  private K last;

  LiveEntryIterator(HybridJCache<K, V> cache, Iterator<K> keys) {
    this.cache = cache;
    this.keys = keys;
  }

  @Override
  public boolean hasNext() {
    while (next == null && keys.hasNext()) {
      K key = keys.next();
      EventBatch<K, V> batch = cache.events().batch();
      CacheEntry<V> entry = cache.transitions().readLive(key, batch);
      batch.publish();
      if (entry != null) {
        cache.statistics().recordHits(1);
        next = new EntryView<>(key, cache.copyOut(entry.value()));
      }
    }
    return next != null;
  }

  @Override
  public Cache.Entry<K, V> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Cache.Entry<K, V> e = next;
    next = null;
    last = e.getKey();
    return e;
  }

  @Override
  public void remove() {
    if (last == null) {
      throw new IllegalStateException("next() was not called, or remove() was already called for this entry");
    }
    K key = last;
    last = null;
    cache.remove(key);
  }
}

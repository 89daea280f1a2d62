package io.hybridcache.jcache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/**
 * A cache's {@link CacheWriter}, or nothing when the cache is not write-through. Every failure of the writer reaches
 * the caller as a {@link CacheWriterException}; the batch calls report which entries the writer did handle, so the
 * cache applies exactly those (the JSR's partial-success rule).
 */
final class WriteThrough<K, V> {
  private final CacheWriter<K, V> writer;

  @SuppressWarnings("unchecked")
  WriteThrough(CacheWriter<? super K, ? super V> writer) {
    // a writer of supertypes accepts our keys and values: the narrower view is safe
    this.writer = (CacheWriter<K, V>) writer;
  }

  boolean isActive() {
    return writer != null;
  }

  CacheWriter<? super K, ? super V> writer() {
    return writer;
  }

  void write(K key, V value) {
    if (writer == null) {
      return;
    }
    try {
      writer.write(new EntryView<>(key, value));
    } catch (RuntimeException e) {
      throw wrapped(e);
    }
  }

  void delete(K key) {
    if (writer == null) {
      return;
    }
    try {
      writer.delete(key);
    } catch (RuntimeException e) {
      throw wrapped(e);
    }
  }

  /**
   * Writes {@code entries}; returns the keys the writer handled, and the failure if it threw (null when it did not).
   * Without a writer every key counts as handled.
   */
  BatchResult<K> writeAll(Map<K, V> entries) {
    if (writer == null) {
      return new BatchResult<>(entries.keySet(), null);
    }
    List<Cache.Entry<? extends K, ? extends V>> pending = new ArrayList<>(entries.size());
    for (Map.Entry<K, V> e : entries.entrySet()) {
      pending.add(new EntryView<>(e.getKey(), e.getValue()));
    }
    List<Cache.Entry<? extends K, ? extends V>> remaining = new ArrayList<>(pending);
    try {
      writer.writeAll(remaining);
      return new BatchResult<>(entries.keySet(), null);
    } catch (RuntimeException e) {
      List<K> written = new ArrayList<>();
      for (Cache.Entry<? extends K, ? extends V> entry : pending) {
        if (!remaining.contains(entry)) {
          written.add(entry.getKey());
        }
      }
      return new BatchResult<>(written, wrapped(e));
    }
  }

  /** Deletes {@code keys}; returns the keys the writer handled, and the failure if it threw. */
  BatchResult<K> deleteAll(Collection<K> keys) {
    if (writer == null) {
      return new BatchResult<>(keys, null);
    }
    List<K> remaining = new ArrayList<>(keys);
    try {
      writer.deleteAll(remaining);
      return new BatchResult<>(keys, null);
    } catch (RuntimeException e) {
      List<K> deleted = new ArrayList<>(keys);
      deleted.removeAll(remaining);
      return new BatchResult<>(deleted, wrapped(e));
    }
  }

  private static CacheWriterException wrapped(RuntimeException e) {
    return e instanceof CacheWriterException ? (CacheWriterException) e
        : new CacheWriterException("the cache writer failed: " + e, e);
  }

  /** What a batch call did: the keys handled, and the failure to throw once they are applied (or null). */
  static final class BatchResult<K> {
    final Collection<K> handled;
    final CacheWriterException failure;

    BatchResult(Collection<K> handled, CacheWriterException failure) {
      this.handled = handled;
      this.failure = failure;
    }
  }
}

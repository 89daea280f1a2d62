package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import io.hybridcache.FactoryContext;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The context of one factory run: the fallback it may use, and the options, tags and validators it sets. Reads of the
 * result happen after the factory's future completed, which orders them after the factory's writes.
 */
final class EngineFactoryContext<K, V> implements FactoryContext<K, V> {
  private final K key;
  private final CacheEntry<V> stale;
  private EntryOptions options;
  private Set<String> tags;
  private final Tags rules;
  private String etag;
  private Instant lastModified;
  private String failure;
  private boolean notModified;

  /** @param rules the bounds the tags the factory sets must keep ({@link Tags#ofEntry}) */
  EngineFactoryContext(K key, CacheEntry<V> stale, EntryOptions options, Set<String> tags, Tags rules) {
    this.rules = rules;
    this.key = key;
    this.stale = stale;
    this.options = options;
    this.tags = tags;
    if (stale != null) {
      this.etag = stale.etag();
      this.lastModified = stale.lastModified();
    }
  }

  @Override
  public K key() {
    return key;
  }

  @Override
  public Optional<V> staleValue() {
    return stale == null ? Optional.empty() : stale.optional();
  }

  @Override
  public EntryOptions options() {
    return options;
  }

  @Override
  public void options(EntryOptions options) {
    this.options = Objects.requireNonNull(options, "options must not be null");
  }

  @Override
  public Set<String> tags() {
    return tags;
  }

  @Override
  public void tags(Set<String> tags) {
    this.tags = rules.ofEntry(tags);
  }

  @Override
  public Optional<String> etag() {
    return Optional.ofNullable(etag);
  }

  @Override
  public Optional<Instant> lastModified() {
    return Optional.ofNullable(lastModified);
  }

  @Override
  public V notModified() {
    if (stale == null) {
      throw new IllegalStateException("notModified() needs a fallback value to keep, and key '" + key
          + "' has none: return a value (or modified(...)) when staleValue() is empty");
    }
    notModified = true;
    return stale.value();
  }

  @Override
  public V modified(V value, String etag, Instant lastModified) {
    Objects.requireNonNull(value, "value must not be null");
    this.etag = etag;
    this.lastModified = lastModified;
    this.notModified = false;
    return value;
  }

  @Override
  public V fail(String reason) {
    this.failure = reason == null || reason.isEmpty() ? "the factory reported a failure" : reason;
    return null;
  }

  String failure() {
    return failure;
  }

  /** Builds the entry the factory produced, written at {@code now}. */
  CacheEntry<V> toEntry(V value, long now) {
    V kept = notModified ? stale.value() : value;
    return CacheEntry.create(kept, now, options, tags, etag, lastModified);
  }
}

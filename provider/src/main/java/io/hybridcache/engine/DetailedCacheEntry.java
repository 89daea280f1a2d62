package io.hybridcache.engine;

import java.time.Instant;
import java.util.Set;

/**
 * A {@link CacheEntry} with some of the rarer metadata: tags, an etag, a last-modified time, an eager-refresh time, a
 * physical expiration past the logical one (fail-safe), a weight other than 1, or the stale mark. Made by
 * {@link CacheEntry#of} only; immutable but for the cached tag check.
 *
 * @param <V> the value type
 */
final class DetailedCacheEntry<V> extends CacheEntry<V> {
  private final long eagerRefreshAt;
  private final long physicalExpiration;
  private final boolean stale;
  private final Set<String> tags;
  /** {@code tags.isEmpty()}, kept as a field: the hit path's tag check is then one field read. */
  private final boolean untagged;
  private final String etag;
  private final Instant lastModified;
  private final int weight;
  /**
   * The last check that found none of {@link #tags} removed after this entry was written, or null: the one mutable
   * field, a cache of {@link Barriers}' verdict so that a tagged hit does not look each tag's time up again. Written
   * without synchronization (the check it holds is immutable): a thread that sees an older check, or none, checks
   * again.
   */
  private TagCheck tagCheck;

  DetailedCacheEntry(V value, long timestamp, long logicalExpiration, long eagerRefreshAt, long physicalExpiration,
      boolean stale, Set<String> tags, String etag, Instant lastModified, int weight, long order) {
    super(value, timestamp, logicalExpiration, order);
    this.eagerRefreshAt = eagerRefreshAt;
    this.physicalExpiration = physicalExpiration;
    this.stale = stale;
    this.tags = tags;
    this.untagged = tags.isEmpty();
    this.etag = etag;
    this.lastModified = lastModified;
    this.weight = weight;
  }

  @Override
  public long physicalExpiration() {
    return physicalExpiration;
  }

  @Override
  public boolean isStale() {
    return stale;
  }

  @Override
  Set<String> tags() {
    return tags;
  }

  @Override
  boolean untagged() {
    return untagged;
  }

  @Override
  String etag() {
    return etag;
  }

  @Override
  Instant lastModified() {
    return lastModified;
  }

  @Override
  long eagerRefreshAt() {
    return eagerRefreshAt;
  }

  @Override
  int weight() {
    return weight;
  }

  @Override
  TagCheck tagCheck() {
    return tagCheck;
  }

  @Override
  void tagCheck(TagCheck check) {
    this.tagCheck = check;
  }
}

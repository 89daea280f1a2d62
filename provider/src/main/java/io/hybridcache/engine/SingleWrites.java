package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import io.hybridcache.spi.BackplaneMessage;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The writes of one key of one cache ({@code set}, {@code remove}, {@code expire}, and the announced writes the tag
 * store makes): each supersedes the runs under way on the key, changes L1, then L2 and the backplane.
 */
final class SingleWrites<K, V> {
  private final TimeSource time;
  private final MemoryLevel<K, V> memory;
  private final RunRegistry<K> runs;
  private final CacheEvents<K> events;
  private final DistributedOperations<K, V> distributed;
  private final EntryClock clock;
  private final Tags tagRules;

  SingleWrites(TimeSource time, MemoryLevel<K, V> memory, RunRegistry<K> runs, CacheEvents<K> events,
      DistributedOperations<K, V> distributed, EntryClock clock, Tags tagRules) {
    this.time = time;
    this.memory = memory;
    this.runs = runs;
    this.events = events;
    this.distributed = distributed;
    this.clock = clock;
    this.tagRules = tagRules;
  }

  /** {@code set}: completes as the L2 write and the notice do, as the options say the caller waits. */
  CompletableFuture<Void> write(K key, V value, EntryOptions options, Set<String> tags) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(value, "value must not be null");
    Objects.requireNonNull(options, "options must not be null");
    Set<String> checkedTags = tagRules.ofEntry(tags);
    runs.supersede(key);
    CacheEntry<V> entry = CacheEntry.create(value, clock.stamp(), options, checkedTags, null, null);
    distributed.refuseUnwritable(key, entry, options); // re-throwing: a value L2 cannot take is cached nowhere
    if (!options.skipMemoryCacheWrite()) {
      memory.putUnlessNewer(key, entry); // as L2 does: a concurrent write stamped later may have landed first
    }
    events.set(key);
    return distributed.written(key, entry, options, true);
  }

  /** {@code remove}. */
  CompletableFuture<Void> remove(K key, EntryOptions options) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(options, "options must not be null");
    runs.supersede(key);
    if (!options.skipMemoryCacheWrite()) {
      memory.invalidate(key);
    }
    events.remove(key);
    return distributed.removed(key, options);
  }

  /** {@code expire}: logical expiry, the value kept as a fallback. */
  CompletableFuture<Void> expire(K key, EntryOptions options) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(options, "options must not be null");
    runs.supersede(key);
    if (!options.skipMemoryCacheWrite() && memory.expire(key, time.wallMillis())) {
      events.expire(key);
    }
    return distributed.expired(key, options);
  }

  /** See {@link HybridCacheEngine#writeAnnounced}. */
  CompletableFuture<Void> writeAnnounced(K key, V value, EntryOptions options, BackplaneMessage.Type type,
      String noticeKey) {
    runs.supersede(key);
    long now = time.wallMillis();
    CacheEntry<V> entry = CacheEntry.create(value, now, options, Set.of(), null, null);
    memory.put(key, entry);
    return distributed.written(key, entry, options, type, noticeKey, now);
  }

  /** See {@link HybridCacheEngine#writeAnnouncedAt}. */
  CompletableFuture<Void> writeAnnouncedAt(K key, V value, long stampedAt, EntryOptions options,
      BackplaneMessage.Type type, String noticeKey) {
    CacheEntry<V> entry = CacheEntry.create(value, stampedAt, options, Set.of(), null, null);
    return distributed.written(key, entry, options, type, noticeKey, stampedAt);
  }
}

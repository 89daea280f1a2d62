package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import io.hybridcache.spi.BackplaneMessage;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The removals of many entries at once of one cache, by tag ({@code removeByTag}) or all ({@code clear}): each writes
 * one time (L1, L2, and a backplane message the other nodes apply at once) that reads compare entries with (see
 * {@link Barriers}), and supersedes every run under way.
 */
final class Wipes<K, V> {
  private final TimeSource time;
  private final MemoryLevel<K, V> memory;
  private final RunRegistry<K> runs;
  private final DistributedOperations<K, V> distributed;
  private final EntryClock clock;
  /** Null for the tag store's own engine, which has no tags. */
  private final TagStore tags;
  private final Barriers barriers;
  private final InternalKeys internalKeys;
  private final EntryOptions defaults;

  Wipes(TimeSource time, MemoryLevel<K, V> memory, RunRegistry<K> runs, DistributedOperations<K, V> distributed,
      EntryClock clock, TagStore tags, Barriers barriers, InternalKeys internalKeys, EntryOptions defaults) {
    this.time = time;
    this.memory = memory;
    this.runs = runs;
    this.distributed = distributed;
    this.clock = clock;
    this.tags = tags;
    this.barriers = barriers;
    this.internalKeys = internalKeys;
    this.defaults = defaults;
  }

  /** {@code removeByTag}: see {@link HybridCacheEngine#removeByTag(String)}. */
  CompletableFuture<Void> removeTags(Set<String> tagsToRemove) {
    Set<String> checked = Tags.validated(tagsToRemove);
    for (String tag : checked) {
      if (internalKeys.isClearTag(tag)) {
        throw new IllegalArgumentException("tag '" + tag + "' is reserved for clear(" + tag.equals(
            internalKeys.clearExpireTag()) + "); call clear(...) or use another tag name");
      }
    }
    if (checked.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    long at = time.wallMillis();
    clock.observe(at);
    runs.supersedeAll();
    CompletableFuture<?>[] writes = new CompletableFuture<?>[checked.size()];
    int i = 0;
    for (String tag : checked) {
      writes[i++] = tags.remove(tag, at, BackplaneMessage.Type.TAG_REMOVED, tag, defaults);
    }
    return CompletableFuture.allOf(writes);
  }

  /**
   * Clears this cache on every node: a barrier at now hides every entry written until now (expired as fallbacks, or
   * removed), here at once, on the other nodes when the backplane message arrives, and on nodes started later through
   * the time kept in L2. L1 is emptied (or expired) here directly; L2's copies stay hidden until their TTL.
   */
  CompletableFuture<Void> clear(boolean allowFailSafe) {
    long now = time.wallMillis();
    clock.observe(now);
    barriers.cleared(allowFailSafe, now);
    Set<K> running = runs.supersedeAll();
    if (allowFailSafe) {
      memory.expireAll(now);
    } else {
      memory.invalidateAll();
    }
    // A run may have checked it was not superseded just before supersedeAll and be inserting its entry into a key that
    // was absent: the bulk pass above does not see it. Going over the keys of those runs again, each under its lock,
    // waits for such a save and clears what it saved.
    for (K key : running) {
      if (allowFailSafe) {
        memory.expire(key, now);
      } else {
        memory.invalidate(key);
      }
    }
    if (!distributed.isActive()) {
      return CompletableFuture.completedFuture(null);
    }
    return tags.remove(barriers.clearTag(allowFailSafe), now, BackplaneMessage.Type.CLEAR,
        allowFailSafe ? DistributedOperations.CLEAR_EXPIRE : DistributedOperations.CLEAR_REMOVE, defaults);
  }
}

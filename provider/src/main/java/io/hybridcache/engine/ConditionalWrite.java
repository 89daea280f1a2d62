package io.hybridcache.engine;

import io.hybridcache.DistributedCacheException;
import io.hybridcache.EntryOptions;
import io.hybridcache.spi.BackplaneMessage;
import java.time.Duration;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One change of one key made atomically across nodes (behind {@link EntryAccess#computeAcrossNodes}, which holds the
 * key's lock of this node around it): read the entry the distributed level holds, apply the change to it, and write
 * the result only if the level still holds the bytes that were read. When another writer got there first (another
 * node, or an unconditional write of this node), wait a backoff and start again from its entry, within the bound of
 * {@link ConflictBackoff}; past it, a {@link DistributedCacheException} that names the key, the bound and the setting.
 * On success the memory level takes the result and the other nodes are told.
 */
final class ConditionalWrite<K, V> {
  private static final Logger LOG = LoggerFactory.getLogger(ConditionalWrite.class);

  private final K key;
  private final DistributedOperations<K, V> distributed;
  private final MemoryLevel<K, V> memory;
  private final RunRegistry<K> runs;
  private final TimeSource time;
  private final EntryOptions options;
  private final String cacheName;
  private final Barriers barriers;

  ConditionalWrite(K key, DistributedOperations<K, V> distributed, MemoryLevel<K, V> memory, RunRegistry<K> runs,
      TimeSource time, EntryOptions options, String cacheName, Barriers barriers) {
    this.key = key;
    this.distributed = distributed;
    this.memory = memory;
    this.runs = runs;
    this.time = time;
    this.options = options;
    this.cacheName = cacheName;
    this.barriers = barriers;
  }

  CacheEntry<V> apply(BiFunction<? super K, ? super CacheEntry<V>, ? extends CacheEntry<V>> change,
      Runnable beforeRetry) {
    return apply(change, beforeRetry, null);
  }

  /**
   * {@link #apply(BiFunction, Runnable)}, the first attempt starting from {@code ahead} (the bytes a bulk read found,
   * with the watch started before it) instead of reading; null: it reads.
   */
  CacheEntry<V> apply(BiFunction<? super K, ? super CacheEntry<V>, ? extends CacheEntry<V>> change,
      Runnable beforeRetry, ReadAhead.Read<K> ahead) {
    String levelKey = distributed.levelKey(key);
    ConflictBackoff backoff = null;
    for (int attempt = 1; ; attempt++) {
      ReadAhead.Read<K> first = attempt == 1 ? ahead : null;
      // hears of the changes other nodes announce from before the read on: see install
      try (RunRegistry<K>.Run watch = first != null ? first.watch() : runs.start(key)) {
        byte[] raw;
        if (first != null) {
          raw = first.raw();
        } else {
          try {
            raw = Failures.await(() -> distributed.readRaw(levelKey, options), key, cacheName);
          } catch (RuntimeException e) {
            return degraded(change, e);
          }
        }
        CacheEntry<V> remote = distributed.decode(levelKey, raw, options);
        if (remote != null && (remote.physicalExpiration() <= time.wallMillis()
            || barriers.verdict(remote) != Barriers.Verdict.VISIBLE)) {
          remote = null; // gone, or hidden by a clear or a tag removal: absent for the operation
        }
        remote = sameAsLocal(levelKey, remote, raw);
        CacheEntry<V> next = change.apply(key, remote);
        if (next == remote) {
          install(next, watch); // only read
          return next;
        }
        CacheEntry<V> stored = next == null ? null : EntryCodec.forLevel(next, options);
        Duration ttl = stored == null ? null : distributed.timeToLive(stored);
        byte[] replacement = ttl == null ? null : distributed.encodeChange(key, levelKey, stored, options);
        if (replacement == null && remote == null) {
          install(next, watch); // nothing there, nothing to write
          return next;
        }
        BackplaneMessage notice = distributed.noticeOfChange(key, replacement == null ? null : next, options);
        boolean swapped;
        try {
          byte[] expected = raw;
          swapped = Failures.await(() -> distributed.compareAndSet(levelKey, expected, replacement, ttl, notice,
              options), key, cacheName);
        } catch (RuntimeException e) {
          if (options.reThrowDistributedCacheExceptions()) {
            throw e instanceof DistributedCacheException d ? d : distributed.failure("compare-and-set", e);
          }
          // failed or timed out: whether L2 took it is unknown; made again by auto-recovery, never over a newer entry
          distributed.recoverChange(key, replacement == null ? null : next, options);
          install(next, watch);
          return next;
        }
        if (swapped) {
          install(next, watch);
          return next;
        }
      }
      if (backoff == null) {
        backoff = new ConflictBackoff(time,
            options.distributedCacheHardTimeout().orElse(ConflictBackoff.DEFAULT_BOUND));
      }
      if (!backoff.awaitNextAttempt()) {
        throw conflictBoundPassed(attempt, backoff.bound());
      }
      LOG.debug("cache '{}': key '{}' changed during an atomic change; attempt {}", cacheName, key, attempt + 1);
      beforeRetry.run();
    }
  }

  private DistributedCacheException conflictBoundPassed(int attempts, Duration bound) {
    return new DistributedCacheException("cache '" + cacheName + "': key '" + key + "' was changed by another writer "
        + "(another node, or an unconditional write) during each of " + attempts + " attempts of an atomic operation "
        + "over " + bound.toMillis() + " ms, the bound of its retries; the entry is unchanged. The bound is the "
        + "cache's distributedCacheHardTimeout (" + ConflictBackoff.DEFAULT_BOUND.toSeconds() + " s when unset): "
        + "raise it, or make fewer writers change this key at once", null);
  }

  /**
   * The memory level's entry instead of {@code remote} when both hold the same bytes: the entry this node wrote or
   * last read, so a store-by-reference cache hands back the very instance it was given, as on a single node.
   */
  private CacheEntry<V> sameAsLocal(String levelKey, CacheEntry<V> remote, byte[] raw) {
    if (remote == null) {
      return null;
    }
    CacheEntry<V> local = memory.get(key);
    if (local == null || local.timestamp != remote.timestamp || !distributed.holds(levelKey, raw, local, options)) {
      return remote;
    }
    return local;
  }

  /**
   * The level failed or timed out: apply the change on this node only, as without a level (unless the options
   * re-throw), and queue what it changed for auto-recovery, like a failed {@code set} or {@code remove}.
   */
  private CacheEntry<V> degraded(BiFunction<? super K, ? super CacheEntry<V>, ? extends CacheEntry<V>> change,
      RuntimeException failure) {
    if (options.reThrowDistributedCacheExceptions()) {
      throw failure instanceof DistributedCacheException d ? d : distributed.failure("read", failure);
    }
    runs.supersede(key);
    boolean[] changed = new boolean[1];
    CacheEntry<V> result = memory.compute(key, (k, current) -> {
      CacheEntry<V> next = change.apply(k, current);
      if (next != current) {
        runs.supersede(k);
        changed[0] = true;
      }
      return next;
    });
    if (changed[0]) {
      distributed.recoverChange(key, result, options);
    }
    return result;
  }

  /**
   * Puts {@code next}, the entry the distributed level now holds as far as this attempt knows, in the memory level,
   * and marks the key's runs superseded as any explicit write does. Another node may have changed the key after this
   * attempt read it, and its notice may have reached this node before this install: the notice then found the older
   * copy, or none, and {@code next} must not hide that change. {@code watch}, registered before the read, has heard
   * of such notices (as a factory run does, {@link RunRegistry#supersede(Object, long)}); then:
   * <ul>
   *   <li>an entry the memory level holds written after {@code next} stays (its writer keeps it right);
   *   <li>a change made after {@code next}'s millisecond (or a local write, a sweep): the memory level drops its copy,
   *       read again from the distributed level on next access;
   *   <li>a change made in {@code next}'s millisecond: {@code next} is kept expired, a fallback read again on next
   *       access, since nothing tells which came first (as {@link MemoryLevel#saveFromLevel} does).
   * </ul>
   * A notice that comes after the watch was read finds {@code next} in the memory level and applies to it. With no
   * change announced meanwhile, {@code next} is saved as it is.
   */
  private void install(CacheEntry<V> next, RunRegistry<K>.Run watch) {
    long now = time.wallMillis();
    memory.compute(key, (k, current) -> {
      boolean announcedAfter = next != null && watch.isSupersededAfter(next.timestamp);
      boolean announcedAt = next != null && watch.isSupersededAt(next.timestamp);
      runs.supersede(k); // under the key's lock, after the watch was read (this marks the watch too)
      if (next == null || !announcedAfter && !announcedAt) {
        return next;
      }
      if (current != null && current.writtenAfter(next)) {
        return current;
      }
      if (announcedAfter) {
        return null;
      }
      CacheEntry<V> expired = next.expiredAt(now);
      return expired.physicalExpiration() > now ? expired : null;
    });
  }
}

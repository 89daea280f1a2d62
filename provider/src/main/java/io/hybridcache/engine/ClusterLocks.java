package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import io.hybridcache.spi.DistributedLocker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-wide locks of one cache's keys, for distributed locking ({@link ClusterNodeBuilder#distributedLocker}):
 * a {@code getOrSet} miss takes its key's lock before running the factory, an atomic operation before its
 * compare-and-set, so one node at a time works on the key. A lock is named
 * {@code {keyPrefix}{sep}~lock{sep}{cacheName}{sep}{encodedKey}}: the cache-name place holds {@code ~lock}, which no
 * cache may be named, so no entry key is ever a lock's name.
 *
 * <p>A lock that cannot be had (its wait passes, the locker fails, or the distributed level's circuit breaker is
 * open) is not an error: the operation goes on without it, as it would without distributed locking, and that is
 * counted ({@code distributedLocksMissed}) and logged.
 *
 * @param <K> the key type
 */
final class ClusterLocks<K> {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterLocks.class);
  /** How long an operation waits for a key's lock when its options set no {@code distributedLockTimeout}. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  /** The cache-name place of every lock's name. */
  static final String NAMESPACE = "~lock";
  /** Owner numbers, unique in this JVM (the locker tells nodes apart itself). */
  private static final AtomicLong OWNERS = new AtomicLong();
  /** What an operation holds when it goes on without the lock. */
  static final HeldLock NOT_HELD = () -> { };

  private final ClusterNode node;
  private final DistributedLocker locker;
  private final String nameStart;
  private final DistributedOperations<K, ?> distributed;
  private final CacheEvents<K> events;
  private final String cacheName;

  /** The locks of {@code cacheName}; none (every operation goes without) when {@code node} has no locker. */
  ClusterLocks(String cacheName, ClusterNode node, DistributedOperations<K, ?> distributed, CacheEvents<K> events) {
    this.cacheName = cacheName;
    this.node = node;
    this.locker = node == null || !distributed.hasLevel() ? null : node.locker();
    InternalKeys internal = node == null ? InternalKeys.defaults() : node.internalKeys();
    this.nameStart = node == null ? null : node.keyPrefix() + internal.separator() + NAMESPACE
        + internal.separator() + internal.escaped(cacheName) + internal.separator();
    this.distributed = distributed;
    this.events = events;
  }

  /** Whether an operation with {@code options} takes its key's lock. */
  boolean appliesTo(EntryOptions options) {
    return locker != null && !options.skipDistributedLocking();
  }

  /**
   * Takes the lock of {@code key}, waiting at most the options' {@code distributedLockTimeout}. The future completes
   * with the lock held, or with {@link #NOT_HELD} when it was not had (counted, logged); it never fails.
   */
  CompletableFuture<HeldLock> acquire(K key, EntryOptions options) {
    Duration wait = options.distributedLockTimeout().orElse(DEFAULT_TIMEOUT);
    if (!node.levelAllows()) {
      events.distributedLockMissed(key, "the distributed level's circuit breaker is open");
      return CompletableFuture.completedFuture(NOT_HELD);
    }
    String name = nameStart + distributed.encodeKey(key);
    long owner = OWNERS.incrementAndGet();
    CompletableFuture<Boolean> taken;
    try {
      taken = locker.tryLock(name, owner, wait);
    } catch (RuntimeException e) {
      taken = CompletableFuture.failedFuture(e);
    }
    return taken.handle((held, error) -> {
      if (error != null) {
        events.distributedLockMissed(key, "the locker failed: " + Failures.unwrap(error));
        return NOT_HELD;
      }
      if (!held) {
        events.distributedLockMissed(key, "another node held it for longer than " + wait.toMillis() + " ms (the "
            + "distributedLockTimeout of the entry options)");
        return NOT_HELD;
      }
      return () -> release(name, owner);
    });
  }

  /** As {@link #acquire}, waiting on the calling thread; closing what it returns releases the lock without waiting. */
  HeldLock lock(K key, EntryOptions options) {
    return Failures.await(() -> acquire(key, options), key, cacheName);
  }

  private void release(String name, long owner) {
    try {
      locker.unlock(name, owner).whenComplete((v, error) -> {
        if (error != null) {
          LOG.warn("cache '{}': could not release the distributed lock '{}' ({}); it lapses with its lease",
              cacheName, name, Failures.unwrap(error).toString());
        }
      });
    } catch (RuntimeException e) {
      LOG.warn("cache '{}': could not release the distributed lock '{}' ({}); it lapses with its lease", cacheName,
          name, e.toString());
    }
  }
}

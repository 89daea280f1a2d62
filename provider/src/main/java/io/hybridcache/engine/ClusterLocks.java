package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import io.hybridcache.spi.DistributedLocker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
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
  /** For the deadline of {@link #acquireAll}. */
  private final TimeSource time;

  /** The locks of {@code cacheName}; none (every operation goes without) when {@code node} has no locker. */
  ClusterLocks(String cacheName, ClusterNode node, DistributedOperations<K, ?> distributed, CacheEvents<K> events,
      TimeSource time) {
    this.cacheName = cacheName;
    this.time = time;
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
    return acquire(key, nameStart + distributed.encodeKey(key), wait, wait);
  }

  /**
   * Takes the locks of {@code keys} one after the other in the order of their names, the same on every node, so that
   * two nodes locking overlapping batches never wait for each other in a circle (a single key's lock is one lock, so
   * it joins no circle either). The options' {@code distributedLockTimeout} bounds the whole acquisition: each lock
   * waits for what is left of it, and once it is spent the remaining locks are tried once without waiting. The future
   * completes with one element per key, in the order of {@code keys}: the lock held, or {@link #NOT_HELD} for a lock
   * not had (counted and logged as {@link #acquire} counts it); it never fails.
   */
  CompletableFuture<List<HeldLock>> acquireAll(List<K> keys, EntryOptions options) {
    Duration wait = options.distributedLockTimeout().orElse(DEFAULT_TIMEOUT);
    long deadline = time.nanoTime() + wait.toNanos();
    String[] names = new String[keys.size()];
    Integer[] order = new Integer[keys.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = nameStart + distributed.encodeKey(keys.get(i));
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparing(i -> names[i]));
    HeldLock[] held = new HeldLock[names.length];
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (int i : order) {
      chain = chain.thenCompose(v -> {
        Duration left = Duration.ofNanos(Math.max(0, deadline - time.nanoTime()));
        return acquire(keys.get(i), names[i], left, wait).thenAccept(lock -> held[i] = lock);
      });
    }
    return chain.thenApply(v -> new ArrayList<>(Arrays.asList(held)));
  }

  /** Takes the lock {@code name} of {@code key}, waiting at most {@code wait} of the options' {@code bound}. */
  private CompletableFuture<HeldLock> acquire(K key, String name, Duration wait, Duration bound) {
    if (!node.levelAllows()) {
      events.distributedLockMissed(key, "the distributed level's circuit breaker is open");
      return CompletableFuture.completedFuture(NOT_HELD);
    }
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
        events.distributedLockMissed(key, "another node held it for longer than " + bound.toMillis() + " ms (the "
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

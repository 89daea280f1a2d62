package io.hybridcache.spi;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Locks shared by every node of a key prefix, for distributed locking: while one node holds a key's lock, the others
 * wait before running that key's factory or atomic operation, so a cold key is computed once per cluster instead of
 * once per node. The engine names the locks (one per cache and key, in a namespace no entry can take) and gives each
 * acquisition an owner number of its own, so a lock taken on one thread may be released from another.
 *
 * <p>A lock must not outlive a node that dies while holding it for long: implementations keep it alive while the
 * node lives (a lease renewed in the background) and let it lapse otherwise. Failures are reported through the
 * futures; the engine treats a failure like a lock not had in time (it goes on without it, logged and counted).
 */
public interface DistributedLocker extends AutoCloseable {

  /**
   * Takes the lock {@code name} for {@code owner}, waiting for it at most {@code wait}.
   *
   * @param name the lock's name
   * @param owner the acquisition's owner number, unique among this node's acquisitions that may overlap
   * @param wait how long to wait when another owner holds it; zero to try once
   * @return a future completing with true when the lock is held, false when the wait passed first, exceptionally when
   *     the backend failed
   */
  CompletableFuture<Boolean> tryLock(String name, long owner, Duration wait);

  /**
   * Releases the lock {@code name} held by {@code owner}; does nothing when {@code owner} does not hold it (its lease
   * lapsed).
   *
   * @param name the lock's name
   * @param owner the holder the lock was taken for
   * @return a future completing when the lock is released, exceptionally when the backend failed (the lock then lapses
   *     with its lease)
   */
  CompletableFuture<Void> unlock(String name, long owner);

  /** Releases what the locker holds; the default does nothing. */
  @Override
  default void close() {}
}

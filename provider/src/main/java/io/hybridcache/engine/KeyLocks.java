package io.hybridcache.engine;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per key, for the atomic operations of one node: a node's threads changing the same key queue here, one at
 * a time, instead of racing each other through the distributed level's compare-and-set (where all but one would lose
 * and start again). Different keys never wait for each other. A key's lock exists only while a thread holds or waits
 * for it, so the map stays as small as the number of keys being changed at once.
 *
 * <p>The locks are reentrant (an entry processor that changes its own key again does not deadlock) and not
 * interruptible, like the per-key locks of the memory level's {@code compute}. Waiting has no bound of its own: a
 * thread waits as long as the holder's operation takes, which its own timeouts bound.
 *
 * @param <K> the key type
 */
final class KeyLocks<K> {
  private final ConcurrentHashMap<K, Holder> locks = new ConcurrentHashMap<>();

  /** Waits until this thread holds the lock of {@code key}; call {@link HeldLock#close()} to let the next one in. */
  HeldLock lock(K key) {
    Holder holder = locks.compute(key, (k, current) -> {
      Holder h = current == null ? new Holder() : current;
      h.users++;
      return h;
    });
    holder.lock.lock();
    return () -> {
      holder.lock.unlock();
      locks.computeIfPresent(key, (k, current) -> --current.users == 0 ? null : current);
    };
  }

  /** The number of keys whose lock is held or waited for (for tests: it must return to zero). */
  int size() {
    return locks.size();
  }

  /** The lock of one key and the number of threads holding or waiting for it (changed only inside the map's compute). */
  private static final class Holder {
    final ReentrantLock lock = new ReentrantLock();
    int users;
  }
}

package io.hybridcache.distributed;

import io.hybridcache.spi.DistributedLocker;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One node's {@link DistributedLocker} over locks shared in memory by every node of a test ({@link SharedLocks}): a
 * lock held by one owner makes the others wait, in real time, up to their bound. Not reentrant (owners differ).
 * Counts the locks taken.
 */
public final class InMemoryLocker implements DistributedLocker {
  private static final ExecutorService WAITERS = Executors.newCachedThreadPool(task -> {
    Thread t = new Thread(task, "in-memory-locker-waiter");
    t.setDaemon(true);
    return t;
  });

  private final SharedLocks shared;

  public InMemoryLocker(SharedLocks shared) {
    this.shared = shared;
  }

  @Override
  public CompletableFuture<Boolean> tryLock(String name, long owner, Duration wait) {
    return CompletableFuture.supplyAsync(() -> shared.tryLock(name, owner, wait), WAITERS);
  }

  @Override
  public CompletableFuture<Void> unlock(String name, long owner) {
    shared.unlock(name, owner);
    return CompletableFuture.completedFuture(null);
  }

  /** The locks every node of one test shares. */
  public static final class SharedLocks {
    private final Map<String, Long> holders = new HashMap<>();
    /** Locks taken so far. */
    public final AtomicInteger taken = new AtomicInteger();

    synchronized boolean tryLock(String name, long owner, Duration wait) {
      long deadline = System.nanoTime() + wait.toNanos();
      while (holders.containsKey(name)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      holders.put(name, owner);
      taken.incrementAndGet();
      return true;
    }

    synchronized void unlock(String name, long owner) {
      if (holders.remove(name, owner)) {
        notifyAll();
      }
    }

    /** The names of the locks held now. */
    public synchronized Set<String> held() {
      return Set.copyOf(holders.keySet());
    }
  }
}

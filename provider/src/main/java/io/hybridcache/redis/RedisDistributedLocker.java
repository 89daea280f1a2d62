package io.hybridcache.redis;

import io.hybridcache.spi.DistributedLocker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RedissonClient;

/**
 * Redisson's reentrant lock ({@code RLock}) as a {@link DistributedLocker}: taken with a lease that Redisson's watchdog
 * renews while the client lives ({@code lockWatchdogTimeout}, 30 s by default, in the configuration's {@code redis}
 * section), so a node that dies holding a lock frees it within that time. A waiting node is woken by Redisson's unlock
 * message instead of polling. The owner number stands for Redisson's thread id, so an asynchronous call may release
 * a lock from any thread. Completions run on the connection's callback threads, never on Redisson's I/O threads.
 */
final class RedisDistributedLocker implements DistributedLocker {
  /** Lease handled by the watchdog. */
  private static final long WATCHDOG_LEASE = -1;

  private final RedissonClient client;
  private final Callbacks callbacks;

  RedisDistributedLocker(RedissonClient client, Callbacks callbacks) {
    this.client = client;
    this.callbacks = callbacks;
  }

  @Override
  public CompletableFuture<Boolean> tryLock(String name, long owner, Duration wait) {
    return callbacks.of(client.getLock(name).tryLockAsync(wait.toMillis(), WATCHDOG_LEASE, TimeUnit.MILLISECONDS,
        owner));
  }

  @Override
  public CompletableFuture<Void> unlock(String name, long owner) {
    return callbacks.of(client.getLock(name).unlockAsync(owner).exceptionally(error -> {
      if (notHeld(error)) {
        return null; // the lease lapsed meanwhile: nothing to release
      }
      throw error instanceof RuntimeException r ? r : new IllegalStateException(error);
    }));
  }

  /** Whether Redisson refused an unlock because the owner no longer holds the lock. */
  private static boolean notHeld(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof IllegalMonitorStateException) {
        return true;
      }
    }
    return false;
  }
}

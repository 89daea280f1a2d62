package io.hybridcache.redis;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor HybridCache gives its Redisson client, which runs each task on the thread that hands it over. Redisson
 * hands its executor the delivery of every pub/sub message and subscription confirmation, from the Netty thread that
 * read it; with its default pool, each message woke a second thread, even this node's own notifications, which come
 * back to the writer on every write. The listeners HybridCache subscribes return at once ({@link Subscription}: they
 * decode, check the sequence, drop the node's own messages and queue the rest on the node's own thread), so they run
 * where the message was read.
 *
 * <p>A task that throws is logged at warn and goes no further: it must not reach Netty's decoder. After
 * {@link #shutdown()} tasks are refused with {@link RejectedExecutionException}, as a pool's would be, and
 * {@link #isShutdown()} is true, which Redisson checks before it delivers.
 */
final class InlineExecutor extends AbstractExecutorService {
  private static final Logger LOG = LoggerFactory.getLogger(InlineExecutor.class);

  private volatile boolean shutdown;

  @Override
  public void execute(Runnable task) {
    if (shutdown) {
      throw new RejectedExecutionException("the Redis connection is closed");
    }
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.warn("a Redis pub/sub callback failed", e);
    }
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  /** True once shut down: the executor has no thread of its own to wait for (tasks run on their callers'). */
  @Override
  public boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return shutdown;
  }
}

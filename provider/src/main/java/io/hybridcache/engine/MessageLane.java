package io.hybridcache.engine;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread on which a node applies what the backplane delivers: one task after the other, in the order they were
 * handed over. A backplane calls its listener on the thread that read the message (for Redis, a Netty I/O thread that
 * also reads the replies to commands), where nothing may wait: applying a message takes a key's lock in the memory
 * level, which a JCache write-through holds for as long as its writer runs, and a lost subscription sweeps the whole
 * level. What stays on the receiving thread is what costs nothing: decoding, the sequence check, dropping the node's
 * own messages, which on a node that writes are most of them.
 *
 * <p>At most one thread, started on demand and ended after a minute without work; the queue is unbounded, as the one
 * Redisson keeps for its listeners is. A task that throws is logged at warn and the next one runs. After
 * {@link #close()} new tasks are dropped (logged at debug): the node no longer applies anything.
 */
final class MessageLane implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MessageLane.class);
  private static final AtomicInteger LANES = new AtomicInteger();
  private static final long IDLE_SECONDS = 60;

  private final ThreadPoolExecutor executor;

  MessageLane() {
    String name = "hybridcache-backplane-" + LANES.incrementAndGet();
    this.executor = new ThreadPoolExecutor(0, 1, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /** Queues {@code task} behind the ones handed over before it. */
  void run(Runnable task) {
    try {
      executor.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          LOG.warn("a backplane task failed; the next one runs", e);
        }
      });
    } catch (RejectedExecutionException closed) {
      LOG.debug("dropped a backplane task: the node is closed");
    }
  }

  /** Stops taking tasks; the queued ones still run. Idempotent. */
  @Override
  public void close() {
    executor.shutdown();
  }
}

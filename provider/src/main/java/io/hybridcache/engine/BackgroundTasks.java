package io.hybridcache.engine;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded executor that runs an engine's background work: factories that may be abandoned by a timeout, their
 * completion after it, eager refreshes. It refuses work when its queue is full instead of growing without bound; the
 * caller decides what a refusal means (run inline, or drop, log and count). {@link #close} drains it.
 */
public final class BackgroundTasks implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundTasks.class);
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final Executor executor;
  private final boolean owned;

  private BackgroundTasks(Executor executor, boolean owned) {
    this.executor = executor;
    this.owned = owned;
  }

  /**
   * {@return a new bounded pool of daemon threads, owned (and shut down by {@link #close}) by the returned instance}
   *
   * @param threads the number of threads, at least 1
   * @param queueCapacity how many tasks may wait, at least 1
   */
  public static BackgroundTasks bounded(int threads, int queueCapacity) {
    if (threads < 1) {
      throw new IllegalArgumentException("background threads must be at least 1, was " + threads);
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("background queue capacity must be at least 1, was " + queueCapacity);
    }
    int pool = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor tpe = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(queueCapacity), r -> {
          Thread t = new Thread(r, "hybridcache-bg-" + pool + "-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    tpe.allowCoreThreadTimeOut(true);
    return new BackgroundTasks(tpe, true);
  }

  /** {@return a pool sized for the machine: {@code max(4, 2 x processors)} threads and 10,000 queued tasks} */
  public static BackgroundTasks defaults() {
    return bounded(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), 10_000);
  }

  /**
   * Runs tasks on an executor someone else owns; {@link #close} leaves it running.
   *
   * @param executor the executor, owned by the caller
   * @return background tasks running on {@code executor}
   */
  public static BackgroundTasks on(Executor executor) {
    return new BackgroundTasks(java.util.Objects.requireNonNull(executor, "executor must not be null"), false);
  }

  /** Submits {@code task}; returns false (and runs nothing) if the executor refused it. */
  boolean tryExecute(Runnable task) {
    try {
      executor.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /**
   * Stops taking work and waits up to {@code timeout} for what was queued (only for a pool this instance owns).
   *
   * @param timeout the longest wait for the queued work
   */
  public void close(Duration timeout) {
    if (owned && executor instanceof ExecutorService) {
      ExecutorService service = (ExecutorService) executor;
      service.shutdown();
      try {
        if (!service.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warn("background tasks still running after {}; they were interrupted", timeout);
          service.shutdownNow();
        }
      } catch (InterruptedException e) {
        service.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}

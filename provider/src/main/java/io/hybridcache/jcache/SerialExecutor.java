package io.hybridcache.jcache;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: the delivery queue of one asynchronous
 * listener, so it sees the events of a key in the order they happened without owning a thread.
 */
final class SerialExecutor implements Executor {
  private final Executor executor;
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private boolean running;

  SerialExecutor(Executor executor) {
    this.executor = executor;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (this) {
      queue.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    executor.execute(this::drain);
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (this) {
        next = queue.poll();
        if (next == null) {
          running = false;
          notifyAll();
          return;
        }
      }
      try {
        next.run();
      } catch (Throwable t) {
        // a task's failure must not stall the queue (nor a close waiting for it); the task logs its own failures
        LoggerFactory.getLogger(SerialExecutor.class).warn("a queued listener delivery failed", t);
      }
    }
  }

  /** Blocks until every task submitted so far has run. */
  synchronized void awaitQuiescence() {
    boolean interrupted = false;
    while (running) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}

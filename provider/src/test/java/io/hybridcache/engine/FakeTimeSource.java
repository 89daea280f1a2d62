package io.hybridcache.engine;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock the test moves by hand: {@link #advance(Duration)} moves wall and monotonic time together and runs, on the
 * calling thread and in deadline order, every scheduled task that fell due.
 */
public final class FakeTimeSource implements TimeSource {
  private static final long START_MILLIS = 1_700_000_000_000L;

  private final AtomicLong nanos = new AtomicLong();
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private long seq;

  /** A clock at a fixed instant, with nothing scheduled. */
  public FakeTimeSource() {}

  @Override
  public long wallMillis() {
    return START_MILLIS + nanos.get() / 1_000_000L;
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public synchronized Cancellable schedule(Runnable task, long delayNanos) {
    Task t = new Task(nanos.get() + delayNanos, seq++, task);
    tasks.add(t);
    return () -> {
      synchronized (FakeTimeSource.this) {
        tasks.remove(t);
      }
    };
  }

  /** The number of scheduled tasks not yet run or cancelled. */
  public synchronized int pendingTasks() {
    return tasks.size();
  }

  /** How long from now the earliest scheduled task is due, in nanoseconds; {@link Long#MAX_VALUE} when none is. */
  public synchronized long nextTaskInNanos() {
    Task next = tasks.peek();
    return next == null ? Long.MAX_VALUE : next.deadline - nanos.get();
  }

  /** Moves time forward by {@code by} and runs what fell due. */
  public void advance(Duration by) {
    long target = nanos.get() + by.toNanos();
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.deadline > target) {
          break;
        }
        tasks.poll();
      }
      nanos.set(Math.max(nanos.get(), next.deadline));
      next.task.run();
    }
    nanos.set(target);
  }

  private static final class Task implements Comparable<Task> {
    final long deadline;
    final long order;
    final Runnable task;

    Task(long deadline, long order, Runnable task) {
      this.deadline = deadline;
      this.order = order;
      this.task = task;
    }

    @Override
    public int compareTo(Task o) {
      int c = Long.compare(deadline, o.deadline);
      return c != 0 ? c : Long.compare(order, o.order);
    }
  }
}

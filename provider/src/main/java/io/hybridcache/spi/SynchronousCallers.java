package io.hybridcache.spi;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a thread that starts a distributed operation and then waits for it complete that operation itself, instead of
 * being woken by a pool thread that completed it: one thread hand-off per round trip instead of two.
 *
 * <p>An implementation whose client completes its futures on its own I/O threads must not run the engine's
 * continuations there (they may run a factory, or block). It hands each completion to an executor, and asks this class
 * which: {@link #executorFor(Executor)} called on the thread that starts the operation returns, when that thread is
 * about to wait for it ({@link #await}), an executor that runs the completion on that very thread while it waits; else
 * the executor it was given. A completion that arrives once the thread stopped waiting (a timeout answered it first)
 * goes to the given executor, as does one still queued when the wait ends: nothing is lost, nothing runs twice.
 *
 * <p>A wait that started no such operation (a caller waiting for another caller's factory) is the future's own
 * {@link CompletableFuture#get()}: its woken threads help wake the future's other waiters, so a thousand callers
 * blocked on one stampede are released by every core, not one after the other by the thread that completed it
 * (platform threads only: see {@link #isVirtual}).
 *
 * <p>Only what the engine starts between the call and its wait is completed on the waiting thread: while it waits and
 * runs completions (where user code such as a factory may run), operations started are completed elsewhere, so user
 * code that blocks on a future of its own can never wait for a completion queued behind it.
 */
public final class SynchronousCallers {
  private static final Logger LOG = LoggerFactory.getLogger(SynchronousCallers.class);
  private static final ThreadLocal<Waiter> WAITERS = ThreadLocal.withInitial(Waiter::new);
  /** {@code Thread.isVirtual()} on JDK 21 and later (looked up: the module compiles for 17); null before. */
  private static final MethodHandle IS_VIRTUAL = isVirtual();

  private SynchronousCallers() {}

  /**
   * The executor to complete an operation started now, on this thread, with: the waiting thread's when the engine is
   * about to wait for it, else {@code otherwise}. The returned executor may throw what {@code otherwise} throws.
   *
   * @param otherwise the executor to use when no synchronous caller waits
   * @return the executor
   * @throws NullPointerException if {@code otherwise} is null
   */
  public static Executor executorFor(Executor otherwise) {
    Objects.requireNonNull(otherwise, "otherwise");
    Waiter waiter = WAITERS.get();
    if (!waiter.starting) {
      return otherwise;
    }
    long generation = waiter.generation;
    waiter.handedOut++;
    return task -> {
      if (!waiter.offer(task, otherwise, generation)) {
        otherwise.execute(task);
      }
    };
  }

  /**
   * Starts an operation with {@code start} and waits for its future, running on this thread the completions that the
   * operations started by {@code start} hand to it (see {@link #executorFor}). Used by the engine for its synchronous
   * calls; may be nested.
   *
   * @param <T> the type of the result
   * @param start starts the operation and returns its future
   * @return the future's value
   * @throws ExecutionException if the future failed
   * @throws InterruptedException if this thread was interrupted while waiting
   */
  public static <T> T await(Supplier<CompletableFuture<T>> start) throws ExecutionException, InterruptedException {
    Waiter waiter = WAITERS.get();
    boolean wasStarting = waiter.starting;
    boolean outermost = waiter.open();
    try {
      CompletableFuture<T> future;
      int handedOut = waiter.handedOut;
      waiter.starting = true;
      try {
        future = start.get();
      } finally {
        waiter.starting = false;
      }
      if (outermost && waiter.handedOut == handedOut && !isVirtual(Thread.currentThread())) {
        // nothing can be queued for this wait (it started no operation of ours): the future's own wait, whose woken
        // threads help complete the futures' other waiters (1,000 callers of one flight wake each other)
        return future.get();
      }
      if (!future.isDone()) {
        Thread self = Thread.currentThread();
        future.whenComplete((v, e) -> LockSupport.unpark(self));
        while (!future.isDone()) {
          Runnable task = waiter.poll();
          if (task != null) {
            run(task);
          } else {
            LockSupport.park(waiter);
            if (Thread.interrupted()) {
              throw new InterruptedException("interrupted while waiting for a distributed operation");
            }
          }
        }
      }
      return future.get();
    } finally {
      waiter.close();
      waiter.starting = wasStarting;
    }
  }

  /**
   * Runs {@code userCode} (a factory, a listener) so that the operations it starts are never completed on this thread's
   * wait: user code may block on a future of its own, which a completion queued for this thread would never complete.
   *
   * @param userCode the user code to run
   */
  public static void withoutWaiting(Runnable userCode) {
    Waiter waiter = WAITERS.get();
    boolean wasStarting = waiter.starting;
    waiter.starting = false;
    try {
      userCode.run();
    } finally {
      waiter.starting = wasStarting;
    }
  }

  private static MethodHandle isVirtual() {
    try {
      return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null; // JDK 17: no virtual threads
    }
  }

  /**
   * Whether {@code thread} is virtual. Its waits keep the direct wake-up: a woken virtual thread helping to wake the
   * others only adds contention on the few carrier threads (measured: p99 6.8-8.6 ms against 5.6-6.3 for a thousand).
   */
  private static boolean isVirtual(Thread thread) {
    if (IS_VIRTUAL == null) {
      return false;
    }
    try {
      return (boolean) IS_VIRTUAL.invokeExact(thread);
    } catch (Throwable e) {
      throw new IllegalStateException("Thread.isVirtual failed", e);
    }
  }

  private static void run(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.warn("a completion run on the waiting thread failed", e);
    }
  }

  private record Queued(Runnable task, Executor otherwise) {}

  /** One thread's waits: how deep they nest, the completions handed to them, and which wait they belong to. */
  private static final class Waiter {
    private final Thread owner = Thread.currentThread();
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    /** Whether the owner is starting an operation it will wait for (read and written by the owner only). */
    boolean starting;
    private int depth;
    /** Counts the outermost waits: a completion meant for one that ended is refused by the next. */
    long generation;
    /** Counts the executors {@link #executorFor} handed out on the owner's thread (read and written by it only). */
    int handedOut;

    /** Starts a wait; whether it is the outermost. */
    synchronized boolean open() {
      if (depth++ == 0) {
        generation++;
        return true;
      }
      return false;
    }

    boolean offer(Runnable task, Executor otherwise, long forGeneration) {
      synchronized (this) {
        if (depth == 0 || generation != forGeneration) {
          return false;
        }
        queue.add(new Queued(task, otherwise));
      }
      LockSupport.unpark(owner);
      return true;
    }

    synchronized Runnable poll() {
      Queued next = queue.poll();
      return next == null ? null : next.task();
    }

    /** Ends a wait; the outermost hands what is still queued to the executors it came with. */
    void close() {
      List<Queued> left;
      synchronized (this) {
        if (--depth > 0 || queue.isEmpty()) {
          return;
        }
        left = new ArrayList<>(queue);
        queue.clear();
      }
      for (Queued q : left) {
        try {
          q.otherwise().execute(q.task());
        } catch (RuntimeException refused) {
          run(q.task()); // the executor is closing: complete here rather than never
        }
      }
    }
  }
}

package io.hybridcache.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * An exact counter whose increment is a plain write: each counting thread owns a cell that only it writes, so no
 * atomic instruction is needed (a {@link LongAdder} increment is a locked add, which costs most of a Caffeine hit on
 * the machines we measured). Made for the hit counter, incremented on every cache hit.
 *
 * <p>A thread's cell sits at a slot chosen from its id, or one of the next few; the owner check is one compare. A
 * thread that finds those slots owned by live threads counts in a {@link LongAdder} instead (exact, slower). A cell
 * whose owner has terminated is taken over, count included, by the next thread that needs one: a terminated thread's
 * writes are visible to a thread that saw {@link Thread#isAlive()} return false. {@link #sum()} reads every cell and
 * the adder; like {@link LongAdder#sum()}, it is exact once the increments it should see have finished.
 *
 * <p>Public for the JCache adapter's statistics (hits and get times, counted on every hit); not an API.
 */
public final class PerThreadCounter {
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Cell[].class);
  /** Slots a thread looks at, from its own. */
  private static final int PROBES = 4;
  /** Counts in the adder between two looks for cells of terminated threads (a native call each). */
  private static final int RECLAIM_INTERVAL = 256;

  private final Cell[] slots;
  private final int mask;
  private final LongAdder overflow = new LongAdder();
  private int overflowsSinceReclaim; // racy on purpose: only paces the looks for terminated owners

  /** A counter with slots for about four threads per processor. */
  public PerThreadCounter() {
    this(4 * Runtime.getRuntime().availableProcessors());
  }

  /** A counter with at least {@code threads} slots (rounded up to a power of two, at least 2). */
  PerThreadCounter(int threads) {
    int size = Integer.highestOneBit(Math.max(2, threads) - 1) << 1;
    this.slots = new Cell[size];
    this.mask = size - 1;
  }

  /** Adds one, with a plain write to the calling thread's cell. */
  public void increment() {
    increment(1);
  }

  /**
   * Adds {@code n}, with a plain write to the calling thread's cell.
   *
   * @param n what to add
   */
  public void increment(long n) {
    Thread me = Thread.currentThread();
    int home = home(me);
    Cell cell = slots[home]; // a plain read: this thread's own cell, if here, was put here by this thread
    if (cell != null && cell.owner == me) {
      cell.add(n);
    } else {
      incrementSlowly(me, home, n);
    }
  }

  /** Adds {@code n} at once (counted in the adder: for the rarer paths that count several, not the hit path). */
  void add(long n) {
    overflow.add(n);
  }

  /**
   * The count: every cell and the adder.
   *
   * @return the sum of what was added
   */
  public long sum() {
    long sum = overflow.sum();
    for (int i = 0; i < slots.length; i++) {
      Cell cell = (Cell) SLOTS.getVolatile(slots, i);
      if (cell != null) {
        sum += cell.get();
      }
    }
    return sum;
  }

  /** What was counted in the adder (for tests). */
  long overflowed() {
    return overflow.sum();
  }

  private int home(Thread thread) {
    @SuppressWarnings("deprecation") // getId is the JDK 17 name of threadId
    long id = thread.getId();
    return (int) ((id * 0x9E3779B97F4A7C15L) >>> 40) & mask;
  }

  private void incrementSlowly(Thread me, int home, long n) {
    boolean reclaim = ++overflowsSinceReclaim % RECLAIM_INTERVAL == 0;
    int probes = Math.min(PROBES, slots.length);
    for (int i = 0; i < probes; i++) {
      int slot = (home + i) & mask;
      Cell cell = (Cell) SLOTS.getVolatile(slots, slot);
      if (cell == null) {
        if (SLOTS.compareAndSet(slots, slot, null, new Cell(me, n))) {
          return;
        }
        cell = (Cell) SLOTS.getVolatile(slots, slot);
      }
      if (cell.owner == me) {
        cell.add(n);
        return;
      }
      if (reclaim && !cell.owner.isAlive() && SLOTS.compareAndSet(slots, slot, cell, new Cell(me, cell.get() + n))) {
        return;
      }
    }
    overflow.add(n);
  }

  /** One thread's count: written only by {@link #owner}, read by anyone. */
  private static final class Cell {
    private static final VarHandle COUNT;

    static {
      try {
        COUNT = MethodHandles.lookup().findVarHandle(Cell.class, "count", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final Thread owner;
    private long count;

    Cell(Thread owner, long count) {
      this.owner = owner;
      this.count = count;
    }

    void add(long n) {
      COUNT.setOpaque(this, count + n); // only the owner writes, so its own plain read is current
    }

    long get() {
      return (long) COUNT.getOpaque(this);
    }
  }
}

package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/**
 * The hit counter: exact whatever the number of threads (past its slots it counts in an adder), and a terminated
 * thread's cell goes to a new thread with its count kept.
 */
class PerThreadCounterTest {

  @Test
  void manyLiveThreadsCountEveryIncrementEvenPastTheSlots() throws Exception {
    PerThreadCounter counter = new PerThreadCounter(2);
    int threads = 8;
    int increments = 100_000;
    CyclicBarrier start = new CyclicBarrier(threads);
    CyclicBarrier end = new CyclicBarrier(threads); // all alive until all are done: no cell changes hands
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        try {
          start.await();
          for (int i = 0; i < increments; i++) {
            counter.increment();
          }
          end.await();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      thread.start();
      running.add(thread);
    }
    for (Thread thread : running) {
      thread.join();
    }

    assertThat(counter.sum()).isEqualTo((long) threads * increments);
    assertThat(counter.overflowed()).as("six threads found no free slot").isGreaterThanOrEqualTo(6L * increments);
  }

  @Test
  void aTerminatedThreadsCellIsTakenOverWithItsCount() throws Exception {
    PerThreadCounter counter = new PerThreadCounter(2);
    int threads = 10;
    int increments = 1_000;
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < increments; i++) {
          counter.increment();
        }
      });
      thread.start();
      thread.join();
    }

    assertThat(counter.sum()).isEqualTo((long) threads * increments);
    assertThat(counter.overflowed()).as("later threads took over the cells of terminated ones")
        .isLessThan((long) (threads - 2) * increments / 2);
  }

  @Test
  void incrementByManyAddsThemInTheThreadsCellAndPastTheSlots() throws Exception {
    PerThreadCounter counter = new PerThreadCounter(2);
    int threads = 5;
    CyclicBarrier end = new CyclicBarrier(threads); // all alive: three threads find no free slot
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        try {
          for (int i = 0; i < 1_000; i++) {
            counter.increment(7);
          }
          end.await();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      thread.start();
      running.add(thread);
    }
    for (Thread thread : running) {
      thread.join();
    }

    assertThat(counter.sum()).isEqualTo(threads * 7_000L);
    assertThat(counter.overflowed()).isPositive();
  }

  @Test
  void theCallingThreadsCountsAreVisibleAtOnce() {
    PerThreadCounter counter = new PerThreadCounter();
    for (int i = 0; i < 5; i++) {
      counter.increment();
    }
    assertThat(counter.sum()).isEqualTo(5);
  }
}

package io.hybridcache.kryo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import org.junit.jupiter.api.function.Executable;

/**
 * Asserts that work stays within a bound of the CPU time of the thread that does it, not of wall time: a decoding
 * bound holds whatever else the machine runs (a shared CI machine with a load of 13 on 2 cores stretched a 0.35 s
 * refusal past a 5 s wall bound), while an unbounded decoding still takes many CPU seconds and fails. A wall limit far
 * above the bound only keeps a regression from hanging the build.
 */
final class CpuBound {
  /** Far above any bound: only so that an unbounded decoding cannot hang the build. */
  private static final Duration WALL_LIMIT = Duration.ofSeconds(120);

  private CpuBound() {
  }

  /** Runs {@code work} on a thread of its own and asserts that it used less than {@code bound} of CPU time. */
  static void within(Duration bound, Executable work) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    assertThat(threads.isCurrentThreadCpuTimeSupported()).as("this JVM measures a thread's CPU time").isTrue();
    assertTimeoutPreemptively(WALL_LIMIT, () -> {
      long start = threads.getCurrentThreadCpuTime();
      work.execute();
      assertThat(Duration.ofNanos(threads.getCurrentThreadCpuTime() - start))
          .as("CPU time of the work").isLessThan(bound);
    });
  }
}

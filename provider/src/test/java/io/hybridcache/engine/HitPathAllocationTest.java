package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hybridcache.EntryOptions;
import io.hybridcache.Factory;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The hit path of {@code tryGet} and {@code getOrSet} on a fresh entry allocates nothing: measured with the JVM's
 * per-thread allocation counter over many calls (a single allocated {@code Optional} per call would show as 16 bytes
 * a call). The bound leaves room for the odd allocation of JIT or counter-cell warm-up, not for one per call.
 */
class HitPathAllocationTest {
  private static final int CALLS = 200_000;
  private static final Factory<String, String> NEVER = ctx -> {
    throw new AssertionError("a hit must not run the factory");
  };

  @Test
  void freshHitsAllocateNothingPerCall() {
    com.sun.management.ThreadMXBean threads = threadBean();
    try (HybridCacheEngine<String, String> cache = HybridCacheEngine.<String, String>builder("alloc").build()) {
      EntryOptions options = EntryOptions.builder().duration(Duration.ofHours(1)).build();
      cache.set("k", "v", options);
      long sink = 0;
      for (int round = 0; round < 5; round++) { // warm up: let the JIT compile the hit path
        sink += hits(cache, options);
      }
      long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
      sink += hits(cache, options);
      long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;

      assertThat(sink).isPositive();
      assertThat(allocated).as("bytes allocated by %d hits", 2L * CALLS).isLessThan(64 * 1024);
    }
  }

  /** Results escape here, as into a benchmark's blackhole, so the JIT cannot elide an allocation the API makes. */
  static volatile Object escaped;

  private static long hits(HybridCacheEngine<String, String> cache, EntryOptions options) {
    long n = 0;
    for (int i = 0; i < CALLS; i++) {
      Optional<String> found = cache.tryGet("k", options);
      escaped = found;
      n += found.isPresent() ? 1 : 0;
      String value = cache.getOrSet("k", NEVER, options, Set.of());
      escaped = value;
      n += value.length();
    }
    return n;
  }

  private static com.sun.management.ThreadMXBean threadBean() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "this JVM does not count allocated bytes per thread");
    com.sun.management.ThreadMXBean b = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(b.isThreadAllocatedMemorySupported(), "this JVM does not count allocated bytes per thread");
    b.setThreadAllocatedMemoryEnabled(true);
    return b;
  }
}

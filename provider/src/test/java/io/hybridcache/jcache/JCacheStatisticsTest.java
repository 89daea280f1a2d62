package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * The JSR statistics of hits, which a hit counts with plain per-thread writes: exact across threads, and
 * {@code clear()} starts them again from zero.
 */
class JCacheStatisticsTest extends JCacheFixture {

  @Test
  void hitsFromManyThreadsAreCountedExactlyWithTheirGetTime() throws Exception {
    Cache<String, String> cache = create(new MutableConfiguration<String, String>().setStatisticsEnabled(true));
    cache.put("k", "v");
    int threads = 6;
    int reads = 20_000;
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        try {
          start.await();
          for (int i = 0; i < reads; i++) {
            cache.get("k");
          }
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

    assertThat((Long) statistic(cache, "CacheHits")).isEqualTo((long) threads * reads);
    assertThat((Long) statistic(cache, "CacheGets")).isEqualTo((long) threads * reads);
    assertThat((Float) statistic(cache, "AverageGetTime")).isPositive();
  }

  @Test
  void clearStartsTheHitsAndTheGetTimeAgainFromZero() throws Exception {
    Cache<String, String> cache = create(new MutableConfiguration<String, String>().setStatisticsEnabled(true));
    cache.put("k", "v");
    for (int i = 0; i < 10; i++) {
      cache.get("k");
    }
    assertThat((Long) statistic(cache, "CacheHits")).isEqualTo(10);

    ManagementFactory.getPlatformMBeanServer().invoke(statisticsName(cache), "clear", null, null);

    assertThat((Long) statistic(cache, "CacheHits")).isZero();
    assertThat((Float) statistic(cache, "AverageGetTime")).isZero();
    assertThat((Float) statistic(cache, "CacheHitPercentage")).isZero();
    cache.get("k");
    cache.get("absent");
    assertThat((Long) statistic(cache, "CacheHits")).isOne();
    assertThat((Long) statistic(cache, "CacheMisses")).isOne();
    assertThat((Float) statistic(cache, "CacheHitPercentage")).isEqualTo(50f);
  }

  private ObjectName statisticsName(Cache<?, ?> cache) throws Exception {
    return new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
        + manager.getURI().toString().replaceAll("[,:=]", ".") + ",Cache=" + cache.getName());
  }
}

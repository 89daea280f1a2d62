package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridcache.EntryOptions;
import io.hybridcache.engine.HybridCacheEngineBuilder;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/** The memory level of a JCache cache is bounded, and what the bound evicts is counted. */
class SizeBoundTest extends JCacheFixture {

  @Test
  void sizeBoundedCacheKeepsAtMostItsMaximumSizeAndCountsTheEvictions() throws Exception {
    Cache<String, String> cache = create(strings().setMaximumSize(100).setStatisticsEnabled(true));

    for (int i = 0; i < 1_000; i++) {
      cache.put("k" + i, "v" + i);
    }

    long remaining = engineOf(cache).memoryEntryCount();
    assertThat(remaining).isLessThanOrEqualTo(100);
    assertThat((Long) statistic(cache, "CacheEvictions")).isPositive().isEqualTo(1_000 - remaining);
  }

  @Test
  void weightBoundedCacheKeepsItsEntriesWithinTheMaximumWeight() {
    Cache<String, String> cache = create(strings()
        .setDefaultEntryOptions(EntryOptions.builder().size(10).build())
        .setMaximumWeight(100));

    for (int i = 0; i < 1_000; i++) {
      cache.put("k" + i, "v" + i);
    }

    assertThat(engineOf(cache).memoryEntryCount()).isLessThanOrEqualTo(10);
  }

  @Test
  void cacheCreatedWithAPlainConfigurationIsBoundedByDefault() {
    Cache<String, String> cache = create(new MutableConfiguration<>());
    long maximum = HybridCacheEngineBuilder.DEFAULT_MAXIMUM_SIZE;

    for (int i = 0; i < maximum + 2_000; i++) {
      cache.put("k" + i, "v" + i);
    }

    assertThat(engineOf(cache).memoryEntryCount()).isLessThanOrEqualTo(maximum);
  }
}

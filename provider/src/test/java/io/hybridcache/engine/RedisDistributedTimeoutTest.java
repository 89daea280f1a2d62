package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.RedisTopology;
import io.hybridcache.distributed.Topology;
import io.hybridcache.redis.harness.RedisServerExtension;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The distributed hard timeout against a real, frozen Redis (SIGSTOP), on the system clock: the only engine test that
 * measures real time, with a wide margin (Redisson's own timeout, 3 s by default, would be later).
 */
class RedisDistributedTimeoutTest extends MultiNodeFixture {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();
  private static final Duration HARD = Duration.ofMillis(300);
  private static final Duration MARGIN = Duration.ofSeconds(2);

  @Override
  Topology topology(FakeTimeSource time) {
    return new RedisTopology(redis.server());
  }

  @Test
  void getOrSetOnAFrozenRedisReturnsTheFactoryValueWithinTheHardTimeoutPlusAMargin() {
    EntryOptions o = EntryOptions.builder().duration(Duration.ofMinutes(1)).distributedCacheHardTimeout(HARD)
        .backgroundDistributedCacheOperations(true).build();
    try (HybridCacheEngine<String, String> a = HybridCacheEngine.<String, String>builder("products")
        .timeSource(TimeSource.system()).defaultEntryOptions(o).cluster(cluster("a", keyPrefix, Mode.LEVEL_ONLY))
        .build()) {
      assertThat(a.tryGet("warm-up")).as("connected, clear times loaded").isEmpty();
      redis.server().pause();
      long start = System.nanoTime();
      String value = a.getOrSet("k", ctx -> "computed", o, Set.of());
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(value).isEqualTo("computed");
      assertThat(took).isGreaterThanOrEqualTo(HARD).isLessThan(HARD.plus(MARGIN));
      assertThat(a.stats().distributedErrors()).isGreaterThanOrEqualTo(1);
      redis.server().resume();
    }
  }
}

package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridcache.EntryOptions;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a read does to an entry hidden by the removal of one of its tags, per {@link TagRemoval}. */
class TagRemovalTest {
  private static final EntryOptions FAIL_SAFE = EntryOptions.builder().duration(Duration.ofMinutes(1))
      .failSafe(true).failSafeMaxDuration(Duration.ofHours(1)).build();
  private static final EntryOptions STALE_READ = FAIL_SAFE.toBuilder().allowStaleOnReadOnly(true).build();

  private final FakeTimeSource time = new FakeTimeSource();
  private HybridCacheEngine<String, String> cache;

  @AfterEach
  void close() {
    cache.close();
  }

  private HybridCacheEngine<String, String> cache(TagRemoval removal) {
    cache = HybridCacheEngine.<String, String>builder("tags").timeSource(time).tagRemoval(removal).build();
    return cache;
  }

  @Test
  void byDefaultAnEntryHiddenByItsTagIsExpiredAndStaysAFallback() {
    cache = HybridCacheEngine.<String, String>builder("tags").timeSource(time).build();
    cache.set("k", "v1", FAIL_SAFE, Set.of("t"));

    cache.removeByTag("t");

    assertThat(cache.tryGet("k")).isEmpty();
    assertThat(cache.tryGet("k", STALE_READ)).contains("v1");
    assertThat(cache.getOrSet("k", ctx -> {
      throw new IllegalStateException("down");
    }, FAIL_SAFE)).isEqualTo("v1");
  }

  @Test
  void withRemoveAnEntryHiddenByItsTagLeavesNoFallback() {
    cache(TagRemoval.REMOVE).set("k", "v1", FAIL_SAFE, Set.of("t"));

    cache.removeByTag("t");

    assertThat(cache.tryGet("k")).isEmpty();
    assertThat(cache.tryGet("k", STALE_READ)).isEmpty();
    assertThat(cache.entryAccess().peek("k")).as("removed from L1 when the read found it hidden").isNull();
    assertThat(cache.getOrSet("k", ctx -> ctx.staleValue().orElse("none"), FAIL_SAFE)).isEqualTo("none");
  }

  @Test
  void anEntryNotCarryingTheRemovedTagIsUntouchedEitherWay() {
    cache(TagRemoval.REMOVE).set("k", "v1", FAIL_SAFE, Set.of("other"));
    cache.set("plain", "v2", FAIL_SAFE);

    cache.removeByTag("t");

    assertThat(cache.tryGet("k")).contains("v1");
    assertThat(cache.tryGet("plain")).contains("v2");
  }
}

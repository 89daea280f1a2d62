package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridcache.HybridCacheListener;
import io.hybridcache.HybridCacheStats;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventsTest extends EngineFixture {

  @Test
  void eventsAndCountersFollowAMissASetAHitARemoveAndAnExpire() {
    cache.getOrSet("k", ctx -> "v", options().build());
    cache.tryGet("k");
    cache.set("k2", "v", failSafe());
    cache.expire("k2");
    cache.remove("k");

    assertThat(events).containsExactly("miss:k", "set:k", "hit:k", "set:k2", "expire:k2", "remove:k");
    HybridCacheStats s = cache.stats();
    assertThat(s.misses()).isEqualTo(1);
    assertThat(s.hits()).isEqualTo(1);
    assertThat(s.sets()).isEqualTo(2);
    assertThat(s.expires()).isEqualTo(1);
    assertThat(s.removes()).isEqualTo(1);
    assertThat(s.factoryRuns()).isEqualTo(1);
  }

  @Test
  void evictionsByTheBoundAreCountedAndTheSizeFollowsTheEntriesHeld() {
    HybridCacheEngine<String, String> bounded =
        HybridCacheEngine.<String, String>builder("bounded").timeSource(time).maximumSize(10).build();
    try {
      for (int i = 0; i < 100; i++) {
        bounded.set("k" + i, "v");
      }
      bounded.memoryEntryCount(); // lets the memory level apply its bound now

      assertThat(bounded.stats().evictions()).isEqualTo(90);
      assertThat(bounded.estimatedSize()).isEqualTo(10);
      bounded.remove("k99");
      bounded.set("k98", "replaced");
      time.advance(Duration.ofHours(1));
      bounded.memoryEntryCount();
      assertThat(bounded.stats().evictions()).as("removals, replacements and expirations are not evictions")
          .isEqualTo(90);
    } finally {
      bounded.close();
    }
  }

  @Test
  void throwingListenerNeverBreaksAnOperationAndIsCounted() {
    cache.addListener(new HybridCacheListener<String>() {
      @Override
      public void onHit(String key, boolean stale) {
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void onSet(String key) {
        throw new IllegalStateException("listener bug");
      }
    });
    cache.set("k", "v");
    assertThat(cache.tryGet("k")).contains("v");
    assertThat(cache.getOrSet("k", ctx -> "other")).isEqualTo("v");
    assertThat(cache.stats().listenerErrors()).isEqualTo(3);
    assertThat(events).contains("set:k", "hit:k"); // the other listener still heard everything
  }

  @Test
  void removedListenerHearsNothingMore() {
    HybridCacheListener<Object> counting = new HybridCacheListener<>() {
      int sets;

      @Override
      public void onSet(Object key) {
        sets++;
        if (sets > 1) {
          throw new AssertionError("called after removal");
        }
      }
    };
    cache.addListener(counting);
    cache.set("a", "1");
    cache.removeListener(counting);
    cache.set("b", "2");
    assertThat(cache.stats().listenerErrors()).isZero();
  }

  @Test
  void expireOfAnAbsentKeyRaisesNoEvent() {
    cache.expire("absent");
    time.advance(Duration.ofSeconds(1));
    assertThat(events).isEmpty();
  }
}

package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.EntryOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class EagerRefreshTest extends EngineFixture {
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger refreshes = new AtomicInteger();

  @AfterEach
  void releaseFactories() {
    release.countDown();
  }

  private static EntryOptions eager() {
    return options().duration(Duration.ofSeconds(10)).eagerRefreshThreshold(0.5).build();
  }

  private String blockedRefresh() throws InterruptedException {
    refreshes.incrementAndGet();
    release.await();
    return "v2";
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void hitBeforeTheThresholdDoesNotRefresh(Api api) {
    api.set(cache, "k", "v1", eager());
    time.advance(Duration.ofMillis(4999));
    assertThat(api.getOrSet(cache, "k", ctx -> blockedRefresh(), eager())).isEqualTo("v1");
    assertThat(refreshes).hasValue(0);
    assertThat(events).doesNotContain("eagerRefresh:k");
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void hitsPastTheThresholdReturnAtOnceAndStartOneRefresh(Api api) {
    api.set(cache, "k", "v1", eager());
    time.advance(Duration.ofSeconds(6));

    // the refresh factory is blocked: were a hit waiting for it, this loop would never finish
    for (int i = 0; i < 50; i++) {
      assertThat(api.getOrSet(cache, "k", ctx -> blockedRefresh(), eager())).isEqualTo("v1");
    }
    await().atMost(Duration.ofSeconds(10)).untilAtomic(refreshes, org.hamcrest.Matchers.equalTo(1));
    assertThat(cache.stats().eagerRefreshes()).isEqualTo(1);

    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.tryGet("k").orElse("").equals("v2"));
    assertThat(refreshes).hasValue(1);
    assertThat(events).contains("eagerRefresh:k", "backgroundSuccess:k");
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void refreshedEntryGetsAFullNewDuration(Api api) {
    api.set(cache, "k", "v1", eager());
    time.advance(Duration.ofSeconds(6));
    release.countDown();
    api.getOrSet(cache, "k", ctx -> blockedRefresh(), eager());
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.tryGet("k").orElse("").equals("v2"));
    time.advance(Duration.ofSeconds(9));
    assertThat(cache.tryGet("k")).contains("v2");
  }

  @Test
  void failedRefreshKeepsTheCurrentValueAndCountsABackgroundError() {
    cache.set("k", "v1", eager());
    time.advance(Duration.ofSeconds(6));
    cache.getOrSet("k", ctx -> {
      throw new IllegalStateException("down");
    }, eager());
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.stats().backgroundFactoryErrors() == 1);
    assertThat(cache.tryGet("k")).contains("v1");
  }

  @Test
  void missArrivingDuringARefreshWaitsForItInsteadOfRunningASecondFactory() throws Exception {
    cache.set("k", "v1", eager());
    time.advance(Duration.ofSeconds(6));
    cache.getOrSet("k", ctx -> blockedRefresh(), eager());
    await().atMost(Duration.ofSeconds(10)).untilAtomic(refreshes, org.hamcrest.Matchers.equalTo(1));

    time.advance(Duration.ofSeconds(5)); // now logically expired: the next call misses
    AtomicInteger missFactory = new AtomicInteger();
    CompletableFuture<String> miss = cache.getOrSetAsync("k", ctx -> {
      missFactory.incrementAndGet();
      return CompletableFuture.completedFuture("v3");
    }, eager());
    assertThat(miss).isNotDone();
    release.countDown();
    assertThat(miss.get()).isEqualTo("v2");
    assertThat(missFactory).hasValue(0);
  }
}

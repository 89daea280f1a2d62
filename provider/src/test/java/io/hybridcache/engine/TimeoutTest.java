package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hybridcache.EntryOptions;
import io.hybridcache.Factory;
import io.hybridcache.FactoryTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Timeouts on the fake clock: a caller runs on its own thread, the test waits until its timeout is scheduled, then
 * advances the clock past it. Nothing here waits on real time for an outcome.
 */
class TimeoutTest extends EngineFixture {
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseFactories() {
    release.countDown();
  }

  private String slow(String value) throws InterruptedException {
    release.await();
    return value;
  }

  private CompletableFuture<String> callInBackground(Api api, EntryOptions o) {
    return callInBackground(api, o, ctx -> slow("v2"));
  }

  /** Calls getOrSet on another thread and returns once the call's timeout is scheduled on the fake clock. */
  private CompletableFuture<String> callInBackground(Api api, EntryOptions o, Factory<String, String> factory) {
    CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> api.getOrSet(cache, "k", factory, o));
    await().atMost(Duration.ofSeconds(10)).until(() -> time.pendingTasks() == 1);
    return call;
  }

  private static EntryOptions soft(Duration softTimeout) {
    return options().failSafe(true, Duration.ofHours(1), Duration.ofSeconds(30)).factorySoftTimeout(softTimeout)
        .build();
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void softTimeoutReturnsTheStaleValueAndBackgroundCompletionUpdatesTheCacheLater(Api api) throws Exception {
    EntryOptions o = soft(Duration.ofMillis(100));
    api.set(cache, "k", "v1", o);
    time.advance(Duration.ofSeconds(2));

    CompletableFuture<String> call = callInBackground(api, o);
    assertThat(call).isNotDone();
    time.advance(Duration.ofMillis(100));
    assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("v1");
    assertThat(events).contains("factoryTimeout:k", "failSafe:k");

    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.tryGet("k").isPresent());
    assertThat(cache.tryGet("k")).contains("v2");
    assertThat(events).contains("backgroundSuccess:k");
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void softTimeoutDoesNotApplyWithoutAFallback(Api api) throws Exception {
    EntryOptions o = soft(Duration.ofMillis(100));
    CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> api.getOrSet(cache, "k", ctx -> slow("v"), o));
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.stats().factoryRuns() == 1);
    assertThat(time.pendingTasks()).as("no timer without a fallback").isZero();
    time.advance(Duration.ofSeconds(10));
    assertThat(call).isNotDone();
    release.countDown();
    assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("v");
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void hardTimeoutThrowsWhenNoStaleValueExistsAndTheFactoryStillCompletesInTheBackground(Api api) throws Exception {
    EntryOptions o = options().factoryHardTimeout(Duration.ofSeconds(1)).build();
    CompletableFuture<String> call = callInBackground(api, o);
    time.advance(Duration.ofSeconds(1));

    assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(FactoryTimeoutException.class).cause().hasMessageContaining("1S");
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.tryGet("k").isPresent());
    assertThat(cache.tryGet("k")).contains("v2");
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void hardTimeoutWithFailSafeServesTheFallback(Api api) throws Exception {
    EntryOptions o = failSafe().toBuilder().factoryHardTimeout(Duration.ofSeconds(1)).build();
    api.set(cache, "k", "v1", o);
    time.advance(Duration.ofSeconds(2));
    CompletableFuture<String> call = callInBackground(api, o);
    time.advance(Duration.ofSeconds(1));
    assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("v1");
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void timedOutFactoryIsAbandonedWhenBackgroundCompletionIsNotAllowed(Api api) throws Exception {
    AtomicBoolean interrupted = new AtomicBoolean();
    EntryOptions o = soft(Duration.ofMillis(100)).toBuilder().allowTimedOutFactoryBackgroundCompletion(false).build();
    api.set(cache, "k", "v1", o);
    time.advance(Duration.ofSeconds(2));
    CompletableFuture<String> call = callInBackground(api, o, ctx -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        interrupted.set(true);
        throw e;
      }
      return "v2";
    });
    time.advance(Duration.ofMillis(100));
    assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("v1");
    if (api == Api.SYNC) {
      await().atMost(Duration.ofSeconds(10)).untilTrue(interrupted);
    }
    release.countDown();
    assertThat(cache.tryGet("k")).as("the abandoned factory never updates the cache").contains("v1");
    assertThat(events).doesNotContain("backgroundSuccess:k");
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void explicitSetAfterATimeoutWinsOverTheBackgroundCompletion(Api api) throws Exception {
    EntryOptions o = soft(Duration.ofMillis(100));
    api.set(cache, "k", "v1", o);
    time.advance(Duration.ofSeconds(2));
    CompletableFuture<String> call = callInBackground(api, o);
    time.advance(Duration.ofMillis(100));
    assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("v1");

    api.set(cache, "k", "explicit", o);
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.stats().backgroundFactorySuccesses() == 1);
    assertThat(cache.tryGet("k")).contains("explicit");
  }
}

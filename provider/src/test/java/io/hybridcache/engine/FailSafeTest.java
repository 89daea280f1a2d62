package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridcache.EntryOptions;
import io.hybridcache.Factory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FailSafeTest extends EngineFixture {
  private final AtomicInteger failures = new AtomicInteger();
  private final Factory<String, String> down = ctx -> {
    failures.incrementAndGet();
    throw new IllegalStateException("db down");
  };

  @ParameterizedTest
  @EnumSource(Api.class)
  void throwingFactoryWithFailSafeReturnsTheStaleValue(Api api) {
    api.getOrSet(cache, "k", ctx -> "v1", failSafe());
    time.advance(Duration.ofSeconds(5));

    assertThat(api.getOrSet(cache, "k", down, failSafe())).isEqualTo("v1");
    assertThat(events).contains("factoryError:k", "failSafe:k");
    assertThat(cache.stats().failSafeActivations()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void throwingFactoryWithoutFailSafeThrowsEvenWithAnOldValue(Api api) {
    api.getOrSet(cache, "k", ctx -> "v1", failSafe());
    time.advance(Duration.ofSeconds(5));

    assertThatThrownBy(() -> api.getOrSet(cache, "k", down, options().build()))
        .isInstanceOf(IllegalStateException.class).hasMessage("db down");
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void fallbackThatSavedACallIsServedForTheThrottleDurationWithoutCallingTheFactory(Api api) {
    EntryOptions o = options().failSafe(true, Duration.ofHours(1), Duration.ofSeconds(10)).build();
    api.getOrSet(cache, "k", ctx -> "v1", o);
    time.advance(Duration.ofSeconds(5));
    assertThat(api.getOrSet(cache, "k", down, o)).isEqualTo("v1");
    assertThat(failures).hasValue(1);

    time.advance(Duration.ofSeconds(9));
    assertThat(api.getOrSet(cache, "k", down, o)).isEqualTo("v1");
    assertThat(failures).as("throttled: factory not called again").hasValue(1);
    assertThat(events).contains("staleHit:k");

    time.advance(Duration.ofSeconds(1));
    assertThat(api.getOrSet(cache, "k", down, o)).isEqualTo("v1");
    assertThat(failures).as("throttle over: factory tried again").hasValue(2);
  }

  @Test
  void noFallbackIsLeftAfterFailSafeMaxDuration() {
    EntryOptions o = options().failSafe(true, Duration.ofMinutes(1), Duration.ofSeconds(1)).build();
    cache.getOrSet("k", ctx -> "v1", o);
    time.advance(Duration.ofSeconds(59));
    assertThat(cache.getOrSet("k", down, o)).isEqualTo("v1");

    time.advance(Duration.ofSeconds(2));
    assertThatThrownBy(() -> cache.getOrSet("k", down, o)).hasMessage("db down");
  }

  @Test
  void withoutFailSafeAnEntryDisappearsPhysicallyAtItsDuration() {
    cache.set("k", "v", options().build());
    time.advance(SECOND);
    assertThat(cache.tryGet("k", options().allowStaleOnReadOnly(true).build())).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void failSafeDefaultValueAnswersTheVeryFirstFailingCall(Api api) {
    assertThat(api.getOrSet(cache, "k", down, "default", failSafe())).isEqualTo("default");
    assertThat(events).contains("failSafe:k");
    assertThat(api.tryGet(cache, "k")).as("kept, as stale, for the throttle").contains("default");
    assertThat(failures).hasValue(1);
  }

  @Test
  void failSafeDefaultValueIsNotCachedOverARemoveMadeWhileTheFactoryRan() {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> call = cache.getOrSetAsync("k", ctx -> source, "default", failSafe());
    cache.remove("k");
    source.completeExceptionally(new IllegalStateException("down"));
    assertThat(call.join()).isEqualTo("default");
    assertThat(cache.tryGet("k", options().allowStaleOnReadOnly(true).build())).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void failSafeDefaultValueIsIgnoredWithoutFailSafe(Api api) {
    assertThatThrownBy(() -> api.getOrSet(cache, "k", down, "default", options().build()))
        .hasMessage("db down");
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void factoryFailWithoutThrowingActivatesFailSafe(Api api) {
    api.getOrSet(cache, "k", ctx -> "v1", failSafe());
    time.advance(Duration.ofSeconds(5));
    assertThat(api.getOrSet(cache, "k", ctx -> ctx.fail("503"), failSafe())).isEqualTo("v1");
    assertThat(events).contains("failSafe:k");
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void expireKeepsTheValueAsAFallback(Api api) {
    api.set(cache, "k", "v1", failSafe());
    api.expire(cache, "k");

    assertThat(api.tryGet(cache, "k")).isEmpty();
    assertThat(api.tryGet(cache, "k", options().allowStaleOnReadOnly(true).build())).contains("v1");
    assertThat(api.getOrSet(cache, "k", down, failSafe())).isEqualTo("v1");
    assertThat(api.getOrSet(cache, "k2", ctx -> "fresh", failSafe())).isEqualTo("fresh");
    assertThat(events).contains("expire:k");
  }

  @Test
  void expiredValueIsOfferedToTheFactoryAsStaleValue() {
    cache.set("k", "v1", failSafe());
    cache.expire("k");
    assertThat(cache.getOrSet("k", ctx -> ctx.staleValue().orElse("none") + "+1", failSafe())).isEqualTo("v1+1");
  }

  @Test
  void allowStaleOnReadOnlyReturnsExpiredFallbacksToTryGetAndGetOrDefault() {
    cache.set("k", "v1", failSafe());
    time.advance(Duration.ofSeconds(2));
    EntryOptions stale = options().allowStaleOnReadOnly(true).build();
    assertThat(cache.tryGet("k")).isEmpty();
    assertThat(cache.getOrDefault("k", "none")).isEqualTo("none");
    assertThat(cache.tryGet("k", stale)).contains("v1");
    assertThat(cache.getOrDefault("k", "none", stale)).isEqualTo("v1");
    assertThat(events).contains("staleHit:k");
  }
}

package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private final FakeTimeSource time = new FakeTimeSource();

  @Test
  void aBreakerThatNeverOpensStillRecordsThatTheLastCallFailedUntilOneSucceeds() {
    CircuitBreaker breaker = new CircuitBreaker("l2", Duration.ZERO, time);
    assertThat(breaker.lastCallFailed()).isFalse();

    breaker.guard(() -> CompletableFuture.failedFuture(new IllegalStateException("down")));

    assertThat(breaker.lastCallFailed()).isTrue();
    assertThat(breaker.isOpen()).as("a zero duration never opens").isFalse();
    breaker.guard(() -> CompletableFuture.completedFuture("up"));
    assertThat(breaker.lastCallFailed()).isFalse();
  }

  @Test
  void anOpenBreakerReportsTheFailureUntilACallAfterItsDurationSucceeds() {
    CircuitBreaker breaker = new CircuitBreaker("l2", Duration.ofSeconds(5), time);

    breaker.guard(() -> CompletableFuture.failedFuture(new IllegalStateException("down")));
    assertThat(breaker.isOpen()).isTrue();
    assertThat(breaker.lastCallFailed()).isTrue();
    time.advance(Duration.ofSeconds(5));
    breaker.guard(() -> CompletableFuture.completedFuture("up"));

    assertThat(breaker.isOpen()).isFalse();
    assertThat(breaker.lastCallFailed()).isFalse();
  }
}

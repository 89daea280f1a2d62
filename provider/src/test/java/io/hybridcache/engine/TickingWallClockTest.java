package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The hit path's clock: never behind an exact reading made before it (so a zero duration expires at once), kept
 * current by its ticker while it has users, exact without them, and deaf to small steps back of the system clock.
 * Real time, with wide bounds: the ticker is a real thread.
 */
class TickingWallClockTest {
  private final TickingWallClock clock = new TickingWallClock();

  @Test
  void aRecentReadingIsNeverBehindAnEarlierExactOne() {
    clock.retain();
    try {
      for (int i = 0; i < 200_000; i++) {
        long exact = clock.exact();
        assertThat(clock.recent()).isGreaterThanOrEqualTo(exact);
      }
    } finally {
      clock.release();
    }
  }

  @Test
  void whileRetainedTheTickerMovesTheReadingWithoutExactReads() {
    clock.retain();
    try {
      long first = clock.recent();
      await().atMost(Duration.ofSeconds(5)).until(() -> clock.recent() > first);
      assertThat(clock.hasTicker()).isTrue();
    } finally {
      clock.release();
    }
  }

  @Test
  void withoutUsersEveryReadingIsTheSystemClock() {
    for (int i = 0; i < 10_000; i++) {
      long before = System.currentTimeMillis();
      long reading = clock.recent();
      long after = System.currentTimeMillis();
      assertThat(reading).isBetween(before, after);
    }
    assertThat(clock.hasTicker()).isFalse();
  }

  @Test
  void theLastReleaseStopsTheTickerAndTheNextRetainStartsOne() {
    clock.retain();
    clock.retain();
    clock.release();
    assertThat(clock.hasTicker()).as("one user is left").isTrue();
    clock.release();
    await().atMost(Duration.ofSeconds(5)).until(() -> !clock.hasTicker());

    clock.retain();
    try {
      assertThat(clock.hasTicker()).isTrue();
    } finally {
      clock.release();
    }
  }

  @Test
  void releasingMoreOftenThanRetainingIsRefused() {
    assertThatThrownBy(clock::release).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("released more often than retained");
  }

  @Test
  void aSmallStepBackOfTheClockIsAbsorbedAndALargeOneFollowed() {
    clock.follow(1_000_000);
    clock.follow(1_000_000 - TickingWallClock.STEP_BACK_MILLIS);
    assertThat(clock.latest()).as("a step back within the bound").isEqualTo(1_000_000);
    long farBack = 1_000_000 - TickingWallClock.STEP_BACK_MILLIS - 1;
    clock.follow(farBack);
    assertThat(clock.latest()).as("a step back past the bound").isEqualTo(farBack);
    clock.follow(1_000_005);
    assertThat(clock.latest()).isEqualTo(1_000_005);
  }
}

package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Entry timestamps: after every barrier, and never before one given earlier, even when the clock is set back. */
class EntryClockTest {
  /** A wall clock the test sets, forwards or back. */
  private static final class SettableClock implements TimeSource {
    long millis = 1_000_000;

    @Override
    public long wallMillis() {
      return millis;
    }

    @Override
    public long nanoTime() {
      return millis * 1_000_000;
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
      throw new UnsupportedOperationException("not scheduled in this test");
    }
  }

  private final SettableClock wall = new SettableClock();
  private final EntryClock clock = new EntryClock(wall);

  @Test
  void aStampIsTheWallTimeWhenNothingIsAheadOfIt() {
    assertThat(clock.stamp()).isEqualTo(1_000_000);
    wall.millis += 5;
    assertThat(clock.stamp()).isEqualTo(1_000_005);
  }

  @Test
  void aStampAfterABarrierOfTheSameMillisecondIsLater() {
    clock.observe(wall.millis);
    assertThat(clock.stamp()).isEqualTo(1_000_001);
  }

  @Test
  void aClockSetBackStampsWithTheLastTimeGivenUntilItCatchesUp() {
    wall.millis += 10;
    long before = clock.stamp();
    wall.millis -= 5_000; // set back by NTP or by hand

    assertThat(clock.stamp()).isEqualTo(before);
    wall.millis = before + 1;
    assertThat(clock.stamp()).isEqualTo(before + 1);
  }
}

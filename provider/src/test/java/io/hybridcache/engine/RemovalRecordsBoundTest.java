package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The removal times a node keeps to write deleted records again: the later time wins, and memory is bounded. */
class RemovalRecordsBoundTest {
  private final AtomicInteger forgotten = new AtomicInteger();
  private final AtomicInteger started = new AtomicInteger();
  private final RemovalRecords records = new RemovalRecords("c", forgotten::incrementAndGet,
      started::incrementAndGet);

  @Test
  void theLaterTimeOfATagWinsAndNeverIsNotKept() {
    records.note("t", 20);
    records.note("t", 10);
    records.note("u", TagStore.NEVER);

    assertThat(records.known("t")).isEqualTo(20);
    assertThat(records.known("u")).isEqualTo(TagStore.NEVER);
    assertThat(records.size()).isEqualTo(1);
    assertThat(started).as("told once, at the first time noted").hasValue(1);
  }

  @Test
  void pastTheBoundTheTagRemovedLongestAgoIsForgottenAndCounted() {
    for (int i = 0; i <= RemovalRecords.MAX_TAGS; i++) {
      records.note("t" + i, 1_000 + i);
    }

    assertThat(records.size()).isEqualTo(RemovalRecords.MAX_TAGS);
    assertThat(records.known("t0")).as("the oldest").isEqualTo(TagStore.NEVER);
    assertThat(records.known("t1")).isEqualTo(1_001);
    assertThat(forgotten).hasValue(1);
  }

  @Test
  void timesOlderThanTheRecordsLifeAreDroppedFromTheCurrentOnes() {
    records.note("old", 1_000);
    records.note("new", 5_000);

    assertThat(records.current(6_000, 2_000)).containsExactly(Map.entry("new", 5_000L));
    assertThat(records.known("old")).isEqualTo(TagStore.NEVER);
  }
}

package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.InMemoryTopology;
import io.hybridcache.distributed.Topology;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** {@link MultiNodeBehaviour} on the in-memory level and bus, plus what only in-memory faults can show. */
class InMemoryMultiNodeTest extends MultiNodeBehaviour {
  private InMemoryTopology memory;

  @Override
  Topology topology(FakeTimeSource time) {
    memory = new InMemoryTopology(time);
    return memory;
  }

  @Override
  void loseNextNotificationOf(String nodeName) {
    memory.backplanes.get(nodeName).dropNext(1);
  }

  @Test
  void withBackgroundDistributedOperationsTheCallerReturnsBeforeTheBlockedWriteCompletes() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE,
        EntryOptions.builder().backgroundDistributedCacheOperations(true).build());
    var n2 = node("n2");
    CountDownLatch gate = new CountDownLatch(1);
    memory.levels.get("n1").blockUntil(gate);

    n1.set("p1", "v1"); // returns with the write still held at the gate

    assertThat(n1.tryGet("p1")).contains("v1");
    assertThat(n2.tryGet("p1")).isEmpty();
    gate.countDown();
    await().atMost(WAIT).until(() -> n2.tryGet("p1").isPresent());
  }

  @Test
  void byDefaultTheCallerWaitsForTheDistributedWrite() {
    var n1 = node("n1");
    CountDownLatch gate = new CountDownLatch(1);
    memory.levels.get("n1").blockUntil(gate);

    CompletableFuture<Void> set = n1.setAsync("p1", "v1");

    assertThat(set).isNotDone();
    gate.countDown();
    set.join();
    assertThat(memory.store.read(keyPrefix + ":products:p1")).isNotNull();
  }

  @Test
  void aFailedDistributedWriteIsCountedAndTheSetStillSucceedsLocally() {
    var n1 = node("n1");
    memory.levels.get("n1").failNext(1, new IllegalStateException("connection reset"));

    n1.set("p1", "v1");

    assertThat(n1.tryGet("p1")).contains("v1");
    assertThat(n1.stats().distributedErrors()).isEqualTo(1);
  }

  @Test
  void reThrowDistributedCacheExceptionsShowsTheFailureToTheCaller() {
    var n1 = node("n1");
    memory.levels.get("n1").failNext(1, new IllegalStateException("connection reset"));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> n1.set("p1", "v1",
            EntryOptions.builder().reThrowDistributedCacheExceptions(true).build()))
        .isInstanceOf(io.hybridcache.DistributedCacheException.class)
        .hasMessageContaining("connection reset");
  }

  /**
   * A set stamped before the entry its node holds: what two threads of one node writing a key produce when the later
   * stamped saves first, shown here with a node whose clock is ahead. L2 keeps the newer entry, and so does the node.
   */
  @Test
  void aWriteStampedBeforeTheEntryItsNodeHoldsReplacesItNeitherThereNorInTheLevel() {
    FakeTimeSource ahead = new FakeTimeSource();
    ahead.advance(Duration.ofSeconds(1));
    var n1 = node("n1");
    try (var n2 = HybridCacheEngine.<String, String>builder("products").timeSource(ahead)
        .cluster(cluster("n2", keyPrefix, Mode.LEVEL_AND_BACKPLANE)).build()) {
      n2.set("p1", "newer");
      assertThat(n1.tryGet("p1")).contains("newer");

      n1.set("p1", "older");

      assertThat(n1.tryGet("p1")).as("n1, which agrees with L2").contains("newer");
      assertThat(node("n3").tryGet("p1")).as("L2").contains("newer");
    }
  }

  @Test
  void afterMissedMessagesEveryLocalEntryIsStaleAndReReadFromTheDistributedLevel() {
    var n1 = node("n1");
    var n2 = node("n2");
    n1.set("p1", "v1");
    assertThat(n2.tryGet("p1")).contains("v1");
    memory.backplanes.get("n2").disconnect();

    n1.set("p1", "v2");
    memory.backplanes.get("n2").reconnect();

    await().atMost(WAIT).until(() -> !freshLocally(n2, "p1"));
    assertThat(n2.tryGet("p1")).contains("v2");
  }

  @Test
  void afterAFailureTheDistributedLevelIsSkippedForTheBreakDurationThenTriedAgain() {
    var n1 = engine("products", cluster("n1", keyPrefix, Mode.LEVEL_AND_BACKPLANE,
        b -> b.distributedLevelCircuitBreaker(Duration.ofSeconds(10)).timeSource(time)), EntryOptions.defaults());
    var n2 = node("n2");
    var level = memory.levels.get("n1");
    level.failNext(1, new IllegalStateException("connection reset"));

    n1.set("a", "1");
    long callsAfterFailure = level.sets();
    n1.set("b", "2");

    assertThat(level.sets()).as("skipped, not attempted").isEqualTo(callsAfterFailure);
    assertThat(n1.stats().distributedErrors()).isEqualTo(2);
    assertThat(n1.tryGet("b")).as("the write still landed in L1").contains("2");

    time.advance(Duration.ofSeconds(11));
    n1.set("c", "3");

    assertThat(level.sets()).isEqualTo(callsAfterFailure + 1);
    assertThat(n2.tryGet("c")).contains("3");
  }

  @Test
  void afterAFailedPublishTheBackplaneIsSkippedUntilAMessageShowsItIsBack() {
    var n1 = engine("products", cluster("n1", keyPrefix, Mode.BACKPLANE_ONLY,
        b -> b.backplaneCircuitBreaker(Duration.ofMinutes(10)).timeSource(time)), EntryOptions.defaults());
    var n2 = node("n2", Mode.BACKPLANE_ONLY, EntryOptions.defaults());
    var bus = memory.backplanes.get("n1");
    bus.failNext(1, new IllegalStateException("connection reset"));

    n1.set("a", "1");
    long publishesAfterFailure = bus.publishes();
    n1.set("b", "2");
    assertThat(bus.publishes()).as("skipped, not attempted").isEqualTo(publishesAfterFailure);
    assertThat(n1.stats().backplaneErrors()).isEqualTo(2);

    n2.set("x", "from n2"); // n1 receives it: the bus works
    awaitMessages(n1, 1);
    n1.set("c", "3");

    assertThat(bus.publishes()).isEqualTo(publishesAfterFailure + 1);
    awaitMessages(n2, 1);
  }

  @Test
  void aWriteThatFailedIsMadeAgainWhenTheLevelAnswersAndReachesTheOtherNodes() {
    var n1 = node("n1");
    var n2 = node("n2");
    memory.levels.get("n1").failNext(1, new IllegalStateException("connection reset"));

    n1.set("p1", "v1");
    assertThat(n2.tryGet("p1")).as("not in L2 yet").isEmpty();
    assertThat(n1.pendingRecoveries()).isEqualTo(1);

    time.advance(Duration.ofSeconds(2));

    await().atMost(WAIT).until(() -> n1.pendingRecoveries() == 0);
    assertThat(n2.tryGet("p1")).contains("v1");
    assertThat(n1.stats().autoRecoveryReplays()).isEqualTo(1);
  }

  @Test
  void onlyTheNewestFailedOperationOfAKeyIsReplayed() {
    var n1 = node("n1");
    var n2 = node("n2");
    var level = memory.levels.get("n1");
    level.failAll(true);
    n1.set("p1", "v1");
    time.advance(Duration.ofMillis(1));
    n1.set("p1", "v2");
    n1.set("p2", "w1");
    n1.remove("p2");
    assertThat(n1.pendingRecoveries()).isEqualTo(2);
    level.failAll(false);

    time.advance(Duration.ofSeconds(2));

    await().atMost(WAIT).until(() -> n1.pendingRecoveries() == 0);
    assertThat(n2.tryGet("p1")).contains("v2");
    assertThat(n2.tryGet("p2")).isEmpty();
  }

  @Test
  void aFailedWriteIsNotReplayedOverANewerEntryAnotherNodeWroteAndL1TakesThatEntry() {
    var n1 = node("n1");
    var n2 = node("n2");
    memory.levels.get("n1").failNext(1, new IllegalStateException("connection reset"));
    n1.set("p1", "older");
    time.advance(Duration.ofMillis(5));
    memory.backplanes.get("n2").dropNext(1); // n1 does not hear of it: only L2 tells
    n2.set("p1", "newer");

    time.advance(Duration.ofSeconds(2));

    await().atMost(WAIT).until(() -> n1.pendingRecoveries() == 0);
    assertThat(n2.tryGet("p1")).contains("newer");
    assertThat(n1.tryGet("p1")).as("n1's L1 refreshed from L2").contains("newer");
    assertThat(memory.store.read(keyPrefix + ":products:p1")).isNotNull();
    var late = node("late");
    assertThat(late.tryGet("p1")).contains("newer");
  }

  @Test
  void aNewerChangeAnnouncedByAnotherNodeCancelsTheQueuedOperation() {
    var n1 = node("n1");
    var n2 = node("n2");
    memory.levels.get("n1").failNext(1, new IllegalStateException("connection reset"));
    n1.set("p1", "older");
    assertThat(n1.pendingRecoveries()).isEqualTo(1);
    time.advance(Duration.ofMillis(5));

    n2.set("p1", "newer");

    await().atMost(WAIT).until(() -> n1.pendingRecoveries() == 0);
    assertThat(n1.stats().autoRecoveryReplays()).isZero();
    assertThat(n1.tryGet("p1")).contains("newer");
  }

  @Test
  void aFullQueueDropsItsOldestOperationAndCountsIt() {
    var n1 = engine("products", cluster("n1", keyPrefix, Mode.LEVEL_AND_BACKPLANE,
        b -> b.autoRecovery(new AutoRecovery(Duration.ofSeconds(2), 2, 5))), EntryOptions.defaults());
    memory.levels.get("n1").failAll(true);

    n1.set("a", "1");
    n1.set("b", "2");
    n1.set("c", "3");

    assertThat(n1.pendingRecoveries()).isEqualTo(2);
    assertThat(n1.stats().autoRecoveryDrops()).isEqualTo(1);
  }

  @Test
  void anOperationIsDroppedAndCountedWhenItsRetriesRunOut() {
    var n1 = engine("products", cluster("n1", keyPrefix, Mode.LEVEL_AND_BACKPLANE,
        b -> b.autoRecovery(new AutoRecovery(Duration.ofSeconds(2), 100, 2))), EntryOptions.defaults());
    memory.levels.get("n1").failAll(true);
    n1.set("a", "1");

    time.advance(Duration.ofSeconds(2));
    await().atMost(WAIT).until(() -> n1.stats().distributedErrors() >= 2);
    time.advance(Duration.ofSeconds(2));

    await().atMost(WAIT).until(() -> n1.stats().autoRecoveryDrops() == 1);
    assertThat(n1.pendingRecoveries()).isZero();
  }
}

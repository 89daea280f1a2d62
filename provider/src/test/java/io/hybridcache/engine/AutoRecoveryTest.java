package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.InMemoryDistributedLevel;
import io.hybridcache.distributed.InMemoryTopology;
import io.hybridcache.distributed.Topology;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Auto-recovery of the operations beyond plain writes and removals: expiries (made again after a write still queued,
 * never in its place), the conditional writes behind the JCache atomic operations, and the replay round moved to the
 * reconnect barrier once the backplane is back. In-memory level and bus, faults injected per node, replays on the
 * fake clock. The plain write and removal cases are in {@link InMemoryMultiNodeTest}.
 */
class AutoRecoveryTest extends MultiNodeFixture {
  private static final EntryOptions OPTIONS = EntryOptions.builder().duration(Duration.ofMinutes(10))
      .failSafe(true).failSafeMaxDuration(Duration.ofHours(1)).build();
  private static final Duration ROUND = AutoRecovery.defaults().delay();
  private InMemoryTopology memory;

  @Override
  Topology topology(FakeTimeSource time) {
    memory = new InMemoryTopology(time);
    return memory;
  }

  private InMemoryDistributedLevel levelOf(String node) {
    return memory.levels.get(node);
  }

  private void replayRound(HybridCacheEngine<String, String> node) {
    time.advance(ROUND);
    await().atMost(WAIT).until(() -> node.pendingRecoveries() == 0);
  }

  /** What a node started now serves for {@code key} when the source fails: fresh from L2, or L2's fallback. */
  private String servedByANewNode(String key) {
    var late = node("late-" + System.nanoTime(), Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    return late.getOrSet(key, ctx -> {
      throw new IllegalStateException("database down");
    }, OPTIONS);
  }

  private boolean freshInLevel(String key) {
    return node("peek-" + System.nanoTime(), Mode.LEVEL_AND_BACKPLANE, OPTIONS).tryGet(key).isPresent();
  }

  @Test
  void aFailedExpiryIsMadeAgainSoL2AndTheOtherNodesHoldTheEntryOnlyAsAFallback() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    n1.set("p1", "v1");
    assertThat(n2.tryGet("p1")).contains("v1");
    levelOf("n1").failAll(true);

    n1.expire("p1");
    assertThat(n1.pendingRecoveries()).isEqualTo(1);
    assertThat(freshInLevel("p1")).as("the expiry has not reached L2").isTrue();
    levelOf("n1").failAll(false);
    replayRound(n1);

    assertThat(freshInLevel("p1")).as("expired in L2").isFalse();
    await().atMost(WAIT).until(() -> !freshLocally(n2, "p1"));
    assertThat(servedByANewNode("p1")).as("kept as a fallback").isEqualTo("v1");
    assertThat(n1.stats().autoRecoveryDrops()).isZero();
  }

  @Test
  void anExpiryAfterAFailedWriteIsMadeAfterTheWriteSoTheWrittenValueIsTheFallback() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    n1.set("p1", "v1");
    levelOf("n1").failAll(true);
    time.advance(Duration.ofMillis(5));
    n1.set("p1", "v2");
    n1.expire("p1");
    assertThat(n1.pendingRecoveries()).as("one operation per key").isEqualTo(1);
    levelOf("n1").failAll(false);

    replayRound(n1);

    assertThat(freshInLevel("p1")).as("expired in L2").isFalse();
    assertThat(servedByANewNode("p1")).as("the write was not lost to the expiry").isEqualTo("v2");
  }

  @Test
  void aFailedExpiryIsNotMadeOverAnEntryWrittenAfterItAndL1TakesThatEntry() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    n1.set("p1", "v1");
    levelOf("n1").failAll(true);
    n1.expire("p1");
    time.advance(Duration.ofMillis(5));
    memory.backplanes.get("n2").dropNext(1); // n1 does not hear of it: only L2 tells
    n2.set("p1", "newer");
    levelOf("n1").failAll(false);

    replayRound(n1);

    assertThat(freshInLevel("p1")).as("the newer entry stays fresh").isTrue();
    assertThat(servedByANewNode("p1")).isEqualTo("newer");
    assertThat(freshLocally(n1, "p1")).as("n1's L1 refreshed from L2, before any read of n1").isTrue();
    assertThat(local(n1, "p1").map(e -> e.value())).contains("newer");
  }

  @Test
  void aConditionalWriteWhoseCompareAndSetFailedIsMadeAgainAndReachesTheOtherNodes() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    var access = n1.entryAccess();

    CacheEntry<String> result = access.computeAcrossNodes("p1", (k, current) -> {
      levelOf("n1").failNext(1, new IllegalStateException("connection reset")); // the read went through
      return access.create("v1", access.now(), access.now() + 60_000);
    }, () -> { });

    assertThat(result.value()).isEqualTo("v1");
    assertThat(n1.pendingRecoveries()).isEqualTo(1);
    assertThat(n2.tryGet("p1")).as("not in L2 yet").isEmpty();
    replayRound(n1);
    assertThat(n2.tryGet("p1")).contains("v1");
  }

  @Test
  void aConditionalChangeMadeLocallyWhileTheLevelFailsReachesItLater() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    n1.set("gone", "x");
    var access = n1.entryAccess();
    levelOf("n1").failAll(true);

    access.computeAcrossNodes("p1", (k, current) -> access.create("v1", access.now(), access.now() + 60_000),
        () -> { });
    access.computeAcrossNodes("gone", (k, current) -> null, () -> { });
    assertThat(n1.pendingRecoveries()).isEqualTo(2);
    levelOf("n1").failAll(false);

    replayRound(n1);
    assertThat(n2.tryGet("p1")).contains("v1");
    assertThat(n2.tryGet("gone")).isEmpty();
  }

  @Test
  void onceTheBackplaneIsBackQueuedOperationsAreReplayedAtTheReconnectBarrierNotAtTheNextRound() {
    Duration barrier = Duration.ofMillis(300);
    var n1 = engine("products", cluster("n1", keyPrefix, Mode.LEVEL_AND_BACKPLANE,
        b -> b.autoRecovery(new AutoRecovery(Duration.ofMinutes(1), 100, 10, barrier))), OPTIONS);
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    levelOf("n1").failAll(true);
    n1.set("p1", "v1");
    assertThat(n1.pendingRecoveries()).isEqualTo(1);
    levelOf("n1").failAll(false);

    memory.backplanes.get("n1").disconnect();
    memory.backplanes.get("n1").reconnect();
    await().atMost(WAIT).until(() -> nextTaskWithin(barrier)); // the reconnect is told on the bus's thread
    time.advance(barrier.minusMillis(1));
    assertThat(n1.pendingRecoveries()).as("just before the barrier").isEqualTo(1);
    time.advance(Duration.ofMillis(1));

    await().atMost(WAIT).until(() -> n1.pendingRecoveries() == 0);
    assertThat(n2.tryGet("p1")).contains("v1");
  }

  /** Whether the earliest task on the fake clock is due within {@code d} from now. */
  private boolean nextTaskWithin(Duration d) {
    return time.nextTaskInNanos() <= d.toNanos();
  }

  @Test
  void theReconnectBarrierDefaultsToHalfASecondOrTheDelayIfShorterAndMayNotBeNegative() {
    assertThat(AutoRecovery.defaults().reconnectBarrier()).isEqualTo(Duration.ofMillis(500));
    assertThat(new AutoRecovery(Duration.ofMillis(200), 1, 1).reconnectBarrier()).isEqualTo(Duration.ofMillis(200));
    assertThat(new AutoRecovery(Duration.ofSeconds(1), 1, 1, Duration.ZERO).reconnectBarrier()).isZero();
    assertThatThrownBy(() -> new AutoRecovery(Duration.ofSeconds(1), 1, 1, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reconnectBarrier");
    assertThatThrownBy(() -> new AutoRecovery(Duration.ofSeconds(1), 1, 1, null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("reconnectBarrier");
  }
}

package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.InMemoryTopology;
import io.hybridcache.distributed.Topology;
import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.BackplaneMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Sweeps of the memory level that messages cause are rate-limited per cache ({@link SweepLimiter}): someone who can
 * PUBLISH on the channel cannot make a node sweep its whole memory level once per message, and still no lost message
 * goes unswept: the sweeps asked for within the window are made as one at its end. On the fake clock.
 */
class SweepRateLimitTest extends MultiNodeFixture {
  private InMemoryTopology memory;
  private long nextForgedSequence = 1_000_000;

  @Override
  Topology topology(FakeTimeSource time) {
    memory = new InMemoryTopology(time);
    return memory;
  }

  /** {@code count} forged messages whose sequences each skip a number: a gap each (for a cache no node has). */
  private void forgeGaps(int count) {
    Backplane attacker = topology.backplane("attacker", keyPrefix);
    for (int i = 0; i < count; i++) {
      nextForgedSequence += 2;
      attacker.publish(BackplaneMessage.channel(keyPrefix), new BackplaneMessage(BackplaneMessage.FORMAT_VERSION,
          "attacker", time.wallMillis(), nextForgedSequence, BackplaneMessage.Type.ENTRY_EXPIRE, "elsewhere", "x"))
          .join();
    }
  }

  /** n1 changes {@code key} to {@code value} and its notice is lost; n1's next write shows the gap. */
  private void lostChange(HybridCacheEngine<String, String> n1, String key, String value) {
    memory.backplanes.get("n1").dropNext(1);
    n1.set(key, value);
    n1.set("marker", value);
  }

  @Test
  void aThousandGapsWithinOneSweepIntervalMakeOneSweepAtOnceAndOneAtTheIntervalsEndSoNoLostChangeIsMissed() {
    var n1 = engine("products", cluster("n1", keyPrefix, Mode.LEVEL_AND_BACKPLANE), EntryOptions.defaults());
    ClusterNode second = cluster("n2", keyPrefix, Mode.LEVEL_AND_BACKPLANE);
    var n2 = engine("products", second, EntryOptions.defaults());
    assertThat(second.sweepInterval()).isEqualTo(Duration.ofSeconds(1));
    n1.set("p1", "v1");
    n1.set("p2", "v1");
    awaitMessages(n2, 2);
    assertThat(n2.tryGet("p1")).contains("v1");

    lostChange(n1, "p2", "v2"); // the first gap: swept at once
    await().atMost(WAIT).until(() -> second.messageSweeps() == 1);
    assertThat(freshLocally(n2, "p1")).isFalse();
    assertThat(n2.tryGet("p1")).contains("v1"); // fresh again in L1
    assertThat(freshLocally(n2, "p1")).isTrue();

    lostChange(n1, "p1", "v2"); // within the window: its sweep waits for the window's end
    forgeGaps(998);
    await().atMost(WAIT).until(() -> second.sequenceGaps() == 1_000);
    assertThat(second.messageSweeps()).as("one sweep for the whole window so far").isEqualTo(1);
    assertThat(second.coalescedSweeps()).isEqualTo(999);
    assertThat(freshLocally(n2, "p1")).as("not swept again within the window").isTrue();

    time.advance(Duration.ofSeconds(1));

    await().atMost(WAIT).until(() -> second.messageSweeps() == 2);
    assertThat(second.coalescedSweeps()).isEqualTo(999);
    assertThat(freshLocally(n2, "p1")).as("the lost change's sweep was made at the window's end").isFalse();
    assertThat(n2.tryGet("p1")).contains("v2");
    assertThat(n2.tryGet("p2")).contains("v2");
  }

  @Test
  void gapsInDifferentSweepIntervalsEachSweepAtOnce() {
    var n1 = engine("products", cluster("n1", keyPrefix, Mode.LEVEL_AND_BACKPLANE), EntryOptions.defaults());
    ClusterNode second = cluster("n2", keyPrefix, Mode.LEVEL_AND_BACKPLANE);
    var n2 = engine("products", second, EntryOptions.defaults());
    n1.set("p1", "v1");
    awaitMessages(n2, 1);

    for (int window = 1; window <= 3; window++) {
      String value = "v" + (window + 1);
      assertThat(n2.tryGet("p1")).isPresent();
      assertThat(freshLocally(n2, "p1")).isTrue();
      lostChange(n1, "p1", value);
      int sweeps = window;
      await().atMost(WAIT).until(() -> second.messageSweeps() == sweeps);
      assertThat(freshLocally(n2, "p1")).isFalse();
      assertThat(n2.tryGet("p1")).contains(value);
      time.advance(Duration.ofMillis(1_001));
    }
    assertThat(second.coalescedSweeps()).isZero();
    assertThat(second.sequenceGaps()).isEqualTo(3);
  }

  @Test
  void aChangeOfAKeyTooLongForTheBackplaneIsAnnouncedAsAStaleClearSoTheOtherNodesReadItAgain() {
    ClusterNode first = cluster("n1", keyPrefix, Mode.LEVEL_AND_BACKPLANE);
    var n1 = engine("products", first, EntryOptions.defaults());
    ClusterNode second = cluster("n2", keyPrefix, Mode.LEVEL_AND_BACKPLANE);
    var n2 = engine("products", second, EntryOptions.defaults());
    List<BackplaneMessage> seen = new CopyOnWriteArrayList<>();
    topology.backplane("observer", keyPrefix).subscribe(BackplaneMessage.channel(keyPrefix), new Backplane.Listener() {
      @Override
      public void onMessage(BackplaneMessage message) {
        seen.add(message);
      }

      @Override
      public void onResubscribed() {}
    });
    String longKey = "k".repeat(BackplaneMessage.MAX_KEY_BYTES + 1);
    n1.set(longKey, "v1");
    n1.set("p1", "v1");
    awaitMessages(n2, 2);
    assertThat(n2.tryGet(longKey)).contains("v1");
    assertThat(n2.tryGet("p1")).contains("v1");
    time.advance(Duration.ofMillis(1_001)); // out of the window of the first notice's sweep

    n1.set(longKey, "v2");

    await().atMost(WAIT).until(() -> second.messageSweeps() == 2);
    assertThat(first.keysTooLongToAnnounce()).isEqualTo(2);
    assertThat(freshLocally(n2, "p1")).as("the whole cache is marked stale, for want of the key").isFalse();
    assertThat(n2.tryGet(longKey)).contains("v2");
    assertThat(seen).allSatisfy(m -> assertThat(m.key().length()).isLessThanOrEqualTo(BackplaneMessage.MAX_KEY_BYTES));
    assertThat(seen).filteredOn(m -> m.type() == BackplaneMessage.Type.CLEAR).hasSize(2)
        .allSatisfy(m -> assertThat(m.key()).isEqualTo(DistributedOperations.CLEAR_STALE));
  }

  @Test
  void aSweepIntervalOfZeroSweepsOnEveryGap() {
    ClusterNode node = cluster("n2", keyPrefix, Mode.LEVEL_AND_BACKPLANE, b -> b.sweepInterval(Duration.ZERO));
    engine("products", node, EntryOptions.defaults());

    forgeGaps(6); // the first numbered message a node sees is no gap

    await().atMost(WAIT).until(() -> node.sequenceGaps() == 5);
    assertThat(node.messageSweeps()).isEqualTo(5);
    assertThat(node.coalescedSweeps()).isZero();
  }
}

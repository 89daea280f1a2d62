package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.ForwardingLevel;
import io.hybridcache.distributed.Topology;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.KeyRead;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A tag removal or a clear cannot be undone by deleting its record from L2 (issue 18, item 3) while a node that made
 * or learnt it is up: that node writes the record again (at its next check of the records, or at once when a read of
 * its own finds it missing) and announces it, so a node started after the deletion stops serving what the removal
 * hid. Written once; each subclass runs it on one {@link Topology}.
 */
abstract class RemovalRecordsBehaviour extends MultiNodeFixture {
  static final EntryOptions OPTIONS = EntryOptions.builder().duration(Duration.ofMinutes(10)).build();
  static final Duration CHECK = ClusterNodeBuilder.DEFAULT_REMOVAL_CHECK_INTERVAL;

  /** What every node of the test gets on top of its own settings (the Redis run signs its envelopes). */
  UnaryOperator<ClusterNodeBuilder> everyNode() {
    return b -> b;
  }

  @Override
  ClusterNode cluster(String name, String prefix, Mode mode, UnaryOperator<ClusterNodeBuilder> tuning) {
    return super.cluster(name, prefix, mode, b -> tuning.apply(everyNode().apply(b)));
  }

  private final Map<String, FailingBulkLevel> levels = new ConcurrentHashMap<>();

  @Override
  DistributedLevel level(String name, String prefix, boolean publishing) {
    FailingBulkLevel level = new FailingBulkLevel(super.level(name, prefix, publishing));
    levels.put(name, level);
    return level;
  }

  String recordKey(String tag) {
    return keyPrefix + ":~tag:products:" + tag;
  }

  DistributedLevel raw() {
    return topology.level("raw", keyPrefix, false);
  }

  /** Deletes {@code key} from L2, as anyone who can write to Redis could. */
  void delete(String key) {
    raw().remove(key, null).join();
    assertThat(raw().get(key).join()).isNull();
  }

  @Test
  void aTagRemovalWhoseRecordIsDeletedIsWrittenAgainAndANodeStartedAfterTheDeletionStopsServingTheEntry() {
    var a = node("a");
    var b = node("b");
    a.set("p1", "v1", OPTIONS, Set.of("t"));
    a.removeByTag("t");
    awaitMessages(b, 2); // b learnt the removal from its message
    delete(recordKey("t"));

    var c = node("c");
    assertThat(c.tryGet("p1")).as("the window: c knows no removal, L2 still holds p1").contains("v1");
    assertThat(b.tryGet("p1")).as("b knew it").isEmpty();

    time.advance(CHECK);
    await().atMost(WAIT).until(() -> raw().get(recordKey("t")).join() != null);
    await().atMost(WAIT).until(() -> c.tryGet("p1").isEmpty());
    assertThat(a.tryGet("p1")).isEmpty();
    assertThat(node("d").tryGet("p1")).as("a node started after the restore").isEmpty();
  }

  @Test
  void aClearWhoseRecordIsDeletedIsWrittenAgainAndANodeStartedAfterTheDeletionStopsServingWhatItCleared() {
    var a = node("a");
    a.set("p1", "v1", OPTIONS);
    time.advance(Duration.ofMillis(1));
    a.clear(false);
    delete(recordKey("!"));

    var c = node("c");
    assertThat(c.tryGet("p1")).as("the window").contains("v1");

    time.advance(CHECK);
    await().atMost(WAIT).until(() -> raw().get(recordKey("!")).join() != null);
    await().atMost(WAIT).until(() -> c.tryGet("p1").isEmpty());
    assertThat(node("d").tryGet("p1")).isEmpty();
    assertThat(a.tryGet("p1")).isEmpty();
  }

  @Test
  void aRecordReplacedByAnOlderRemovalsRecordIsWrittenAgainWithTheLaterTime() {
    var a = node("a");
    a.removeByTag("t");
    byte[] older = raw().get(recordKey("t")).join();
    time.advance(Duration.ofMillis(5));
    a.set("p1", "v1", OPTIONS, Set.of("t")); // after the first removal
    time.advance(Duration.ofMillis(5));
    a.removeByTag("t");
    raw().remove(recordKey("t"), null).join();
    raw().set(recordKey("t"), older, Duration.ofDays(1), null).join();

    var c = node("c");
    assertThat(c.tryGet("p1")).as("the window: the older record does not hide p1").contains("v1");

    time.advance(CHECK);
    await().atMost(WAIT).until(() -> c.tryGet("p1").isEmpty());
    assertThat(node("d").tryGet("p1")).isEmpty();
  }

  @Test
  void aCheckWhoseReadFailsWritesNothingAndALaterOneWritesTheMissingRecord() {
    ClusterNode aNode = cluster("a", keyPrefix, Mode.LEVEL_AND_BACKPLANE);
    var a = engine("products", aNode, EntryOptions.defaults());
    a.removeByTag("t");
    delete(recordKey("t"));
    FailingBulkLevel level = levels.get("a");
    level.failing = true;

    time.advance(CHECK);
    await().atMost(WAIT).until(() -> level.failedReads.get() > 0);
    assertThat(raw().get(recordKey("t")).join()).as("nothing written on a failed read").isNull();
    assertThat(aNode.restoredRemovalRecords()).isZero();

    level.failing = false;
    await().atMost(WAIT).until(() -> {
      time.advance(CHECK); // the next round is scheduled once the failed one has ended
      return raw().get(recordKey("t")).join() != null;
    });
    assertThat(aNode.restoredRemovalRecords()).isEqualTo(1);
  }

  /** A level whose bulk reads fail while {@link #failing}. */
  static final class FailingBulkLevel extends ForwardingLevel {
    volatile boolean failing;
    final AtomicInteger failedReads = new AtomicInteger();

    FailingBulkLevel(DistributedLevel delegate) {
      super(delegate);
    }

    @Override
    public CompletableFuture<List<KeyRead>> getAll(List<String> keys, int maxBytes) {
      if (failing) {
        failedReads.incrementAndGet();
        return CompletableFuture.failedFuture(new IllegalStateException("level down"));
      }
      return delegate.getAll(keys, maxBytes);
    }
  }

  @Test
  void aNodeThatKnewTheRemovalWritesTheRecordAgainAtOnceWhenItsOwnReadFindsItMissing() {
    ClusterNode quietNode = cluster("quiet", keyPrefix, Mode.LEVEL_AND_BACKPLANE, nb -> nb
        .removalCheckInterval(Duration.ZERO).memoryDurationCeiling(Duration.ofMinutes(1)));
    var quiet = engine("products", quietNode, EntryOptions.defaults());
    var a = node("a");
    a.set("p1", "v1", OPTIONS, Set.of("t"));
    a.removeByTag("t");
    awaitMessages(quiet, 2);
    a.close(); // the node that made the removal is gone
    delete(recordKey("t"));
    assertThat(quiet.tryGet("p1")).isEmpty();
    time.advance(Duration.ofMinutes(2)); // past the ceiling: quiet reads the time of t again, finds no record

    assertThat(quiet.tryGet("p1")).as("never taken back for want of a record").isEmpty();
    await().atMost(WAIT).until(() -> raw().get(recordKey("t")).join() != null);
    assertThat(quietNode.restoredRemovalRecords()).isEqualTo(1);
    assertThat(node("late").tryGet("p1")).isEmpty();
  }
}

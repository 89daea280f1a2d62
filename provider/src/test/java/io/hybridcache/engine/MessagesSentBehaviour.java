package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How a cache counts the backplane notifications its node published ({@code backplaneMessagesSent}): each change
 * announced once it was published, inside the level's write or on its own, and nothing for a write the level refused,
 * a compare-and-set that lost, or a read. Written once; each subclass runs it on one {@link Topology}.
 */
abstract class MessagesSentBehaviour extends MultiNodeFixture {

  private static long sent(HybridCacheEngine<String, String> node) {
    return node.stats().backplaneMessagesSent();
  }

  @Test
  void eachSetAndRemoveAnnouncedWithItsDistributedWriteCountsOneMessageSentOnTheWritingNodeOnly() {
    var n1 = node("n1");
    var n2 = node("n2");

    n1.set("p1", "v1");
    n1.remove("p1");
    n1.set("p2", "v2");

    assertThat(sent(n1)).isEqualTo(3);
    awaitMessages(n2, 3);
    assertThat(sent(n2)).isZero();
  }

  @Test
  void readsCountNoMessageSent() {
    var n1 = node("n1");
    n1.set("p1", "v1");
    long before = sent(n1);

    assertThat(n1.tryGet("p1")).contains("v1");
    assertThat(n1.tryGet("missing")).isEmpty();

    assertThat(sent(n1)).isEqualTo(before).isEqualTo(1);
  }

  @Test
  void aWriteTheDistributedLevelRefusesAsOlderThanWhatItHoldsCountsNoMessageSent() {
    time.advance(Duration.ofSeconds(30));
    var ahead = node("ahead");
    ahead.set("p1", "newer");
    ClusterNode behindNode = cluster("behind", keyPrefix, Mode.LEVEL_AND_BACKPLANE);
    HybridCacheEngine<String, String> behind = closedAfterTest(HybridCacheEngine.<String, String>builder("products")
        .timeSource(new FakeTimeSource()).cluster(behindNode).build()); // 30 s behind: its write is the older

    behind.set("p1", "older");

    assertThat(ahead.stats().distributedWrites()).isEqualTo(1);
    assertThat(sent(ahead)).isEqualTo(1);
    assertThat(sent(behind)).as("the refused write published nothing").isZero();
    assertThat(node("reader").tryGet("p1")).contains("newer");
  }

  @Test
  void aTagRemovalAndAClearCountOnTheCacheTheyAreAbout() {
    var n1 = node("n1");
    var n2 = node("n2");
    n1.set("p1", "v1");

    n1.removeByTag("t1");
    n1.clear();

    await().atMost(WAIT).until(() -> sent(n1) == 3);
    awaitMessages(n2, 3);
  }

  @Test
  void aBulkWriteCountsOneMessageSentPerKeyWritten() {
    var n1 = node("n1");
    var n2 = node("n2");

    n1.setAll(Map.of("a", "1", "b", "2", "c", "3"));
    n1.removeAll(Set.of("a", "b"));

    await().atMost(WAIT).until(() -> sent(n1) == 5);
    awaitMessages(n2, 5);
  }

  @Test
  void anAtomicChangeCountsTheCompareAndSetThatWonNotTheOneThatLost() {
    var n1 = node("n1");
    var n2 = node("n2");
    n1.set("counter", "10");
    List<String> seen = new ArrayList<>();

    n1.entryAccess().computeAcrossNodes("counter", (k, current) -> {
      seen.add(current.value());
      if (seen.size() == 1) {
        n2.set("counter", "20"); // lands between n1's read and its compare-and-set, which then fails
      }
      EntryAccess<String, String> access = n1.entryAccess();
      return access.create(Integer.parseInt(current.value()) + 1 + "", access.now(), access.now() + 60_000);
    }, () -> { });

    assertThat(seen).containsExactly("10", "20");
    assertThat(sent(n1)).as("the set, then the compare-and-set that swapped").isEqualTo(2);
    assertThat(sent(n2)).isEqualTo(1);
  }

  @Test
  void aBackplaneOnlyCacheCountsEachNoticeItPublishedOnItsOwn() {
    var n1 = node("n1", Mode.BACKPLANE_ONLY, EntryOptions.defaults());
    var n2 = node("n2", Mode.BACKPLANE_ONLY, EntryOptions.defaults());

    n1.set("p1", "v1");
    n1.remove("p1");
    n1.getOrSet("p2", ctx -> "computed"); // a factory result is not announced without a level

    await().atMost(WAIT).until(() -> sent(n1) == 2);
    awaitMessages(n2, 2);
    assertThat(sent(n1)).isEqualTo(2);
  }

  @Test
  void withALevelThatDoesNotPublishTheNoticeSentAfterTheWriteIsCounted() {
    ClusterNode silent = cluster("n1", keyPrefix, Mode.LEVEL_AND_BACKPLANE,
        b -> b.distributedLevel(level("n1", keyPrefix, false)));
    var n1 = engine("products", silent, EntryOptions.defaults());
    var n2 = node("n2");

    n1.set("p1", "v1");

    await().atMost(WAIT).until(() -> sent(n1) == 1);
    awaitMessages(n2, 1);
    assertThat(n2.tryGet("p1")).contains("v1");
  }
}

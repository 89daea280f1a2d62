package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.Topology;
import io.hybridcache.kryo.KryoValueSerializer;
import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Times from outside a node (a backplane message's, the timestamp of an entry in L2, a tag or clear time in L2) are
 * refused when further ahead of its clock than the maximum clock skew (1 minute by default), as an attacker who can
 * write to Redis or publish on the channel would date them, and they never move its clock. Written once; each subclass
 * runs it on one {@link Topology}. The fake clock stands still unless a test moves it.
 */
abstract class FutureTimesBehaviour extends MultiNodeFixture {
  private static final Duration YEAR = Duration.ofDays(365);
  private static final EntryOptions TEN_MINUTES = EntryOptions.builder().duration(Duration.ofMinutes(10)).build();

  private ClusterNode first;
  private ClusterNode second;

  private HybridCacheEngine<String, String> first() {
    first = cluster("n1", keyPrefix, Mode.LEVEL_AND_BACKPLANE);
    return engine("products", first, TEN_MINUTES);
  }

  private HybridCacheEngine<String, String> second() {
    second = cluster("n2", keyPrefix, Mode.LEVEL_AND_BACKPLANE);
    return engine("products", second, TEN_MINUTES);
  }

  /** Publishes, as anyone who can publish on the channel could, an unsigned message of cache products. */
  private void forge(BackplaneMessage.Type type, String key, long at) {
    topology.backplane("attacker", keyPrefix).publish(BackplaneMessage.channel(keyPrefix),
        new BackplaneMessage(BackplaneMessage.FORMAT_VERSION, "attacker", at, 0L, type, "products", key)).join();
  }

  /** Writes, as anyone who can write to the level could, a valid unsigned envelope of {@code value} dated {@code at}. */
  private void plant(String levelKey, Object value, long at) {
    CacheEntry<Object> entry = CacheEntry.create(value, at, TEN_MINUTES, Set.of(), null, null);
    byte[] bytes = EntryEnvelope.encode(entry, new KryoValueSerializer(getClass().getClassLoader()).serialize(value));
    DistributedLevel raw = topology.level("raw-writer", keyPrefix, false);
    raw.remove(levelKey, null).join();
    raw.set(levelKey, bytes, Duration.ofMinutes(10), null).join();
  }

  private byte[] inLevel(String levelKey) {
    return topology.level("raw-reader", keyPrefix, false).get(levelKey).join();
  }

  private String entryKey(String key) {
    return keyPrefix + ":products:" + key;
  }

  @Test
  void aClearMessageDatedAYearAheadIsRefusedAndLaterWritesKeepTheCurrentTimeAndAreReadableOnEveryNode() {
    var n1 = first();
    var n2 = second();
    n1.set("p1", "v1");
    awaitMessages(n2, 1);
    assertThat(n2.tryGet("p1")).contains("v1");

    forge(BackplaneMessage.Type.CLEAR, DistributedOperations.CLEAR_REMOVE, time.wallMillis() + YEAR.toMillis());

    await().atMost(WAIT).until(() -> first.refusedFutureTimes() == 1 && second.refusedFutureTimes() == 1);
    assertThat(n1.tryGet("p1")).contains("v1");
    assertThat(n2.tryGet("p1")).contains("v1");
    n2.set("p2", "v2");
    assertThat(local(n2, "p2").orElseThrow().timestamp).as("stamped now, not a year ahead")
        .isEqualTo(time.wallMillis());
    assertThat(EntryEnvelope.decode(inLevel(entryKey("p2"))).timestamp()).isEqualTo(time.wallMillis());
    assertThat(n1.tryGet("p2")).contains("v2");
    time.advance(Duration.ofMillis(1));
    n2.set("p1", "v3");
    await().atMost(WAIT).until(() -> n1.tryGet("p1").orElseThrow().equals("v3"));
    assertThat(node("restarted").tryGet("p2")).contains("v2");
  }

  @Test
  void aTagRemovalMessageDatedAYearAheadIsRefusedAndHidesNothing() {
    var n1 = first();
    var n2 = second();
    n1.set("p1", "v1", TEN_MINUTES, Set.of("t1"));
    awaitMessages(n2, 1);

    forge(BackplaneMessage.Type.TAG_REMOVED, "t1", time.wallMillis() + YEAR.toMillis());

    await().atMost(WAIT).until(() -> second.refusedFutureTimes() == 1);
    assertThat(n2.tryGet("p1")).contains("v1");
    time.advance(Duration.ofMillis(1));
    n2.set("p2", "v2", TEN_MINUTES, Set.of("t1"));
    assertThat(n1.tryGet("p2")).contains("v2");
  }

  @Test
  void anEntryInL2DatedAYearAheadIsAMissThatGetOrSetOverwrites() {
    var reader = second();
    plant(entryKey("p1"), "forged", time.wallMillis() + YEAR.toMillis());

    assertThat(reader.tryGet("p1")).isEmpty();
    assertThat(second.refusedFutureTimes()).isEqualTo(1);
    assertThat(reader.getOrSet("p1", ctx -> "from the factory")).isEqualTo("from the factory");

    EntryEnvelope.Contents written = EntryEnvelope.decode(inLevel(entryKey("p1")));
    assertThat(written.timestamp()).isEqualTo(time.wallMillis());
    assertThat(node("late").tryGet("p1")).contains("from the factory");
  }

  @Test
  void aPlainSetAndARemovalReplaceAnEntryInL2DatedMoreThanADayAhead() {
    var writer = first();
    plant(entryKey("p1"), "forged", time.wallMillis() + YEAR.toMillis());
    plant(entryKey("p2"), "forged", time.wallMillis() + YEAR.toMillis());

    writer.set("p1", "v1");
    writer.remove("p2");

    assertThat(EntryEnvelope.decode(inLevel(entryKey("p1"))).timestamp()).isEqualTo(time.wallMillis());
    assertThat(node("late").tryGet("p1")).contains("v1");
    assertThat(inLevel(entryKey("p2"))).isNull();
  }

  @Test
  void aPlainSetAndARemovalReplaceAnEntryInL2DatedTwoHoursAheadWhichTheLevelWouldOrderAfterThem() {
    var writer = first();
    long twoHoursAhead = time.wallMillis() + Duration.ofHours(2).toMillis(); // within the day the level orders by
    plant(entryKey("p1"), "forged", twoHoursAhead);
    plant(entryKey("p2"), "forged", twoHoursAhead);

    writer.set("p1", "v1");
    writer.remove("p2");

    assertThat(EntryEnvelope.decode(inLevel(entryKey("p1"))).timestamp()).isEqualTo(time.wallMillis());
    assertThat(node("late").tryGet("p1")).contains("v1");
    assertThat(inLevel(entryKey("p2"))).isNull();
    assertThat(first.untrustedEntriesReplaced()).isEqualTo(2);
  }

  @Test
  void aTagRemovalTimeInL2DatedAYearAheadIsRefusedAndHidesNothing() {
    var writer = first();
    writer.set("p1", "v1", TEN_MINUTES, Set.of("t1"));
    plant(keyPrefix + ":~tag:products:t1", time.wallMillis() + YEAR.toMillis(), time.wallMillis());

    var late = node("late");
    assertThat(late.tryGet("p1")).contains("v1");
  }

  @Test
  void timesWithinTheSkewAreAccepted() {
    var n1 = first();
    var n2 = second();
    long ahead = time.wallMillis() + Duration.ofSeconds(50).toMillis();
    plant(entryKey("p1"), "ahead", ahead);
    assertThat(n2.tryGet("p1")).contains("ahead");
    n1.set("p2", "v2");
    awaitMessages(n2, 1);

    forge(BackplaneMessage.Type.CLEAR, DistributedOperations.CLEAR_REMOVE, ahead);

    await().atMost(WAIT).until(() -> n2.tryGet("p2").isEmpty());
    assertThat(first.refusedFutureTimes() + second.refusedFutureTimes()).isZero();
    n2.set("p3", "v3");
    assertThat(local(n2, "p3").orElseThrow().timestamp).as("after the clear it heard").isGreaterThan(ahead);
  }
}

package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.ForwardingLevel;
import io.hybridcache.distributed.RedisTopology;
import io.hybridcache.distributed.Topology;
import io.hybridcache.redis.harness.RedisServerExtension;
import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.hybridcache.kryo.KryoValueSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With envelope keys, no header in Redis that a node cannot verify decides a write: a forged tombstone or entry header
 * dated later (within the day the level's scripts order by) is a miss on every node, and the writes, removals and
 * clears it made the scripts refuse replace it; a value above {@code maxEntrySize} with a later header is replaced
 * without being transferred. A genuine later write still wins over an earlier one that reaches Redis late.
 */
class RedisUntrustedHeaderTest extends MultiNodeFixture {
  private static final List<byte[]> KEYS = List.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
  private static final EntryOptions TEN_MINUTES = EntryOptions.builder().duration(Duration.ofMinutes(10)).build();
  private static final EntryOptions FROM_L2 = TEN_MINUTES.toBuilder().skipMemoryCache(true).build();
  private static final EntryOptions BACKGROUND = TEN_MINUTES.toBuilder().backgroundDistributedCacheOperations(true)
      .build();
  private static final int MAX_ENTRY_SIZE = 1_024;
  private static final int PLANTED_SIZE = 5 * 1_024 * 1_024;
  private static final long NOT_TRANSFERRED = 256 * 1_024;
  private static final Pattern NET_OUTPUT = Pattern.compile("total_net_output_bytes:(\\d+)");
  /** Sets KEYS[1] to ARGV[1] (the header's first four bytes) and the time ARGV[2], then ARGV[3] as it is. */
  private static final String PLANT = "return redis.call('SET', KEYS[1], ARGV[1] .. struct.pack('>i8', "
      + "tonumber(ARGV[2])) .. ARGV[3])";
  /** Overwrites the first bytes of KEYS[1] with an ordered entry header of the time ARGV[1]. */
  private static final String PLANT_HEADER = "return redis.call('SETRANGE', KEYS[1], 0, 'HC\\1 ' .. "
      + "struct.pack('>i8', tonumber(ARGV[1])) .. struct.pack('>i8', 0))";

  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  private final CompletableFuture<Void> release = new CompletableFuture<>();
  private RedisTopology keylessTopology;
  private HeldLevel held;

  /** A node without keys: its entries and tombstones unsigned, every tombstone read as a removal. */
  private HybridCacheEngine<String, String> keyless(String name) {
    if (keylessTopology == null) {
      keylessTopology = closedAfterTest(new RedisTopology(redis.server())); // closed after the nodes
    }
    ClusterNode node = closedAfterTest(ClusterNode.builder(keyPrefix).nodeId(name)
        .valueSerializer(new KryoValueSerializer(getClass().getClassLoader()))
        .distributedLevel(keylessTopology.level(name, keyPrefix, true))
        .backplane(keylessTopology.backplane(name, keyPrefix)).build());
    return engine("products", node, TEN_MINUTES);
  }

  @Override
  Topology topology(FakeTimeSource time) {
    return new RedisTopology(redis.server(), KEYS); // tombstones signed with the envelope keys, as the YAML does
  }

  @Override
  DistributedLevel level(String name, String prefix, boolean publishing) {
    DistributedLevel level = super.level(name, prefix, publishing);
    if (!name.equals("held")) {
      return level;
    }
    held = new HeldLevel(level, release);
    return held;
  }

  private ClusterNode signed(String name) {
    return cluster(name, keyPrefix, Mode.LEVEL_AND_BACKPLANE, b -> b.envelopeKeys(KEYS).maxEntrySize(MAX_ENTRY_SIZE));
  }

  private String levelKey(String key) {
    return keyPrefix + ":products:" + key;
  }

  private long anHourAhead() {
    return time.wallMillis() + Duration.ofHours(1).toMillis();
  }

  /** A tombstone as anyone who can write to Redis could make it: unsigned, dated {@code at}, without TTL. */
  private void forgeTombstone(String redisKey, long at) {
    redis.server().command("EVAL", PLANT, "1", redisKey, "HC\u0001@", Long.toString(at), "");
  }

  /** A 24-byte entry header dated {@code at} (order 0) followed by four bytes that are no entry. */
  private void forgeHeader(String redisKey, long at) {
    redis.server().command("EVAL", PLANT, "1", redisKey, "HC\u0001 ", Long.toString(at), "\0\0\0\0\0\0\0\0junk");
  }

  private long strlen(String key) {
    return Long.parseLong(redis.server().command("STRLEN", levelKey(key)).substring(1));
  }

  private static long netOutputBytes() {
    Matcher m = NET_OUTPUT.matcher(redis.server().command("INFO", "stats"));
    assertThat(m.find()).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void aForgedTombstoneDatedLaterIsAMissAndAPutReplacesItForEveryNode() {
    ClusterNode writerNode = signed("writer");
    var writer = engine("products", writerNode, TEN_MINUTES);
    var reader = engine("products", signed("reader"), TEN_MINUTES);
    writer.set("p1", "v1");
    forgeTombstone(levelKey("p1"), anHourAhead());

    assertThat(reader.tryGet("p1", FROM_L2)).as("an unsigned tombstone is bad data").isEmpty();
    assertThat(reader.stats().serializationErrors()).isEqualTo(1);
    writer.set("p1", "v2");

    assertThat(reader.tryGet("p1", FROM_L2)).contains("v2");
    assertThat(writerNode.untrustedEntriesReplaced()).isEqualTo(1);
  }

  @Test
  void aRemovalAndAClearReplaceForgedTombstonesDatedLater() {
    ClusterNode writerNode = signed("writer");
    var writer = engine("products", writerNode, TEN_MINUTES);
    writer.set("p1", "v1");
    writer.set("p2", "v2");
    forgeTombstone(levelKey("p1"), anHourAhead());
    forgeTombstone(keyPrefix + ":~tag:products:!", anHourAhead()); // where clear(false) keeps its time
    time.advance(Duration.ofMillis(1));

    writer.remove("p1");
    writer.clear(false);

    assertThat(strlen("p1")).as("a signed tombstone in place of the forged one").isEqualTo(44);
    assertThat(engine("products", signed("late"), TEN_MINUTES).tryGet("p2")).as("cleared for a node started later")
        .isEmpty();
    assertThat(writerNode.untrustedEntriesReplaced()).isEqualTo(2);
  }

  @Test
  void aNodeWithoutKeysReadsASignedTombstoneAsARemovalAndWritesOverItInOrder() {
    var signedNode = engine("products", signed("signed"), TEN_MINUTES);
    var keyless = keyless("keyless");
    signedNode.set("p1", "v1");
    assertThat(keyless.tryGet("p1", FROM_L2)).contains("v1");
    time.advance(Duration.ofMillis(1));

    signedNode.remove("p1");

    assertThat(strlen("p1")).as("a signed tombstone").isEqualTo(44);
    assertThat(keyless.tryGet("p1", FROM_L2)).as("a removal to the node without keys").isEmpty();
    assertThat(keyless.stats().serializationErrors()).isZero();
    time.advance(Duration.ofMillis(1));
    keyless.set("p1", "v2");
    assertThat(keyless.tryGet("p1", FROM_L2)).contains("v2");
  }

  @Test
  void withoutKeysATombstoneDatedBeyondTheClockSkewStillReadsAsARemovalButNoLongerBlocksWrites() {
    var keyless = keyless("keyless");
    forgeTombstone(levelKey("p1"), time.wallMillis() + Duration.ofHours(2).toMillis());

    assertThat(keyless.tryGet("p1", FROM_L2)).isEmpty();
    keyless.set("p1", "v1");

    assertThat(keyless("reader").tryGet("p1", FROM_L2)).contains("v1");
  }

  @Test
  void aForgedEntryHeaderDatedLaterIsAMissAndAPutReplacesIt() {
    ClusterNode writerNode = signed("writer");
    var writer = engine("products", writerNode, TEN_MINUTES);
    var reader = engine("products", signed("reader"), TEN_MINUTES);
    forgeHeader(levelKey("p1"), anHourAhead());

    assertThat(reader.tryGet("p1", FROM_L2)).isEmpty();
    writer.set("p1", "v1");

    assertThat(reader.tryGet("p1", FROM_L2)).contains("v1");
    assertThat(writerNode.untrustedEntriesReplaced()).isEqualTo(1);
  }

  @Test
  void anOversizedValueWithALaterHeaderIsReplacedByGetOrSetAndSetWithoutBeingTransferred() {
    ClusterNode writerNode = signed("writer");
    var writer = engine("products", writerNode, TEN_MINUTES);
    var reader = engine("products", signed("reader"), TEN_MINUTES);
    for (String key : List.of("p1", "p2")) {
      redis.server().command("SETRANGE", levelKey(key), Integer.toString(PLANTED_SIZE - 1), "x");
      redis.server().command("EVAL", PLANT_HEADER, "1", levelKey(key), Long.toString(anHourAhead()));
    }

    long before = netOutputBytes();
    assertThat(writer.getOrSet("p1", ctx -> "computed")).isEqualTo("computed");
    writer.set("p2", "set");
    long sent = netOutputBytes() - before;

    assertThat(sent).as("bytes Redis sent across both writes").isLessThan(NOT_TRANSFERRED);
    assertThat(strlen("p1")).isLessThan(MAX_ENTRY_SIZE);
    assertThat(strlen("p2")).isLessThan(MAX_ENTRY_SIZE);
    assertThat(reader.tryGet("p1", FROM_L2)).contains("computed");
    assertThat(reader.tryGet("p2", FROM_L2)).contains("set");
    assertThat(writerNode.untrustedEntriesReplaced()).isEqualTo(2);
  }

  @Test
  void aGenuineLaterWriteStillWinsOverAnEarlierOneThatReachesRedisLate() {
    ClusterNode lateNode = signed("held");
    var late = engine("products", lateNode, BACKGROUND);
    var writer = engine("products", signed("writer"), TEN_MINUTES);
    held.holdFirstSet = true;

    late.set("p1", "earlier"); // acknowledged, its write to Redis held
    time.advance(Duration.ofMillis(5));
    writer.set("p1", "later");
    release.complete(null);

    var reader = engine("products", signed("reader"), TEN_MINUTES);
    assertThat(held.heldSetDone().join()).as("the late write was refused").isFalse();
    assertThat(reader.tryGet("p1", FROM_L2)).contains("later");
    assertThat(lateNode.untrustedEntriesReplaced()).isZero();
  }

  /** A level that holds its first {@code trySet} until {@code release} completes, and tells what it answered. */
  private static final class HeldLevel extends ForwardingLevel {
    private final CompletableFuture<Void> release;
    private final CompletableFuture<Boolean> heldSet = new CompletableFuture<>();
    volatile boolean holdFirstSet;

    HeldLevel(DistributedLevel level, CompletableFuture<Void> release) {
      super(level);
      this.release = release;
    }

    CompletableFuture<Boolean> heldSetDone() {
      return heldSet.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public synchronized CompletableFuture<Boolean> trySet(String key, byte[] envelope, Duration timeToLive,
        BackplaneMessage notification) {
      if (!holdFirstSet) {
        return delegate.trySet(key, envelope, timeToLive, notification);
      }
      holdFirstSet = false;
      CompletableFuture<Boolean> set = release.thenCompose(v -> delegate.trySet(key, envelope, timeToLive,
          notification));
      set.whenComplete((done, error) -> heldSet.complete(done));
      return set;
    }
  }
}

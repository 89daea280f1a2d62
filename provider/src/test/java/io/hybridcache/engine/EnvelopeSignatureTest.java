package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.InMemoryTopology;
import io.hybridcache.distributed.Topology;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.SerializationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Envelope keys on the engine: what a node with keys writes carries a MAC, and what it reads without a valid one
 * (tampered, unsigned, copied from another key, signed with another key) is a miss, counted, never a value.
 */
class EnvelopeSignatureTest extends MultiNodeFixture {
  static final byte[] KEY_A = key('a');
  static final byte[] KEY_B = key('b');
  static final EntryOptions QUIET = EntryOptions.builder().duration(Duration.ofMinutes(1))
      .reThrowSerializationExceptions(false).build();

  private InMemoryTopology memory;
  private final Map<HybridCacheEngine<String, String>, ClusterNode> nodes = new IdentityHashMap<>();

  @Override
  Topology topology(FakeTimeSource time) {
    memory = new InMemoryTopology(time);
    return memory;
  }

  static byte[] key(char fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
  }

  private HybridCacheEngine<String, String> signed(String name, List<byte[]> keys) {
    return onNode(cluster(name, keyPrefix, Mode.LEVEL_AND_BACKPLANE, b -> b.envelopeKeys(keys)), QUIET);
  }

  private HybridCacheEngine<String, String> unsigned(String name) {
    return onNode(cluster(name, keyPrefix, Mode.LEVEL_AND_BACKPLANE), QUIET);
  }

  private HybridCacheEngine<String, String> onNode(ClusterNode node, EntryOptions defaults) {
    HybridCacheEngine<String, String> engine = engine("products", node, defaults);
    nodes.put(engine, node);
    return engine;
  }

  private String levelKey(String key) {
    return keyPrefix + ":products:" + key;
  }

  private byte[] stored(String key) {
    return memory.store.read(levelKey(key));
  }

  /**
   * Writes raw bytes under {@code key} as anyone with access to the level could: removed first, since a level's set
   * keeps an entry whose (possibly tampered) time is later than the one written.
   */
  private void overwrite(String key, byte[] bytes) {
    DistributedLevel attacker = topology.level("attacker", keyPrefix, false);
    attacker.remove(levelKey(key), null).join();
    attacker.set(levelKey(key), bytes, Duration.ofMinutes(5), null).join();
  }

  private ClusterNode clusterOf(HybridCacheEngine<String, String> engine) {
    return nodes.get(engine);
  }

  @Test
  void aNodeWithTheSameKeyReadsASignedEntryWhoseBytesCarryTheFlagAndA32ByteMac() {
    var writer = signed("n1", List.of(KEY_A));
    var plain = unsigned("n0");
    writer.set("p1", "v1");
    plain.set("p2", "v1");

    assertThat(signed("n2", List.of(KEY_A)).tryGet("p1")).contains("v1");
    byte[] signedBytes = stored("p1");
    byte[] unsignedBytes = stored("p2");
    assertThat(signedBytes[3] & EntryEnvelope.SIGNED).isEqualTo(EntryEnvelope.SIGNED);
    assertThat(unsignedBytes[3] & EntryEnvelope.SIGNED).isZero();
    assertThat(signedBytes).hasSize(unsignedBytes.length + EnvelopeSigner.MAC_BYTES);
  }

  @Test
  void everySingleChangedByteOfASignedEntryIsAMissCountedAsASerializationErrorAndARejectedEnvelope() {
    var writer = signed("n1", List.of(KEY_A));
    var reader = signed("n2", List.of(KEY_A));
    writer.set("p1", "v1");
    byte[] original = stored("p1");

    for (int i = 0; i < original.length; i++) {
      byte[] tampered = original.clone();
      tampered[i] ^= 0x01;
      overwrite("p1", tampered);

      assertThat(reader.tryGet("p1")).as("byte %d changed", i).isEmpty();
      assertThat(reader.stats().serializationErrors()).isEqualTo(i + 1);
    }
    assertThat(clusterOf(reader).rejectedEnvelopes()).isEqualTo(original.length);
    overwrite("p1", original);
    assertThat(reader.tryGet("p1")).contains("v1");
  }

  @Test
  void withTheDefaultOptionsATamperedEntryIsAMissAndGetOrSetRunsItsFactory() {
    var writer = signed("n1", List.of(KEY_A));
    var reader = onNode(cluster("n2", keyPrefix, Mode.LEVEL_AND_BACKPLANE, b -> b.envelopeKeys(List.of(KEY_A))),
        EntryOptions.defaults());
    writer.set("p1", "v1");
    byte[] tampered = stored("p1");
    tampered[tampered.length - 40] ^= 0x20;
    overwrite("p1", tampered);

    assertThat(reader.tryGet("p1")).isEmpty();
    assertThat(reader.getOrSet("p1", ctx -> "from the factory")).isEqualTo("from the factory");
    assertThat(reader.stats().serializationErrors()).isEqualTo(2);
    assertThat(clusterOf(reader).rejectedEnvelopes()).isEqualTo(2);
  }

  @Test
  void withReThrowSerializationExceptionsATamperedEntryIsASerializationExceptionThatNamesTheMacButNotTheKey() {
    var writer = signed("n1", List.of(KEY_A));
    var reader = onNode(cluster("n2", keyPrefix, Mode.LEVEL_AND_BACKPLANE, b -> b.envelopeKeys(List.of(KEY_A))),
        EntryOptions.builder().reThrowSerializationExceptions(true).build());
    writer.set("p1", "v1");
    byte[] tampered = stored("p1");
    tampered[tampered.length - 40] ^= 0x20;
    overwrite("p1", tampered);

    assertThatThrownBy(() -> reader.tryGet("p1"))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("MAC matches none of this node's envelope keys")
        .hasMessageNotContaining(new String(KEY_A, StandardCharsets.ISO_8859_1));
    assertThat(reader.stats().serializationErrors()).isEqualTo(1);
  }

  @Test
  void anUnsignedEntryIsRejectedByANodeWithKeysAndSoIsASignedOneWithItsMacStripped() {
    var plain = unsigned("n0");
    var writer = signed("n1", List.of(KEY_A));
    var reader = signed("n2", List.of(KEY_A));
    plain.set("p1", "from an unsigned node");
    writer.set("p2", "v2");
    byte[] signedBytes = stored("p2");
    byte[] stripped = Arrays.copyOf(signedBytes, signedBytes.length - EnvelopeSigner.MAC_BYTES);
    stripped[3] &= (byte) ~EntryEnvelope.SIGNED;
    overwrite("p2", stripped);

    assertThat(reader.tryGet("p1")).isEmpty();
    assertThat(reader.tryGet("p2")).isEmpty();
    assertThat(reader.stats().serializationErrors()).isEqualTo(2);
    assertThat(clusterOf(reader).rejectedEnvelopes()).isEqualTo(2);
  }

  @Test
  void aSignedEntryCopiedUnderAnotherKeyIsRejected() {
    var writer = signed("n1", List.of(KEY_A));
    var reader = signed("n2", List.of(KEY_A));
    writer.set("price-of-a", "1");
    writer.set("price-of-b", "1000");
    overwrite("price-of-b", stored("price-of-a"));

    assertThat(reader.tryGet("price-of-a")).contains("1");
    assertThat(reader.tryGet("price-of-b")).isEmpty();
    assertThat(clusterOf(reader).rejectedEnvelopes()).isEqualTo(1);
  }

  @Test
  void nodesWithDifferentKeysDoNotReadEachOthersEntries() {
    var a = signed("a", List.of(KEY_A));
    var b = signed("b", List.of(KEY_B));
    a.set("from-a", "1");
    b.set("from-b", "2");

    assertThat(a.tryGet("from-b")).isEmpty();
    assertThat(b.tryGet("from-a")).isEmpty();
    assertThat(clusterOf(a).rejectedEnvelopes()).isEqualTo(1);
    assertThat(clusterOf(b).rejectedEnvelopes()).isEqualTo(1);
  }

  @Test
  void rotationTheFirstKeySignsEveryKeyVerifiesSoOldAndNewNodesReadEachOtherUntilTheOldKeyIsDropped() {
    var old = signed("old", List.of(KEY_A));
    var rolling = signed("rolling", List.of(KEY_A, KEY_B)); // step 1: the new key verifies, the old one still signs
    var rolled = signed("rolled", List.of(KEY_B, KEY_A));   // step 2: the new key signs, the old one still verifies
    var done = signed("done", List.of(KEY_B));              // step 3: the old key dropped
    old.set("by-old", "1");
    rolling.set("by-rolling", "2");
    rolled.set("by-rolled", "3");

    assertThat(rolled.tryGet("by-old")).contains("1");
    assertThat(rolled.tryGet("by-rolling")).contains("2");
    assertThat(rolling.tryGet("by-rolled")).contains("3");
    assertThat(done.tryGet("by-rolled")).contains("3");
    assertThat(done.tryGet("by-old")).isEmpty();
    assertThat(old.tryGet("by-rolled")).isEmpty();
    assertThat(old.tryGet("by-rolling")).contains("2");
  }

  @Test
  void withoutKeysTheEnvelopeIsTheUnsignedFormatAndASignedEntryIsStillRead() {
    var plain = unsigned("n0");
    var writer = signed("n1", List.of(KEY_A));
    plain.set("p1", "v1");
    writer.set("p2", "v2");

    EntryEnvelope.Contents contents = EntryEnvelope.decode(stored("p1"));
    assertThat(contents.timestamp()).isEqualTo(time.wallMillis());
    assertThat(unsigned("n3").tryGet("p2")).contains("v2");
    assertThat(clusterOf(plain).signsEnvelopes()).isFalse();
    assertThat(clusterOf(writer).signsEnvelopes()).isTrue();
  }

  @Test
  void tagRemovalTimesAreSignedAndVerifiedByANodeStartedLater() {
    var writer = signed("n1", List.of(KEY_A));
    writer.set("foo", "1", QUIET, Set.of("tag-1"));
    writer.removeByTag("tag-1");
    String tagKey = keyPrefix + ":~tag:products:tag-1";
    assertThat(memory.store.read(tagKey)[3] & EntryEnvelope.SIGNED).isEqualTo(EntryEnvelope.SIGNED);
    time.advance(Duration.ofMillis(1));

    var late = signed("late", List.of(KEY_A));

    assertThat(late.tryGet("foo")).isEmpty();
    assertThat(late.stats().serializationErrors()).isZero();
    assertThat(clusterOf(late).rejectedEnvelopes()).isZero();
  }

  @Test
  void anExpireReadsTheSignedEntryAndSwapsInAStaleCopySignedAgainThatAThirdNodeReads() {
    var n1 = signed("n1", List.of(KEY_A));
    var n2 = signed("n2", List.of(KEY_A));
    n1.set("p1", "v1");

    n2.expire("p1"); // reads, verifies, re-encodes, signs and compare-and-sets the entry in L2

    byte[] after = stored("p1");
    EntryEnvelope.Contents contents = EntryEnvelope.decode(EnvelopeSigner.of(List.of(KEY_A))
        .verify(levelKey("p1"), after));
    assertThat(contents.stale()).isTrue();
    var n3 = signed("n3", List.of(KEY_A));
    assertThat(n3.tryGet("p1", QUIET.toBuilder().allowStaleOnReadOnly(true).build())).contains("v1");
    assertThat(n3.tryGet("p1")).isEmpty();
    assertThat(clusterOf(n2).rejectedEnvelopes()).isZero();
    assertThat(clusterOf(n3).rejectedEnvelopes()).isZero();
  }
}

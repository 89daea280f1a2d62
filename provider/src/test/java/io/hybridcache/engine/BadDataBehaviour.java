package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.Topology;
import io.hybridcache.kryo.KryoValueSerializer;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.SerializationException;
import io.hybridcache.spi.ValueSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Bad data never breaks a caller by default: what the value serializer cannot read is a miss, what it cannot write
 * stays in the memory level only without leaving the value it replaced anywhere else, and with
 * {@code reThrowSerializationExceptions} both fail the call before anything changed. Written once; each subclass runs
 * it on one {@link Topology}.
 */
abstract class BadDataBehaviour extends MultiNodeFixture {
  static final EntryOptions RETHROW = EntryOptions.builder().reThrowSerializationExceptions(true).build();

  /**
   * Kryo, except that it refuses to write the strings starting with {@code refused}, and that it breaks its contract
   * when it reads {@code explodes} (throws an {@link IllegalStateException}) or {@code nothing} (returns null).
   */
  static final class PickySerializer implements ValueSerializer {
    private final KryoValueSerializer kryo = new KryoValueSerializer(PickySerializer.class.getClassLoader());

    @Override
    public byte[] serialize(Object value) {
      if (value instanceof String s && s.startsWith("refused")) {
        throw new SerializationException("refused to write '" + s + "'", null);
      }
      return kryo.serialize(value);
    }

    @Override
    public Object deserialize(byte[] bytes) {
      Object value = kryo.deserialize(bytes);
      if ("explodes".equals(value)) {
        throw new IllegalStateException("a serializer that breaks its contract");
      }
      return "nothing".equals(value) ? null : value;
    }
  }

  HybridCacheEngine<String, String> picky(String name, EntryOptions defaults) {
    return engine("products", cluster(name, keyPrefix, Mode.LEVEL_AND_BACKPLANE,
        b -> b.valueSerializer(new PickySerializer())), defaults);
  }

  String levelKey(String key) {
    return keyPrefix + ":products:" + key;
  }

  /** What L2 holds under {@code key}, read as any client of it would (a tombstone reads as null). */
  byte[] inLevel(String key) {
    return topology.level("raw-reader", keyPrefix, false).get(levelKey(key)).join();
  }

  /** Writes {@code bytes} under {@code key} as anyone who can write to the level could, whatever was there. */
  void plant(String key, byte[] bytes) {
    DistributedLevel raw = topology.level("raw-writer", keyPrefix, false);
    raw.remove(levelKey(key), null).join();
    raw.set(levelKey(key), bytes, Duration.ofMinutes(5), null).join();
  }

  /** The value of the valid unsigned envelope {@code bytes}; fails the test when they are not one. */
  static Object valueOf(byte[] bytes) {
    assertThat(bytes).as("an entry in L2").isNotNull();
    EntryEnvelope.Contents contents = EntryEnvelope.decode(bytes);
    return new KryoValueSerializer(BadDataBehaviour.class.getClassLoader()).deserialize(contents.valueBytes());
  }

  @Test
  void getOrSetOverwritesAnUnreadableEntryWithItsFactoryResultEvenWhenTheEntryClaimsALaterTime() {
    var writer = node("writer");
    var reader = node("reader");
    writer.set("p1", "v1");
    awaitMessages(reader, 1); // applied before the getOrSet below, whose result it would keep out of the levels
    byte[] bad = inLevel("p1");
    bad[5] |= 0x10; // the time in the header: thousands of years ahead
    bad = Arrays.copyOf(bad, bad.length - 1); // and the value cut short
    plant("p1", bad);

    assertThat(reader.tryGet("p1")).isEmpty();
    assertThat(inLevel("p1")).as("a read alone leaves it").isEqualTo(bad);
    assertThat(reader.getOrSet("p1", ctx -> "from the factory")).isEqualTo("from the factory");

    assertThat(valueOf(inLevel("p1"))).isEqualTo("from the factory");
    assertThat(node("late").tryGet("p1")).contains("from the factory");
  }

  @Test
  void tryGetServesItsFailSafeFallbackFromL1WhenL2HoldsBytesItCannotRead() {
    EntryOptions failSafe = FAIL_SAFE.toBuilder().allowStaleOnReadOnly(true).build();
    var writer = node("writer");
    var reader = node("reader", Mode.LEVEL_AND_BACKPLANE, failSafe);
    writer.set("p1", "v1", failSafe);
    awaitMessages(reader, 1);
    assertThat(reader.tryGet("p1")).contains("v1");
    reader.expire("p1"); // v1 stays in the reader's L1 as a fallback
    plant("p1", "garbage".getBytes(StandardCharsets.UTF_8));

    assertThat(reader.tryGet("p1")).contains("v1");
    assertThat(reader.tryGet("p1", EntryOptions.defaults())).isEmpty();
    assertThat(reader.stats().serializationErrors()).isEqualTo(2);
  }

  @Test
  void getOrSetOverwritesBytesThatAreNoEnvelopeAtAll() {
    var reader = node("reader");
    plant("p1", "written by another program".getBytes(StandardCharsets.UTF_8));

    assertThat(reader.getOrSet("p1", ctx -> "from the factory")).isEqualTo("from the factory");

    assertThat(valueOf(inLevel("p1"))).isEqualTo("from the factory");
    assertThat(reader.stats().serializationErrors()).isEqualTo(1);
  }

  @Test
  void anEntryWrittenAfterTheUnreadableOneWasReadIsLeftToTheUsualOrderingNotOverwritten() {
    var reader = node("reader");
    plant("p1", "garbage".getBytes(StandardCharsets.UTF_8));
    long later = time.wallMillis() + 60_000; // stamped after the factory result
    CacheEntry<String> newer = CacheEntry.of("written meanwhile", later, later + 60_000,
        CacheEntry.NO_EAGER_REFRESH, later + 60_000, false, Set.of(), null, null, 1);
    byte[] newerBytes = EntryEnvelope.encode(newer,
        new KryoValueSerializer(getClass().getClassLoader()).serialize(newer.value()));

    String result = reader.getOrSet("p1", ctx -> {
      plant("p1", newerBytes); // after the read, before the factory result is written
      return "from the factory";
    });

    assertThat(result).isEqualTo("from the factory");
    assertThat(valueOf(inLevel("p1"))).isEqualTo("written meanwhile");
  }

  @Test
  void anEntryTheSerializerCannotReadIsAMissEvenWhenItThrowsSomethingElseOrReturnsNull() {
    var writer = node("writer");
    var reader = picky("reader", EntryOptions.defaults());
    writer.set("p1", "explodes");
    writer.set("p2", "nothing");

    assertThat(reader.tryGet("p1")).isEmpty();
    assertThat(reader.tryGet("p2")).isEmpty();
    assertThat(reader.getOrSet("p1", ctx -> "from the factory")).isEqualTo("from the factory");
    assertThat(reader.getOrSet("p2", ctx -> "from the factory")).isEqualTo("from the factory");
    assertThat(reader.stats().serializationErrors()).isEqualTo(4);
  }

  @Test
  void withReThrowAnEntryTheSerializerCannotReadIsASerializationExceptionWhateverTheSerializerThrew() {
    var writer = node("writer");
    var reader = picky("reader", RETHROW);
    writer.set("p1", "explodes");
    writer.set("p2", "nothing");

    assertThatThrownBy(() -> reader.tryGet("p1")).isInstanceOf(SerializationException.class)
        .hasMessageContaining("a serializer that breaks its contract");
    assertThatThrownBy(() -> reader.getOrSet("p2", ctx -> "from the factory"))
        .isInstanceOf(SerializationException.class);
    assertThat(reader.stats().factoryRuns()).isZero();
  }

  @Test
  void aValueTheSerializerRefusesStaysInL1AndTheValueItReplacedIsServedNowhereElse() {
    var other = node("other");
    var writer = picky("writer", EntryOptions.defaults());
    other.set("p1", "old");
    awaitMessages(writer, 1); // applied before the write below, which it would expire (same millisecond)
    assertThat(writer.tryGet("p1")).contains("old");

    writer.set("p1", "refused new");

    assertThat(writer.tryGet("p1")).contains("refused new");
    assertThat(inLevel("p1")).as("L2 no longer holds the replaced value").isNull();
    awaitMessages(other, 1);
    assertThat(other.tryGet("p1")).as("the other node was told").isEmpty();
    assertThat(writer.stats().serializationErrors()).isEqualTo(1);
  }

  @Test
  void withReThrowAValueTheSerializerRefusesFailsTheSetAndChangesNothing() {
    var other = node("other");
    var writer = picky("writer", RETHROW);
    writer.set("p1", "old");
    assertThat(other.tryGet("p1")).contains("old");

    assertThatThrownBy(() -> writer.set("p1", "refused new")).isInstanceOf(SerializationException.class)
        .hasMessageContaining("refused to write");

    assertThat(writer.tryGet("p1")).contains("old");
    assertThat(other.tryGet("p1")).contains("old");
    assertThat(writer.tryGet("p1", EntryOptions.builder().skipMemoryCache(true).build())).contains("old");
    assertThat(writer.stats().serializationErrors()).isEqualTo(1);
  }

  @Test
  void withReThrowAFactoryResultTheSerializerRefusesFailsGetOrSetAndIsCachedNowhere() {
    var node = picky("n1", RETHROW);

    assertThatThrownBy(() -> node.getOrSet("p1", ctx -> "refused value")).isInstanceOf(SerializationException.class);

    assertThat(node.getOrSet("p1", ctx -> "accepted value")).isEqualTo("accepted value");
    assertThat(node.stats().factoryRuns()).isEqualTo(2);
  }

  @Test
  void anAtomicChangeToAValueTheSerializerRefusesKeepsItInL1AndRemovesTheReplacedEntryEverywhereElse() {
    var other = node("other");
    var writer = picky("writer", EntryOptions.defaults());
    other.set("p1", "old");
    awaitMessages(writer, 1); // applied before the change below, which it would expire (same millisecond)
    assertThat(writer.tryGet("p1")).contains("old");
    EntryAccess<String, String> access = writer.entryAccess();

    CacheEntry<String> changed = access.computeAcrossNodes("p1",
        (k, current) -> access.create("refused new", access.now(), access.now() + 60_000), () -> { });

    assertThat(changed.value()).isEqualTo("refused new");
    assertThat(access.peek("p1").value()).isEqualTo("refused new");
    assertThat(inLevel("p1")).isNull();
    await().atMost(WAIT).until(() -> other.tryGet("p1").isEmpty());
  }
}

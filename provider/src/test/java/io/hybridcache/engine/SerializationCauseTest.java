package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridcache.engine.SerializationCause.Site;
import io.hybridcache.kryo.ClassAllowList;
import io.hybridcache.kryo.HostilePayloads;
import io.hybridcache.kryo.KryoValueSerializer;
import io.hybridcache.spi.SerializationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The names under which serialization errors are logged once: bytes that fail in many ways of one kind share a name,
 * and each kind of problem an operator must act on gets its own.
 */
class SerializationCauseTest {
  record Order(String id) {}

  private static SerializationException decodeFailure(byte[] bytes) {
    try {
      EntryEnvelope.decode(bytes);
    } catch (SerializationException e) {
      return e;
    }
    throw new AssertionError("decoded " + Arrays.toString(bytes));
  }

  private static SerializationException refusal(KryoValueSerializer serializer, byte[] bytes) {
    try {
      serializer.deserialize(bytes);
    } catch (SerializationException e) {
      return e;
    }
    throw new AssertionError("decoded " + bytes.length + " bytes");
  }

  @Test
  void refusalsPastTheDecodingBoundsHaveANameEachWhateverTheSizeApartFromCorruptBytes() {
    KryoValueSerializer serializer = new KryoValueSerializer(getClass().getClassLoader(), ClassAllowList.defaults());
    Set<String> hashing = new HashSet<>();
    Set<String> depth = new HashSet<>();
    for (int levels : new int[] {30, 40}) {
      hashing.add(SerializationCause.name(Site.MESSAGE_KEY,
          refusal(serializer, HostilePayloads.kryoBytes(HostilePayloads.serialDos(levels)))));
      Object nested = "bottom";
      for (int i = 0; i < 100 + levels; i++) {
        nested = new ArrayList<>(List.of(nested));
      }
      depth.add(SerializationCause.name(Site.MESSAGE_KEY, refusal(serializer, HostilePayloads.kryoBytes(nested))));
    }
    String corrupt = SerializationCause.name(Site.MESSAGE_KEY, refusal(serializer, new byte[] {1, 2, 3}));

    assertThat(hashing).singleElement().asString().contains("HashingWork$Exceeded: Hashing the elements");
    assertThat(depth).singleElement().asString().contains("Max depth exceeded");
    assertThat(corrupt).doesNotContain("Hashing").doesNotContain("depth");
  }

  @Test
  void everyTruncationOfAnEnvelopeHasOneNameThoughTheMessagesDiffer() {
    CacheEntry<String> entry = CacheEntry.of("v", 1_000, 2_000, CacheEntry.NO_EAGER_REFRESH, 3_000, false,
        Set.of("t1", "t2"), "etag", null, 1);
    byte[] envelope = EntryEnvelope.encode(entry, new byte[] {1, 2, 3, 4, 5});
    Set<String> messages = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (int length = 4; length < envelope.length; length++) {
      SerializationException failure = decodeFailure(Arrays.copyOf(envelope, length));
      messages.add(failure.getMessage());
      names.add(SerializationCause.name(Site.READ_ENTRY, failure));
    }

    assertThat(messages).hasSizeGreaterThan(3);
    assertThat(names).containsExactly("READ_ENTRY " + SerializationException.class.getName()
        + ": corrupt cache envelope");
  }

  @Test
  void anotherFormatVersionAMacMismatchAnUnsignedEntryAndAClassOffTheListHaveNamesOfTheirOwn() {
    byte[] key = new byte[32];
    EnvelopeSigner signer = EnvelopeSigner.of(List.of(key));
    CacheEntry<String> entry = CacheEntry.of("v", 1_000, 2_000, CacheEntry.NO_EAGER_REFRESH, 3_000, false,
        Set.of(), null, null, 1);
    byte[] envelope = EntryEnvelope.encode(entry, new byte[] {1});
    byte[] version2 = envelope.clone();
    version2[2] = 2;
    byte[] version3 = envelope.clone();
    version3[2] = 3;
    byte[] signed = signer.sign("k", envelope);
    signed[signed.length - 1] ^= 1;
    byte[] order = new KryoValueSerializer(getClass().getClassLoader()).serialize(new Order("o1"));
    KryoValueSerializer strict = new KryoValueSerializer(getClass().getClassLoader(), ClassAllowList.defaults());

    List<String> names = new ArrayList<>();
    names.add(SerializationCause.name(Site.READ_ENTRY, decodeFailure(version2)));
    names.add(SerializationCause.name(Site.READ_ENTRY, decodeFailure(version3)));
    names.add(SerializationCause.name(Site.READ_ENTRY, failureOf(() -> signer.verify("k", signed))));
    names.add(SerializationCause.name(Site.READ_ENTRY, failureOf(() -> signer.verify("k", envelope))));
    names.add(SerializationCause.name(Site.READ_ENTRY, failureOf(() -> strict.deserialize(order))));
    names.add(SerializationCause.name(Site.READ_ENTRY, failureOf(() -> strict.deserialize(new byte[] {1, 2, 3}))));

    assertThat(names.get(0)).as("versions 2 and 3: one cause").isEqualTo(names.get(1));
    assertThat(new HashSet<>(names.subList(1, names.size()))).as(String.join("\n", names)).hasSize(5);
    assertThat(names.get(4)).contains("Class is not allowed").doesNotContain(Order.class.getName());
  }

  @Test
  void theSameFailureAtAnotherSiteIsAnotherCauseAndWrappersDoNotCount() {
    SerializationException failure = new SerializationException("corrupt cache envelope: 7 bytes after the value",
        null);

    assertThat(SerializationCause.name(Site.READ_ENTRY, new CompletionException(failure)))
        .isEqualTo(SerializationCause.name(Site.READ_ENTRY, failure))
        .isNotEqualTo(SerializationCause.name(Site.MESSAGE_KEY, failure));
  }

  private static RuntimeException failureOf(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("no failure");
  }
}

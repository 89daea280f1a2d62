package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridcache.spi.SerializationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The distributed level's envelope: every field survives a round trip, and bad bytes are a SerializationException. */
class EntryEnvelopeTest {
  private static final byte[] VALUE = "the value".getBytes(StandardCharsets.UTF_8);

  static Stream<CacheEntry<String>> entries() {
    return Stream.of(
        CacheEntry.of("v", 1_000, 31_000, CacheEntry.NO_EAGER_REFRESH, 31_000, false, Set.of(), null, null, 1),
        CacheEntry.of("v", 1_000, 31_000, 28_000, 86_401_000, true, Set.of("tag-1", "étiquette"), "W/\"42\"",
            Instant.parse("2026-11-22T10:15:30.123456789Z"), 7),
        CacheEntry.of("v", 5, Long.MAX_VALUE, CacheEntry.NO_EAGER_REFRESH, Long.MAX_VALUE, false, Set.of("t"),
            "", null, 0));
  }

  @ParameterizedTest
  @MethodSource("entries")
  void everyFieldSurvivesARoundTrip(CacheEntry<String> entry) {
    EntryEnvelope.Contents c = EntryEnvelope.decode(EntryEnvelope.encode(entry, VALUE));
    CacheEntry<String> back = c.toEntry("v");

    assertThat(c.valueBytes()).isEqualTo(VALUE);
    assertThat(back).usingRecursiveComparison().isEqualTo(entry);
  }

  @Test
  void anEnvelopeWithoutTheOrderFieldIsReadWithOrderZero() {
    CacheEntry<String> entry = entries().findFirst().orElseThrow();
    byte[] withOrder = EntryEnvelope.encode(entry, VALUE);
    byte[] without = new byte[withOrder.length - 8]; // the 8 bytes after the timestamp dropped, flag 32 cleared
    System.arraycopy(withOrder, 0, without, 0, 12);
    System.arraycopy(withOrder, 20, without, 12, withOrder.length - 20);
    without[3] &= (byte) ~EntryEnvelope.ORDER;

    EntryEnvelope.Contents c = EntryEnvelope.decode(without);
    assertThat(c.order()).isZero();
    assertThat(c.timestamp()).isEqualTo(entry.timestamp);
    assertThat(c.valueBytes()).isEqualTo(VALUE);
  }

  @Test
  void ofTwoEntriesMadeInOneMillisecondTheLaterIsWrittenAfterTheEarlier() {
    CacheEntry<String> first = CacheEntry.of("a", 1_000, 2_000, CacheEntry.NO_EAGER_REFRESH, 2_000, false,
        Set.of(), null, null, 1);
    CacheEntry<String> second = CacheEntry.of("b", 1_000, 2_000, CacheEntry.NO_EAGER_REFRESH, 2_000, false,
        Set.of(), null, null, 1);
    assertThat(second.writtenAfter(first)).isTrue();
    assertThat(first.writtenAfter(second)).isFalse();
    assertThat(first.expiredAt(1_500).writtenAfter(second)).as("derived entries keep their order").isFalse();
    assertThat(EntryEnvelope.decode(EntryEnvelope.encode(second, VALUE)).toEntry("b").writtenAfter(first)).isTrue();
  }

  @Test
  void anEmptyValueRoundTrips() {
    CacheEntry<String> entry = entries().findFirst().orElseThrow();
    assertThat(EntryEnvelope.decode(EntryEnvelope.encode(entry, new byte[0])).valueBytes()).isEmpty();
  }

  @Test
  void anotherFormatVersionIsRefusedNamingBothVersions() {
    byte[] bytes = EntryEnvelope.encode(entries().findFirst().orElseThrow(), VALUE);
    bytes[2] = 2;

    assertThatThrownBy(() -> EntryEnvelope.decode(bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown envelope format version 2")
        .hasMessageContaining("reads version 1");
  }

  @Test
  void bytesWithoutTheMagicAreRefused() {
    assertThatThrownBy(() -> EntryEnvelope.decode("{\"json\":true}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("magic");
  }

  @Test
  void everyTruncationIsRefused() {
    byte[] bytes = EntryEnvelope.encode(entries().skip(1).findFirst().orElseThrow(), VALUE);
    IntStream.range(0, bytes.length).forEach(n ->
        assertThatThrownBy(() -> EntryEnvelope.decode(Arrays.copyOf(bytes, n)))
            .as("cut to %d of %d bytes", n, bytes.length)
            .isInstanceOf(SerializationException.class));
  }

  @Test
  void bytesAfterTheValueAreRefused() {
    byte[] bytes = EntryEnvelope.encode(entries().findFirst().orElseThrow(), VALUE);
    assertThatThrownBy(() -> EntryEnvelope.decode(Arrays.copyOf(bytes, bytes.length + 3)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("3 bytes after the value");
  }

  @Test
  void aHugeDeclaredLengthIsRefusedWithoutAllocatingIt() {
    CacheEntry<String> entry = entries().findFirst().orElseThrow();
    byte[] bytes = EntryEnvelope.encode(entry, VALUE);
    int valueLengthAt = bytes.length - VALUE.length - 4;
    bytes[valueLengthAt] = 0x7F; // value length now about 2 GB

    assertThatThrownBy(() -> EntryEnvelope.decode(bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("value length");
  }

  @Test
  void randomAndMutatedBytesNeverThrowAnythingButSerializationException() {
    SplittableRandom random = new SplittableRandom(20261122L);
    byte[] valid = EntryEnvelope.encode(entries().skip(1).findFirst().orElseThrow(), VALUE);
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes;
      if (i % 2 == 0) {
        bytes = new byte[random.nextInt(64)];
        random.nextBytes(bytes);
      } else {
        bytes = valid.clone();
        for (int m = 1 + random.nextInt(4); m > 0; m--) {
          bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
      }
      try {
        EntryEnvelope.decode(bytes);
      } catch (SerializationException expected) {
        // a miss
      } catch (RuntimeException e) {
        throw new AssertionError("input #" + i + " " + Arrays.toString(bytes) + " threw " + e, e);
      }
    }
  }
}

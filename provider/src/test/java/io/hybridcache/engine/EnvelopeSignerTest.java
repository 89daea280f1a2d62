package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridcache.spi.SerializationException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The envelope MAC on its own: the keys a node accepts, and bytes that no mutation gets through. */
class EnvelopeSignerTest {
  private static final byte[] KEY = EnvelopeSignatureTest.key('k');
  private static final String LEVEL_KEY = "shop:products:p1";
  private static final CacheEntry<String> ENTRY = CacheEntry.of("v", 1_000, 31_000, 28_000, 86_401_000, true,
      Set.of("tag-1", "tag-2"), "W/\"42\"", Instant.parse("2026-11-22T10:15:30Z"), 3);

  private static byte[] envelope() {
    return EntryEnvelope.encode(ENTRY, "the value".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aSignedEnvelopeVerifiesBackToTheUnsignedOneUnderTheSameLevelKeyOnly() {
    EnvelopeSigner signer = EnvelopeSigner.of(List.of(KEY));
    byte[] signed = signer.sign(LEVEL_KEY, envelope());

    assertThat(signer.verify(LEVEL_KEY, signed)).isEqualTo(envelope());
    assertThat(EnvelopeSigner.unsigned(signed)).isEqualTo(envelope());
    assertThatThrownBy(() -> signer.verify("shop:products:p2", signed))
        .isInstanceOf(SerializationException.class).hasMessageContaining("MAC");
    assertThat(signer.rejected()).isEqualTo(1);
  }

  /** Pins the format, so that other implementations (and later versions) can compute the same MAC. */
  @Test
  void theMacIsHmacSha256OfTheLabelTheLengthPrefixedLevelKeyAndTheFlaggedEnvelope() throws Exception {
    byte[] signed = EnvelopeSigner.of(List.of(KEY)).sign(LEVEL_KEY, envelope());
    byte[] flagged = envelope();
    flagged[3] |= EntryEnvelope.SIGNED;
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
    mac.update("hybridcache-envelope-v1\0".getBytes(StandardCharsets.US_ASCII));
    mac.update(ByteBuffer.allocate(4).putInt(LEVEL_KEY.length()).array());
    mac.update(LEVEL_KEY.getBytes(StandardCharsets.UTF_8));
    byte[] expected = mac.doFinal(flagged);

    assertThat(Arrays.copyOf(signed, flagged.length)).isEqualTo(flagged);
    assertThat(Arrays.copyOfRange(signed, flagged.length, signed.length)).isEqualTo(expected);
  }

  @Test
  void theBuilderRefusesNullEmptyShortAndRepeatedKeysNamingThePositionAndNeverTheBytes() {
    ClusterNodeBuilder b = ClusterNode.builder("shop");
    byte[] shortKey = Arrays.copyOf(KEY, 31);
    List<byte[]> withNull = new ArrayList<>();
    withNull.add(KEY);
    withNull.add(null);

    assertThatThrownBy(() -> b.envelopeKeys(null))
        .isInstanceOf(NullPointerException.class).hasMessage("envelopeKeys must not be null");
    assertThatThrownBy(() -> b.envelopeKeys(withNull))
        .isInstanceOf(NullPointerException.class).hasMessage("envelopeKeys[1] must not be null");
    assertThatThrownBy(() -> b.envelopeKeys(List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one key");
    assertThatThrownBy(() -> b.envelopeKeys(List.of(KEY, shortKey)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("envelopeKeys[1] has 31 bytes; a key needs at least 32")
        .hasMessageNotContaining(Base64.getEncoder().encodeToString(shortKey))
        .hasMessageNotContaining(new String(shortKey, StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> b.envelopeKeys(List.of(KEY, KEY.clone())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("envelopeKeys[1] is the same key as envelopeKeys[0]");
  }

  @Test
  void theKeyBytesAreCopiedSoChangingTheCallersArrayChangesNothing() {
    byte[] key = KEY.clone();
    EnvelopeSigner signer = EnvelopeSigner.of(List.of(key));
    byte[] signed = signer.sign(LEVEL_KEY, envelope());
    Arrays.fill(key, (byte) 0);

    assertThat(signer.verify(LEVEL_KEY, signed)).isEqualTo(envelope());
    assertThat(signer.toString()).isEqualTo("EnvelopeSigner{1 key(s)}");
  }

  /** Flips, overwrites, cuts and extends a signed envelope at random: verify and decode only ever refuse it. */
  @Test
  void randomMutationsOfASignedEnvelopeAreAlwaysASerializationExceptionAndNeverAnythingElse() {
    EnvelopeSigner signer = EnvelopeSigner.of(List.of(KEY, EnvelopeSignatureTest.key('o')));
    byte[] signed = signer.sign(LEVEL_KEY, envelope());
    SplittableRandom random = new SplittableRandom(20261201);
    int refused = 0;
    for (int round = 0; round < 20_000; round++) {
      byte[] mutated = mutate(signed, random);
      if (Arrays.equals(mutated, signed)) {
        continue;
      }
      assertThatThrownBy(() -> EntryEnvelope.decode(signer.verify(LEVEL_KEY, mutated)))
          .as("round %d", round)
          .isInstanceOf(SerializationException.class);
      refused++;
    }
    assertThat(signer.rejected()).isEqualTo(refused);
  }

  private static byte[] mutate(byte[] original, SplittableRandom random) {
    byte[] b = original.clone();
    switch (random.nextInt(4)) {
      case 0 -> b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
      case 1 -> {
        for (int i = random.nextInt(1, 6); i > 0; i--) {
          b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
      }
      case 2 -> b = Arrays.copyOf(b, random.nextInt(b.length));
      default -> {
        b = Arrays.copyOf(b, b.length + random.nextInt(1, 40));
        for (int i = original.length; i < b.length; i++) {
          b[i] = (byte) random.nextInt(256);
        }
      }
    }
    return b;
  }
}

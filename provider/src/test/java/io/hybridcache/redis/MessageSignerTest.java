package io.hybridcache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridcache.spi.BackplaneMessage;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Signed backplane bodies: what a receiver with keys accepts, and what it refuses. */
class MessageSignerTest {
  private static final String CHANNEL = "shop:backplane:v1";
  private static final byte[] KEY_A = filled('a');
  private static final byte[] KEY_B = filled('b');
  private static final BackplaneMessage MESSAGE = new BackplaneMessage(BackplaneMessage.FORMAT_VERSION, "node-1",
      1_723_456_789_012L, 7L, BackplaneMessage.Type.CLEAR, "products", "remove");

  private static byte[] filled(char c) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) c);
    return key;
  }

  private static int bodyStart(byte[] frame) {
    for (int i = 0; ; i++) {
      if (frame[i] == BackplaneWire.SEPARATOR) {
        return i + 1;
      }
    }
  }

  @Test
  void aSignedFrameDecodesWithTheSameKeysAndWithNoKeysButNotWithOtherKeysOrOnAnotherChannel() {
    MessageSigner a = MessageSigner.of(List.of(KEY_A));
    MessageSigner b = MessageSigner.of(List.of(KEY_B));
    byte[] frame = BackplaneWire.frame(MESSAGE, a, CHANNEL);

    assertThat(BackplaneWire.decode(frame, a, CHANNEL)).isEqualTo(MESSAGE);
    assertThat(BackplaneWire.decode(frame)).as("a receiver without keys").isEqualTo(MESSAGE);
    assertThat(BackplaneWire.decode(frame, b, CHANNEL)).isNull();
    assertThat(BackplaneWire.decode(frame, a, "other:backplane:v1")).isNull();
    assertThat(frame).hasSize(BackplaneWire.frame(MESSAGE).length + MessageSigner.MAC_BYTES);
    assertThat(b.rejected()).isEqualTo(1);
    assertThat(a.rejected()).isEqualTo(1);
  }

  @Test
  void anUnsignedFrameAndASignedOneWithItsMacStrippedAreRefusedByAReceiverWithKeys() {
    MessageSigner a = MessageSigner.of(List.of(KEY_A));
    byte[] stripped = BackplaneWire.unsigned(Arrays.copyOfRange(BackplaneWire.frame(MESSAGE, a, CHANNEL), 2,
        BackplaneWire.frame(MESSAGE, a, CHANNEL).length)); // the body of a "7|..." frame, MAC and bit removed
    byte[] strippedFrame = new byte[stripped.length + 2];
    strippedFrame[0] = '7';
    strippedFrame[1] = BackplaneWire.SEPARATOR;
    System.arraycopy(stripped, 0, strippedFrame, 2, stripped.length);

    assertThat(BackplaneWire.decode(BackplaneWire.frame(MESSAGE), a, CHANNEL)).isNull();
    assertThat(BackplaneWire.decode(strippedFrame, a, CHANNEL)).isNull();
    assertThat(BackplaneWire.decode(strippedFrame)).isEqualTo(MESSAGE);
    assertThat(a.rejected()).isEqualTo(2);
  }

  @Test
  void rotationTheFirstKeySignsAndEveryKeyVerifies() {
    byte[] byOld = BackplaneWire.frame(MESSAGE, MessageSigner.of(List.of(KEY_A)), CHANNEL);
    byte[] byNew = BackplaneWire.frame(MESSAGE, MessageSigner.of(List.of(KEY_B, KEY_A)), CHANNEL);

    assertThat(BackplaneWire.decode(byOld, MessageSigner.of(List.of(KEY_B, KEY_A)), CHANNEL)).isEqualTo(MESSAGE);
    assertThat(BackplaneWire.decode(byNew, MessageSigner.of(List.of(KEY_A, KEY_B)), CHANNEL)).isEqualTo(MESSAGE);
    assertThat(BackplaneWire.decode(byNew, MessageSigner.of(List.of(KEY_A)), CHANNEL)).isNull();
  }

  @Test
  void everyChangedBitOfTheSignedBodyIsRefusedAndRandomMutationsNeverThrow() {
    MessageSigner a = MessageSigner.of(List.of(KEY_A));
    byte[] frame = BackplaneWire.frame(MESSAGE, a, CHANNEL);
    for (int i = bodyStart(frame); i < frame.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] changed = frame.clone();
        changed[i] ^= (byte) (1 << bit);
        assertThat(BackplaneWire.decode(changed, a, CHANNEL)).as("byte %d bit %d", i, bit).isNull();
      }
    }
    SplittableRandom random = new SplittableRandom(1201);
    for (int round = 0; round < 20_000; round++) {
      byte[] mutated = random.nextBoolean() ? Arrays.copyOf(frame, random.nextInt(frame.length + 40))
          : frame.clone();
      for (int n = random.nextInt(4); n > 0 && mutated.length > 0; n--) {
        mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
      }
      BackplaneMessage decoded = BackplaneWire.decode(mutated, a, CHANNEL);
      assertThat(decoded == null || decoded.equals(MESSAGE.withSequence(decoded.sequence())))
          .as("round %d", round).isTrue();
    }
  }

  @Test
  void keysAreCheckedAndNeverNamedByTheirBytes() {
    assertThat(MessageSigner.of(List.of())).isNull();
    assertThatThrownBy(() -> MessageSigner.of(List.of(Arrays.copyOf(KEY_A, 16))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("messageKeys[0] has 16 bytes; a key needs at least 32 (256 bits), e.g. 32 random bytes: "
            + "openssl rand -base64 32");
    assertThatThrownBy(() -> MessageSigner.of(List.of(KEY_A, KEY_A.clone())))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("messageKeys[1] is the same key as messageKeys[0]");
    assertThatThrownBy(() -> MessageSigner.of(null)).isInstanceOf(NullPointerException.class);
    assertThat(MessageSigner.of(List.of(KEY_A))).hasToString("MessageSigner{1 key(s)}");
  }
}

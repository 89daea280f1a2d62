package io.hybridcache.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SigningKeysTest {
  private static final byte[] LABEL = "test-v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OTHER_LABEL = "other-v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OLD = key(1);
  private static final byte[] NEW = key(2);
  private static final byte[] PAYLOAD = "the bytes that are signed".getBytes(StandardCharsets.UTF_8);

  private static byte[] key(int fill) {
    byte[] key = new byte[SigningKeys.MIN_KEY_BYTES];
    Arrays.fill(key, (byte) fill);
    return key;
  }

  /** {@code PAYLOAD} followed by its MAC under {@code keys}. */
  private static byte[] signed(SigningKeys keys, byte[] label, String name) {
    byte[] mac = keys.sign(label, name, PAYLOAD, PAYLOAD.length);
    byte[] bytes = Arrays.copyOf(PAYLOAD, PAYLOAD.length + SigningKeys.MAC_BYTES);
    System.arraycopy(mac, 0, bytes, PAYLOAD.length, mac.length);
    return bytes;
  }

  @Test
  void whatTheFirstKeySignsVerifiesUnderEveryListThatHoldsThatKey() {
    byte[] bytes = signed(SigningKeys.of("keys", List.of(OLD, NEW)), LABEL, "k1");

    assertThat(SigningKeys.of("keys", List.of(OLD)).verifies(LABEL, "k1", bytes, PAYLOAD.length)).isTrue();
    assertThat(SigningKeys.of("keys", List.of(NEW, OLD)).verifies(LABEL, "k1", bytes, PAYLOAD.length)).isTrue();
    assertThat(SigningKeys.of("keys", List.of(NEW)).verifies(LABEL, "k1", bytes, PAYLOAD.length)).isFalse();
  }

  @Test
  void aMacDoesNotVerifyForAnotherNameAnotherLabelOrChangedBytes() {
    SigningKeys keys = SigningKeys.of("keys", List.of(OLD));
    byte[] bytes = signed(keys, LABEL, "k1");

    assertThat(keys.verifies(LABEL, "k2", bytes, PAYLOAD.length)).isFalse();
    assertThat(keys.verifies(OTHER_LABEL, "k1", bytes, PAYLOAD.length)).isFalse();
    byte[] changed = bytes.clone();
    changed[0] ^= 1;
    assertThat(keys.verifies(LABEL, "k1", changed, PAYLOAD.length)).isFalse();
  }

  @Test
  void bytesThatCannotHoldAMacAfterTheLengthDoNotVerify() {
    SigningKeys keys = SigningKeys.of("keys", List.of(OLD));
    byte[] bytes = signed(keys, LABEL, "k1");

    assertThat(keys.verifies(LABEL, "k1", bytes, PAYLOAD.length + 1)).isFalse();
    assertThat(keys.verifies(LABEL, "k1", bytes, -1)).isFalse();
    assertThat(keys.verifies(LABEL, "k1", new byte[3], 0)).isFalse();
  }

  @Test
  void badKeyListsAreRefusedWithTheOptionAndThePositionNeverTheBytes() {
    assertThatThrownBy(() -> SigningKeys.of("envelopeKeys", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("envelopeKeys must hold at least one key (the first signs, all verify); leave the option out to "
            + "sign nothing");
    assertThatThrownBy(() -> SigningKeys.of("envelopeKeys", List.of(OLD, new byte[31])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("envelopeKeys[1] has 31 bytes; a key needs at least 32 (256 bits)");
    assertThatThrownBy(() -> SigningKeys.of("envelopeKeys", List.of(OLD, NEW, OLD.clone())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("envelopeKeys[2] is the same key as envelopeKeys[0]");
    assertThatThrownBy(() -> SigningKeys.of("envelopeKeys", Arrays.asList(OLD, null)))
        .isInstanceOf(NullPointerException.class).hasMessage("envelopeKeys[1] must not be null");
    assertThatThrownBy(() -> SigningKeys.of("envelopeKeys", null))
        .isInstanceOf(NullPointerException.class).hasMessage("envelopeKeys must not be null");
  }

  @Test
  void toStringCountsTheKeysAndShowsNone() {
    assertThat(SigningKeys.of("keys", List.of(OLD, NEW))).hasToString("SigningKeys{2 key(s)}");
  }
}

package io.hybridcache.jcache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code security} section: envelope keys in base64 or from the environment, refused with a precise message. */
class SecuritySectionTest {
  private static final String FILE = "file:/etc/app/hybridcache.yaml";
  private static final byte[] KEY_1 = filled(1, 32);
  private static final byte[] KEY_2 = filled(2, 48);
  private static final String B64_1 = Base64.getEncoder().encodeToString(KEY_1);
  private static final String B64_2 = Base64.getEncoder().encodeToString(KEY_2);
  private static final Map<String, String> ENV = Map.of("HC_KEY", B64_2, "HC_SHORT",
      Base64.getEncoder().encodeToString(filled(3, 16)), "HC_BAD", "not base64!!");

  private static byte[] filled(int value, int length) {
    byte[] key = new byte[length];
    Arrays.fill(key, (byte) value);
    return key;
  }

  private static ManagerSettings parse(String yaml) {
    return ConfigFile.parse(URI.create(FILE), FILE, yaml.getBytes(UTF_8), ENV::get);
  }

  @Test
  void withoutTheSectionEnvelopesAreUnsigned() {
    assertThat(parse("keyPrefix: shop\n").security().signsEnvelopes()).isFalse();
    assertThat(parse("security: {}\n").security().signsEnvelopes()).isFalse();
  }

  @Test
  void keysAreReadInOrderFromBase64AndFromEnvironmentVariables() {
    SecuritySettings security = parse("""
        security:
          envelopeKeys:
            - "%s"
            - "${HC_KEY}"
        """.formatted(B64_1)).security();

    assertThat(security.envelopeKeys()).containsExactly(KEY_1, KEY_2);
    assertThat(security.toString()).isEqualTo("SecuritySettings[2 envelope key(s), maximumClockSkew=PT1M]");
  }

  @Test
  void theMaximumClockSkewIsOneMinuteUnlessTheSectionSaysOtherwise() {
    assertThat(parse("keyPrefix: shop\n").security().maximumClockSkew()).isEqualTo(Duration.ofMinutes(1));
    assertThat(parse("security:\n  maximumClockSkew: 30s\n").security().maximumClockSkew())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(parse("security:\n  maximumClockSkew: 5m\n  envelopeKeys: [\"" + B64_1 + "\"]\n").security()
        .maximumClockSkew()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aMaximumClockSkewThatIsNotPositiveOrAboveADayIsRefusedAtItsKey() {
    for (String bad : new String[] {"0s", "-PT1S", "2d"}) {
      assertThatThrownBy(() -> parse("security:\n  maximumClockSkew: " + bad + "\n"))
          .hasMessageContaining("at security.maximumClockSkew: must be positive and at most 1d");
    }
  }

  @Test
  void theRemovalCheckIntervalIsThirtySecondsUnlessTheSectionSaysOtherwiseFromZeroToADay() {
    assertThat(parse("keyPrefix: shop\n").security().removalCheckInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(parse("security:\n  removalCheckInterval: 0s\n").security().removalCheckInterval()).isZero();
    assertThat(parse("security:\n  removalCheckInterval: 5m\n  envelopeKeys: [\"" + B64_1 + "\"]\n").security()
        .removalCheckInterval()).isEqualTo(Duration.ofMinutes(5));
    for (String bad : new String[] {"-PT1S", "2d"}) {
      assertThatThrownBy(() -> parse("security:\n  removalCheckInterval: " + bad + "\n"))
          .hasMessageContaining("at security.removalCheckInterval: must be from 0s (never) to 1d");
    }
  }

  @Test
  void anUnknownKeySuggestsEnvelopeKeys() {
    assertThatThrownBy(() -> parse("security:\n  envelopeKey: [\"" + B64_1 + "\"]\n"))
        .hasMessageContaining("at security.envelopeKey: unknown key; did you mean \"envelopeKeys\"?");
  }

  @Test
  void badBase64IsRefusedAtItsPositionWithoutEchoingTheValue() {
    String bad = "c2VjcmV0LXRoYXQtaXMtbm90LWJhc2U2NA==!";
    assertThatThrownBy(() -> parse("security:\n  envelopeKeys: [\"" + B64_1 + "\", \"" + bad + "\"]\n"))
        .isInstanceOf(ConfigFileException.class)
        .hasMessageContaining(FILE)
        .hasMessageContaining("at security.envelopeKeys[1]: is not valid base64; write at least 32 random bytes")
        .hasMessageNotContaining(bad)
        .hasMessageNotContaining(B64_1);
    assertThatThrownBy(() -> parse("security:\n  envelopeKeys: [\"${HC_BAD}\"]\n"))
        .hasMessageContaining("at security.envelopeKeys[0]: is not valid base64 (from the environment variable "
            + "HC_BAD)")
        .hasMessageNotContaining("not base64!!");
  }

  @Test
  void aKeyShorterThan32BytesIsRefusedSayingHowLongItIs() {
    String short16 = Base64.getEncoder().encodeToString(filled(9, 16));
    assertThatThrownBy(() -> parse("security:\n  envelopeKeys: [\"" + short16 + "\"]\n"))
        .hasMessageContaining("at security.envelopeKeys[0]: is 16 bytes long; a key needs at least 32 bytes (256 "
            + "bits)")
        .hasMessageNotContaining(short16);
    assertThatThrownBy(() -> parse("security:\n  envelopeKeys: [\"${HC_SHORT}\"]\n"))
        .hasMessageContaining("is 16 bytes long (from the environment variable HC_SHORT)");
  }

  @Test
  void aMissingVariableAnEmptyListANonListANonTextAndARepeatAreRefused() {
    assertThatThrownBy(() -> parse("security:\n  envelopeKeys: [\"${HC_NOT_SET}\"]\n"))
        .hasMessageContaining("at security.envelopeKeys[0]: the environment variable HC_NOT_SET is not set or empty");
    assertThatThrownBy(() -> parse("security:\n  envelopeKeys: []\n"))
        .hasMessageContaining("at security.envelopeKeys: must be a non-empty list of keys");
    assertThatThrownBy(() -> parse("security:\n  envelopeKeys: \"" + B64_1 + "\"\n"))
        .hasMessageContaining("at security.envelopeKeys: must be a non-empty list of keys")
        .hasMessageNotContaining(B64_1);
    assertThatThrownBy(() -> parse("security:\n  envelopeKeys: [12345678901234567890123456789012345678901234]\n"))
        .hasMessageContaining("at security.envelopeKeys[0]: must be text (quote it)")
        .hasMessageNotContaining("1234567890");
    assertThatThrownBy(() -> parse("security:\n  envelopeKeys: [\"" + B64_1 + "\", \"${HC_KEY}\", \"" + B64_2
        + "\"]\n"))
        .hasMessageContaining("at security.envelopeKeys[2]: is the same key as envelopeKeys[1]");
    assertThatThrownBy(() -> parse("security:\n  envelopeKeys: [\"prefix-${HC_KEY}\"]\n"))
        .hasMessageContaining("at security.envelopeKeys[0]: a reference must be the whole value");
  }
}

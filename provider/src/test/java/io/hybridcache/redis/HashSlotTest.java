package io.hybridcache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.redisson.connection.CRC16;

class HashSlotTest {
  /** The slots a cluster-enabled redis-server 7.0.15 gave ({@code CLUSTER KEYSLOT}). */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "foo | 12182",
      "bar | 5061",
      "123456789 | 12739",
      "{user1000}.following | 3443",
      "{user1000}.followers | 3443",
      "foo{}{bar} | 8363",
      "foo{{bar}}zap | 4015",
      "foo{bar}{zap} | 5061",
      "{} | 15257",
      "hc:books:b1 | 10561",
      "clé-ü | 6863",
      "\"\" | 0"})
  void theSlotIsTheOneRedisComputes(String key, int slot) {
    assertThat(HashSlot.of(key)).isEqualTo(slot);
  }

  @Test
  void theChecksumIsCrc16Xmodem() {
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertThat(HashSlot.crc16(check, 0, check.length)).isEqualTo(0x31C3); // the catalogue's check value
  }

  @Test
  void keysWithoutAHashTagAgreeWithRedissonsChecksumOverManyRandomKeys() {
    Random random = new Random(21);
    for (int n = 0; n < 5_000; n++) {
      StringBuilder key = new StringBuilder("p:c:");
      for (int i = random.nextInt(40); i > 0; i--) {
        key.append((char) (random.nextBoolean() ? 'a' + random.nextInt(26) : 0x20 + random.nextInt(0x300)));
      }
      String text = key.toString().replace("{", "(");
      assertThat(HashSlot.of(text)).as(text)
          .isEqualTo(CRC16.crc16(text.getBytes(StandardCharsets.UTF_8)) % HashSlot.SLOTS);
    }
  }

  @Test
  void onlyTheFirstNonEmptyTagCounts() {
    assertThat(HashSlot.of("a{tag}b")).isEqualTo(HashSlot.of("tag")).isEqualTo(HashSlot.of("{tag}{other}"));
    assertThat(HashSlot.of("x{}tag}")).as("an empty tag: the whole key").isEqualTo(whole("x{}tag}"))
        .isNotEqualTo(HashSlot.of("tag"));
    assertThat(HashSlot.of("x{tag")).as("no closing brace: the whole key").isEqualTo(whole("x{tag"))
        .isNotEqualTo(HashSlot.of("tag"));
  }

  private static int whole(String key) {
    return CRC16.crc16(key.getBytes(StandardCharsets.UTF_8)) % HashSlot.SLOTS;
  }
}

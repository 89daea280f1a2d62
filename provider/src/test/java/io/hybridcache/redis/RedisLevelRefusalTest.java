package io.hybridcache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridcache.redis.harness.RedisServerExtension;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.OversizedEntryException;
import io.hybridcache.spi.SigningKeys;
import io.hybridcache.spi.Tombstone;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the Redis level tells a writer whose write it refused, and what lets the writer replace an untrusted entry:
 * refusals reported, tombstones signed with the keys and returned as bytes to the check, an oversized value described
 * and replaced by its size, head and tail.
 */
class RedisLevelRefusalTest {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static final Duration HOUR = Duration.ofHours(1);
  private static final List<byte[]> KEYS = List.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

  private final String prefix = "refusal" + PREFIXES.incrementAndGet();
  private RedisConnection plain;
  private RedisConnection keyed;

  @BeforeEach
  void connect() {
    plain = RedisConnection.open(TestRedisConfig.singleServer(redis.server()), prefix);
    keyed = RedisConnection.open(TestRedisConfig.singleServer(redis.server()), prefix, KEYS);
  }

  @AfterEach
  void disconnect() {
    plain.close();
    keyed.close();
  }

  private static byte[] envelope(long writtenAt, String rest) {
    byte[] tail = rest.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(12 + tail.length).put((byte) 'H').put((byte) 'C').put((byte) 1).put((byte) 0)
        .putLong(writtenAt).put(tail).array();
  }

  @Test
  void aRefusedSetOrRemovalIsReportedAndOneThatWritesIsToo() {
    DistributedLevel level = plain.level();
    long now = System.currentTimeMillis();
    String key = prefix + ":k";

    assertThat(level.trySet(key, envelope(now, "written"), HOUR, null).join()).isTrue();
    assertThat(level.trySet(key, envelope(now - 1, "older"), HOUR, null).join()).isFalse();
    assertThat(level.tryRemove(key, now - 1, null).join()).isFalse();
    assertThat(level.tryRemove(key, now, null).join()).isTrue();
    assertThat(level.trySet(key, envelope(now - 1, "older than the tombstone"), HOUR, null).join()).isFalse();
  }

  @Test
  void aKeyedConnectionSignsItsTombstonesAndReadsAnUnsignedOneAsBytes() {
    long now = System.currentTimeMillis();
    String signedKey = prefix + ":signed";
    String forgedKey = prefix + ":forged";
    keyed.level().remove(signedKey, now, null).join();
    plain.level().remove(forgedKey, now, null).join(); // unsigned, as one without the keys leaves it

    byte[] signed = keyed.level().getHeld(signedKey, Integer.MAX_VALUE).join();
    assertThat(signed).hasSize(Tombstone.SIGNED_BYTES);
    assertThat(Tombstone.trusted(signedKey, signed, SigningKeys.of("keys", KEYS))).isTrue();
    assertThat(Tombstone.trusted(forgedKey, signed, SigningKeys.of("keys", KEYS))).as("bound to its key").isFalse();
    assertThat(keyed.level().get(signedKey).join()).isNull();
    assertThat(plain.level().get(signedKey).join()).as("a removal to a connection without keys too").isNull();
    assertThat(keyed.level().get(forgedKey).join()).as("bad data").hasSize(Tombstone.BYTES);
    assertThat(keyed.level().get(forgedKey, 1_024).join()).hasSize(Tombstone.BYTES);
    assertThat(keyed.level().keys(prefix + ":").join()).containsExactly(forgedKey);
  }

  @Test
  void anOversizedValueIsDescribedAndReplacedByItsSizeHeadAndTailOnly() {
    DistributedLevel level = plain.level();
    long now = System.currentTimeMillis();
    String key = prefix + ":huge";
    byte[] huge = new byte[4_096];
    System.arraycopy(envelope(now + 60_000, "header"), 0, huge, 0, 18);
    huge[huge.length - 1] = 'z';
    level.set(key, huge, HOUR, null).join();

    assertThatThrownBy(() -> level.getHeld(key, 1_024).join()).isInstanceOf(CompletionException.class)
        .cause().isInstanceOfSatisfying(OversizedEntryException.class, seen -> {
          assertThat(seen.describes(huge)).isTrue();
          byte[] otherMiddle = huge.clone();
          otherMiddle[2_000] = 1;
          assertThat(seen.describes(otherMiddle)).as("the middle is not compared").isTrue();
          byte[] otherTail = huge.clone();
          otherTail[huge.length - 1] = 'y';
          assertThat(seen.describes(otherTail)).isFalse();
        });
    OversizedEntryException seen = oversized(level, key);
    level.set(key, withLastByte(huge, 'y'), HOUR, null).join(); // changed in between: same size and head

    assertThat(level.replaceOversized(key, seen, envelope(now, "new"), HOUR, now, null).join()).isFalse();
    OversizedEntryException again = oversized(level, key);
    assertThat(level.replaceOversized(key, again, envelope(now, "new"), HOUR, now, null).join()).isTrue();
    assertThat(level.get(key).join()).isEqualTo(envelope(now, "new"));
  }

  @Test
  void anOversizedValueIsRemovedLeavingATombstoneWhenNoReplacementIsGiven() {
    DistributedLevel level = keyed.level();
    long now = System.currentTimeMillis();
    String key = prefix + ":huge";
    level.set(key, new byte[4_096], HOUR, null).join();

    assertThat(level.replaceOversized(key, oversized(level, key), null, null, now, null).join()).isTrue();

    assertThat(level.getHeld(key, 1_024).join()).isEqualTo(Tombstone.of(key, now, SigningKeys.of("keys", KEYS)));
  }

  private static OversizedEntryException oversized(DistributedLevel level, String key) {
    try {
      level.getHeld(key, 1_024).join();
    } catch (CompletionException e) {
      return (OversizedEntryException) e.getCause();
    }
    throw new AssertionError("not oversized");
  }

  private static byte[] withLastByte(byte[] value, char last) {
    byte[] changed = value.clone();
    changed[changed.length - 1] = (byte) last;
    return changed;
  }
}

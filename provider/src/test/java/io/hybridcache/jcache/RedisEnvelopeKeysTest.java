package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.EntryOptions;
import io.hybridcache.HybridCache;
import io.hybridcache.redis.harness.RedisServerExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import javax.cache.CacheManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code security.envelopeKeys} on a real Redis: entries are signed there, and one changed directly in Redis (as anyone
 * who can write to it but lacks the key could) is a miss on the reading node, which then serves its fail-safe
 * fallback or runs the factory.
 */
class RedisEnvelopeKeysTest {
  private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
  /** Flips the lowest bit of the byte at ARGV[1] of the string under KEYS[1]. */
  private static final String FLIP_BIT = "local p = tonumber(ARGV[1]) "
      + "local b = string.byte(redis.call('GETRANGE', KEYS[1], p, p)) "
      + "return redis.call('SETRANGE', KEYS[1], p, string.char(bit.bxor(b, 1)))";
  private static final String FLAGS = "return string.byte(redis.call('GETRANGE', KEYS[1], 3, 3))";

  @RegisterExtension
  static RedisServerExtension redis = new RedisServerExtension();

  @RegisterExtension
  final FileConfiguredManagers managers = new FileConfiguredManagers();

  @BeforeEach
  void emptyRedis() {
    redis.server().command("FLUSHALL");
  }

  private HybridCache<String, String> node(String name, boolean signed) throws IOException {
    CacheManager manager = managers.open(name + ".yaml", """
        keyPrefix: hmac
        redis:
          singleServerConfig:
            address: "%s"
        %s
        defaults:
          duration: 1m
          failSafe: true
          reThrowSerializationExceptions: false
        """.formatted(redis.server().uri(), signed ? "security:\n  envelopeKeys: [\"" + KEY + "\"]" : ""));
    return FileConfiguredManagers.stringCache(manager, "prices");
  }

  /** A signed node whose caches check their removal records every 200 ms. */
  private HybridCache<String, String> checkingNode(String name) throws IOException {
    CacheManager manager = managers.open(name + ".yaml", """
        keyPrefix: hmac
        redis:
          singleServerConfig:
            address: "%s"
        security:
          envelopeKeys: ["%s"]
          removalCheckInterval: 200ms
        defaults:
          duration: 10m
        """.formatted(redis.server().uri(), KEY));
    return FileConfiguredManagers.stringCache(manager, "prices");
  }

  @Test
  void removalsWhoseRecordsAreDeletedInRedisAreWrittenAgainSoANodeStartedAfterTheDeletionStopsServingWhatTheyHid()
      throws IOException {
    var n1 = checkingNode("n1");
    n1.set("p1", "10", n1.defaultEntryOptions(), Set.of("summer"));
    n1.set("p2", "20");
    n1.removeByTag("summer");
    n1.clear(false);
    await().atMost(Duration.ofSeconds(10)).until(() -> bothRecordsExist()); // the records may be written in the back
    assertThat(redis.server().command("DEL", "hmac:~tag:prices:summer", "hmac:~tag:prices:!")).isEqualTo(":2");

    var n2 = checkingNode("n2");

    await().atMost(Duration.ofSeconds(10)).until(() -> n2.tryGet("p1").isEmpty() && n2.tryGet("p2").isEmpty());
    await("both records written again").atMost(Duration.ofSeconds(10)).until(() -> bothRecordsExist());
    assertThat(checkingNode("n3").tryGet("p2")).as("a node started after the records are back").isEmpty();
  }

  private boolean bothRecordsExist() {
    return ":2".equals(redis.server().command("EXISTS", "hmac:~tag:prices:summer", "hmac:~tag:prices:!"));
  }

  private void flipLastByteOfTheValue(String redisKey) {
    long length = Long.parseLong(redis.server().command("STRLEN", redisKey).substring(1));
    redis.server().command("EVAL", FLIP_BIT, "1", redisKey, String.valueOf(length - 33)); // just before the MAC
  }

  @Test
  void twoNodesWithTheSameKeyShareEntriesThatAreSignedInRedis() throws IOException {
    var n1 = node("n1", true);
    var n2 = node("n2", true);

    n1.set("p1", "10");

    assertThat(n2.tryGet("p1")).contains("10");
    assertThat(Integer.parseInt(redis.server().command("EVAL", FLAGS, "1", "hmac:prices:p1").substring(1)) & 16)
        .as("the signed flag").isEqualTo(16);
  }

  @Test
  void anEntryTamperedInRedisIsAMissAndTheReaderServesItsFailSafeFallbackOrRunsTheFactory() throws IOException {
    var n1 = node("n1", true);
    var n2 = node("n2", true);
    n1.set("p1", "10");
    assertThat(n2.tryGet("p1")).contains("10"); // n2 holds 10 in L1
    n1.set("p1", "11");                          // n2 is told: its 10 is now a fallback, 11 is in Redis
    await().atMost(Duration.ofSeconds(10)).until(() -> n2.stats().backplaneMessages() >= 2); // of 10, then of 11
    n1.set("p2", "20");
    flipLastByteOfTheValue("hmac:prices:p1");
    flipLastByteOfTheValue("hmac:prices:p2");

    String fallback = n2.getOrSet("p1", ctx -> {
      throw new IllegalStateException("the database is down");
    });
    String loaded = n2.getOrSet("p2", ctx -> "20 from the database");

    assertThat(fallback).isEqualTo("10");
    assertThat(loaded).isEqualTo("20 from the database");
    assertThat(n2.stats().serializationErrors()).isEqualTo(2);
    assertThat(n2.stats().failSafeActivations()).isEqualTo(1);
  }

  @Test
  void aNodeWithKeysDoesNotReadWhatANodeWithoutKeysWroteButTheKeylessNodeReadsSignedEntries() throws IOException {
    var signed = node("signed", true);
    var keyless = node("keyless", false);
    keyless.set("p1", "written unsigned");
    signed.set("p2", "written signed");

    assertThat(signed.tryGet("p1")).isEmpty();
    assertThat(signed.stats().serializationErrors()).isEqualTo(1);
    assertThat(keyless.tryGet("p2")).contains("written signed");
  }

  @Test
  void withoutFailSafeATamperedEntryIsAMissForTryGetAndTheFactoryRuns() throws IOException {
    var n1 = node("n1", true);
    var n2 = node("n2", true);
    n1.set("p1", "10");
    flipLastByteOfTheValue("hmac:prices:p1");
    EntryOptions noFailSafe = n2.defaultEntryOptions().toBuilder().failSafe(false).build();

    assertThat(n2.tryGet("p1", noFailSafe)).isEmpty();
    assertThat(n2.getOrSet("p1", ctx -> "from the factory", noFailSafe)).isEqualTo("from the factory");
    assertThat(n2.stats().serializationErrors()).isEqualTo(2);
  }
}

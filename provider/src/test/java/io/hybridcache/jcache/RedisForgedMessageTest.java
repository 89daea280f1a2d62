package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.HybridCache;
import io.hybridcache.redis.harness.RedisServerExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import javax.cache.CacheManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A forged {@code CLEAR} published on the backplane channel by someone who can write to Redis, with a time thousands
 * of years ahead: nodes without keys refuse it for its time (further ahead than {@code security.maximumClockSkew}),
 * and nodes with {@code security.envelopeKeys} ignore it for its missing MAC; the entries stay visible either way.
 */
class RedisForgedMessageTest {
  private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
  /** Publishes, on KEYS[1], an unsigned CLEAR (remove) of cache ARGV[1] at a time in the year 6429. */
  private static final String FORGE = "local function text(s) return string.char(0, 0, 0, #s) .. s end "
      + "local body = 'HC' .. string.char(1, 4) .. string.char(0, 0, 127, 255, 255, 255, 255, 255) "
      + ".. text('attacker') .. text(ARGV[1]) .. text('remove') "
      + "return redis.call('PUBLISH', KEYS[1], '0|' .. body)";
  /** As {@link #FORGE}, dated ARGV[2] (epoch millis). */
  private static final String FORGE_AT = "local function text(s) return string.char(0, 0, 0, #s) .. s end "
      + "local body = 'HC' .. string.char(1, 4) .. struct.pack('>i8', tonumber(ARGV[2])) "
      + ".. text('attacker') .. text(ARGV[1]) .. text('remove') "
      + "return redis.call('PUBLISH', KEYS[1], '0|' .. body)";
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension
  static RedisServerExtension redis = new RedisServerExtension();

  @RegisterExtension
  final FileConfiguredManagers managers = new FileConfiguredManagers();

  @BeforeEach
  void emptyRedis() {
    redis.server().command("FLUSHALL");
  }

  private HybridCache<String, String> node(String name, boolean signed) throws IOException {
    return node(name, signed ? "security:\n  envelopeKeys: [\"" + KEY + "\"]" : "");
  }

  private HybridCache<String, String> node(String name, String security) throws IOException {
    CacheManager manager = managers.open(name + ".yaml", """
        keyPrefix: forged
        redis:
          singleServerConfig:
            address: "%s"
        %s
        defaults:
          duration: 10m
        """.formatted(redis.server().uri(), security));
    return FileConfiguredManagers.stringCache(manager, "prices");
  }

  private void forgeClearAt(long at) {
    assertThat(redis.server().command("EVAL", FORGE_AT, "1", "forged:backplane:v1", "prices", Long.toString(at)))
        .isNotNull();
  }

  @Test
  void aForgedClearTwoHoursAheadIsRefusedUnderTheDefaultSkewAndAppliedUnderAConfiguredSkewOfOneDay()
      throws IOException {
    var strict = node("strict", "");
    var lenient = node("lenient", "security:\n  maximumClockSkew: 1d");
    strict.set("p1", "10");
    assertThat(lenient.tryGet("p1")).contains("10");

    forgeClearAt(System.currentTimeMillis() + Duration.ofHours(2).toMillis());

    await().atMost(WAIT).until(() -> lenient.tryGet("p1").isEmpty());
    assertThat(strict.tryGet("p1")).contains("10");
  }

  @Test
  void theSweepIntervalInTheYamlReachesTheNode() throws IOException {
    assertThat(managerWith("configured", "backplane:\n  sweepInterval: 250ms").clusterNode().sweepInterval())
        .isEqualTo(Duration.ofMillis(250));
    assertThat(managerWith("byDefault", "").clusterNode().sweepInterval()).isEqualTo(Duration.ofSeconds(1));
  }

  private HybridCacheManager managerWith(String name, String section) throws IOException {
    return (HybridCacheManager) managers.open(name + ".yaml", """
        keyPrefix: forged
        redis:
          singleServerConfig:
            address: "%s"
        %s
        """.formatted(redis.server().uri(), section));
  }

  private void forgeClear() {
    assertThat(redis.server().command("EVAL", FORGE, "1", "forged:backplane:v1", "prices")).isEqualTo(":2");
  }

  @Test
  void withoutKeysAForgedFarFutureClearIsRefusedForItsTimeAndTheEntriesStayVisible() throws IOException {
    var n1 = node("n1", false);
    var n2 = node("n2", false);
    n1.set("p1", "10");
    assertThat(n2.tryGet("p1")).contains("10");

    forgeClear();
    n1.set("p2", "20"); // a genuine message after the forged one: once n2 has it, it has seen the forgery too

    await().atMost(WAIT).until(() -> n2.tryGet("p2").equals(java.util.Optional.of("20")));
    assertThat(n2.tryGet("p1")).contains("10");
    assertThat(n1.tryGet("p1")).contains("10");
    n1.set("p3", "30");
    await().atMost(WAIT).until(() -> n2.tryGet("p3").equals(java.util.Optional.of("30")));
  }

  @Test
  void withKeysAForgedClearIsIgnoredAndTheEntriesStayVisible() throws IOException {
    var n1 = node("n1", true);
    var n2 = node("n2", true);
    n1.set("p1", "10");
    assertThat(n2.tryGet("p1")).contains("10");

    forgeClear();
    n1.set("p2", "20"); // a genuine message after the forged one: once n2 has it, it has seen the forgery too

    await().atMost(WAIT).until(() -> n2.stats().backplaneMessages() >= 2); // p1's message, then p2's
    assertThat(n2.tryGet("p1")).contains("10");
    assertThat(n1.tryGet("p1")).contains("10");
    assertThat(n2.tryGet("p2")).contains("20");
  }
}

package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.hybridcache.HybridCache;
import io.hybridcache.kryo.HostilePayloads;
import io.hybridcache.redis.harness.RedisServerExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Someone who can write to Redis or publish on the backplane channel puts in 1.3 KB of Kryo bytes of nested {@code
 * HashSet}s sharing references (classes every allow-list admits), whose hash codes take hours to compute: as an entry's
 * value (also inside a checked set, which Java serialization reads inside the Kryo stream), as the key of a backplane message, as the key part of a Redis key name. Two nodes on one Redis, configured by
 * YAML with the built-in allow-list. Each time the bytes are refused as bad data (a miss, counted) within the wide
 * bound, and the node goes on: reads answer, later messages apply, the cache's iterator and removeAll finish.
 */
class RedisHostileBytesTest {
  /** Publishes, on KEYS[1], an unsigned ENTRY_REMOVE from node 'attacker' of cache ARGV[1], key ARGV[2]. */
  private static final String FORGE = "local function text(s) return string.char(0, 0, math.floor(#s / 256), #s % 256)"
      + " .. s end "
      + "local body = 'HC' .. string.char(1, 1) .. string.char(0, 0, 1, 140, 0, 0, 0, 0) "
      + ".. text('attacker') .. text(ARGV[1]) .. text(ARGV[2]) "
      + "return redis.call('PUBLISH', KEYS[1], '0|' .. body)";
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** Far above the milliseconds a refusal takes; without the bounds these calls never return. */
  private static final Duration WIDE_FOR_CALLS = Duration.ofSeconds(10);
  /** The Kryo bytes of sets nested 30 deep, two per level, as an object key: {@code ~o} and their Base64url. */
  private static final String BOMB_KEY = "~o" + Base64.getUrlEncoder().withoutPadding()
      .encodeToString(HostilePayloads.kryoBytes(HostilePayloads.serialDos(30)));

  @RegisterExtension
  static RedisServerExtension redis = new RedisServerExtension();

  @RegisterExtension
  final FileConfiguredManagers managers = new FileConfiguredManagers();

  @BeforeEach
  void emptyRedis() {
    redis.server().command("FLUSHALL");
  }

  private CacheManager node(String name) throws IOException {
    return node(name, "");
  }

  private CacheManager node(String name, String more) throws IOException {
    return managers.open(name + ".yaml", """
        keyPrefix: hostile
        redis:
          singleServerConfig:
            address: "%s"
        defaults:
          duration: 10m
        %s
        """.formatted(redis.server().uri(), more));
  }

  private static Object nestedLists(int depth) {
    Object nested = "bottom";
    for (int i = 1; i < depth; i++) {
      nested = new ArrayList<>(List.of(nested));
    }
    return nested;
  }

  @SuppressWarnings("unchecked")
  private static HybridCache<String, Object> objectCache(CacheManager manager) {
    // by reference: the node that sets the payload keeps it as it is in L1 instead of copying it
    return manager.createCache("values", new MutableConfiguration<String, Object>().setStoreByValue(false))
        .unwrap(HybridCache.class);
  }

  /** The nested sets as they are, and inside a checked set, which Java serialization reads inside the Kryo stream. */
  static List<Named<Object>> payloads() { // named: the default name would print the sets, which never ends
    return List.of(Named.of("nested sets", HostilePayloads.serialDos(30)),
        Named.of("nested sets in a checked set", Collections.checkedSet(HostilePayloads.serialDos(30), Object.class)));
  }

  @ParameterizedTest
  @MethodSource("payloads")
  void aValueOfNestedSetsInTheDistributedLevelIsACountedMissAndGetOrSetRunsItsFactory(Object payload)
      throws IOException {
    HybridCache<String, Object> a = objectCache(node("a"));
    HybridCache<String, Object> b = objectCache(node("b"));
    a.set("k", payload); // L2 now holds the payload in a valid envelope

    assertTimeoutPreemptively(WIDE_FOR_CALLS, () -> {
      assertThat(b.tryGet("k")).isEmpty();
      assertThat(b.getOrSet("k", ctx -> "fresh")).isEqualTo("fresh");
    });
    assertThat(b.stats().serializationErrors()).isGreaterThanOrEqualTo(1);
    await().atMost(WAIT).until(() -> a.tryGet("k").orElse(null), "fresh"::equals); // b's write told a
  }

  @Test
  void aBackplaneMessageWhoseKeyIsNestedSetsIsRefusedAndLaterRemovalsStillReachTheNode() throws IOException {
    HybridCache<String, String> a = FileConfiguredManagers.stringCache(node("a"), "prices");
    HybridCache<String, String> b = FileConfiguredManagers.stringCache(node("b"), "prices");
    a.set("p1", "10");
    a.set("p2", "20");
    assertThat(b.tryGet("p1")).contains("10");
    assertThat(b.tryGet("p2")).contains("20");
    await().atMost(WAIT).until(() -> b.stats().backplaneMessages() >= 2); // a's two sets reached b
    long heard = b.stats().backplaneMessages();

    assertThat(redis.server().command("EVAL", FORGE, "1", "hostile:backplane:v1", "prices", BOMB_KEY))
        .isEqualTo(":2");
    a.remove("p1");

    await().atMost(WAIT).until(() -> b.stats().backplaneMessages() > heard // the removal's message was applied
        && b.tryGet("p1").isEmpty());
    assertThat(b.tryGet("p2")).contains("20");
    assertThat(b.stats().serializationErrors()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aRedisKeyNameOfNestedSetsIsSkippedByTheIteratorAndRemoveAllOfEveryNode() throws IOException {
    Cache<String, String> a = FileConfiguredManagers.stringJCache(node("a"), "prices");
    Cache<String, String> b = FileConfiguredManagers.stringJCache(node("b"), "prices");
    a.put("p1", "10");
    a.put("p2", "20");
    assertThat(redis.server().command("SET", "hostile:prices:" + BOMB_KEY, "x")).isEqualTo("+OK");

    assertTimeoutPreemptively(WIDE_FOR_CALLS, () -> {
      List<String> keys = new ArrayList<>();
      for (Cache.Entry<String, String> entry : b) {
        keys.add(entry.getKey());
      }
      assertThat(keys).containsExactlyInAnyOrder("p1", "p2");
      b.removeAll();
    });
    assertThat(b.get("p1")).isNull();
    assertThat(b.get("p2")).isNull();
    await().atMost(WAIT).until(() -> a.get("p1") == null && a.get("p2") == null); // once b's removals reach a
    assertThat(b.unwrap(HybridCache.class).stats().serializationErrors()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void serializationMaxDepthInTheYamlBoundsWhatTheNodeReadsAndWrites() throws IOException {
    HybridCache<String, Object> a = objectCache(node("a"));
    HybridCache<String, Object> b = objectCache(node("b", "serialization:\n  maxDepth: 5"));
    a.set("deep", nestedLists(10));
    a.set("shallow", nestedLists(4));

    assertThat(b.tryGet("deep")).isEmpty();
    assertThat(b.stats().serializationErrors()).isEqualTo(1);
    assertThat(b.tryGet("shallow")).contains(nestedLists(4));

    b.set("deep2", nestedLists(10)); // refused when written: kept in b's L1 only
    assertThat(b.stats().serializationErrors()).isEqualTo(2);
    assertThat(b.tryGet("deep2")).contains(nestedLists(10));
    assertThat(a.tryGet("deep2")).isEmpty();
  }
}

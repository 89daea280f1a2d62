package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.RedisTopology;
import io.hybridcache.distributed.Topology;
import io.hybridcache.redis.harness.RedisServer;
import io.hybridcache.redis.harness.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code maxEntrySize} is enforced in Redis, before a value is transferred: a 5 MB value planted under an entry's key
 * of a node bounded to 1 KB is bad data (a counted miss) and Redis sends far less than 5 MB for the read. The bytes
 * sent are Redis' {@code total_net_output_bytes} ({@code INFO stats}), which also counts the replies to the other
 * clients of the test (backplane subscriptions, pings): far below the value's size.
 */
class RedisEntrySizeTest extends MultiNodeFixture {
  private static final int MAX_ENTRY_SIZE = 1_024;
  private static final int PLANTED_SIZE = 5 * 1_024 * 1_024;
  /** Far less than the planted value: what a read that did not transfer it may cost, with the other clients' noise. */
  private static final long NOT_TRANSFERRED = 256 * 1_024;
  private static final EntryOptions FROM_L2 = EntryOptions.builder().skipMemoryCache(true).build();
  private static final Pattern NET_OUTPUT = Pattern.compile("total_net_output_bytes:(\\d+)");
  private static final Pattern CALLS = Pattern.compile("cmdstat_([a-z_|]+):calls=(\\d+)");

  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  @Override
  Topology topology(FakeTimeSource time) {
    return new RedisTopology(redis.server());
  }

  private HybridCacheEngine<String, String> bounded(String name) {
    return engine("products", cluster(name, keyPrefix, Mode.LEVEL_AND_BACKPLANE,
        b -> b.maxEntrySize(MAX_ENTRY_SIZE)), EntryOptions.defaults());
  }

  private String levelKey(String key) {
    return keyPrefix + ":products:" + key;
  }

  /** Makes {@code key} hold {@link #PLANTED_SIZE} bytes, made in Redis (SETRANGE pads with zero bytes). */
  private void plantHuge(String key) {
    redis.server().command("SETRANGE", levelKey(key), Integer.toString(PLANTED_SIZE - 1), "x");
    assertThat(strlen(key)).isEqualTo(PLANTED_SIZE);
  }

  private long strlen(String key) {
    return Long.parseLong(redis.server().command("STRLEN", levelKey(key)).substring(1));
  }

  private static long netOutputBytes(RedisServer server) {
    Matcher m = NET_OUTPUT.matcher(server.command("INFO", "stats"));
    assertThat(m.find()).as("INFO stats reports total_net_output_bytes").isTrue();
    return Long.parseLong(m.group(1));
  }

  private static Map<String, Long> calls(RedisServer server) {
    Map<String, Long> calls = new HashMap<>();
    Matcher m = CALLS.matcher(server.command("INFO", "commandstats"));
    while (m.find()) {
      calls.put(m.group(1), Long.parseLong(m.group(2)));
    }
    return calls;
  }

  private static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> delta = new HashMap<>();
    after.forEach((name, count) -> {
      long d = count - before.getOrDefault(name, 0L);
      if (d != 0 && !name.equals("info") && !name.equals("ping")) {
        delta.put(name, d);
      }
    });
    return delta;
  }

  @Test
  void aValueAboveMaxEntrySizePlantedInRedisIsACountedMissForTryGetAndIsNeverTransferred() {
    var node = bounded("n1");
    plantHuge("p1");

    long before = netOutputBytes(redis.server());
    assertThat(node.tryGet("p1")).as("bad data: a miss").isEmpty();
    long sent = netOutputBytes(redis.server()) - before;

    assertThat(sent).as("bytes Redis sent across the read").isLessThan(NOT_TRANSFERRED);
    assertThat(node.stats().serializationErrors()).as("counted as bad data").isEqualTo(1);
    assertThat(node.stats().distributedErrors()).as("not a failure of the level").isZero();
    assertThat(strlen("p1")).as("a read leaves it").isEqualTo(PLANTED_SIZE);
  }

  @Test
  void getOrSetOverAValueAboveMaxEntrySizeRunsItsFactoryWithoutTransferringItAndItsWriteReplacesIt() {
    var node = bounded("n1");
    var other = bounded("n2");
    plantHuge("p1");
    AtomicInteger runs = new AtomicInteger();

    long before = netOutputBytes(redis.server());
    String value = node.getOrSet("p1", ctx -> {
      runs.incrementAndGet();
      return "computed";
    });
    long sent = netOutputBytes(redis.server()) - before;

    assertThat(value).isEqualTo("computed");
    assertThat(runs).as("the factory ran once").hasValue(1);
    assertThat(sent).as("bytes Redis sent across the getOrSet").isLessThan(NOT_TRANSFERRED);
    assertThat(node.stats().serializationErrors()).isEqualTo(1);
    assertThat(strlen("p1")).as("the planted value is replaced by the factory's").isLessThan(MAX_ENTRY_SIZE);
    assertThat(other.tryGet("p1", FROM_L2)).as("another node reads the replacement").contains("computed");
    assertThat(other.stats().serializationErrors()).isZero();
  }

  @Test
  void anAtomicChangeOverAValueAboveMaxEntrySizeSeesNoEntryReplacesItAcrossNodesAndNeverTransfersIt() {
    var node = bounded("n1");
    var other = bounded("n2");
    plantHuge("p1");
    AtomicInteger retries = new AtomicInteger();
    List<String> seen = new ArrayList<>();

    long before = netOutputBytes(redis.server());
    CacheEntry<String> changed = node.entryAccess().computeAcrossNodes("p1", (k, current) -> {
      seen.add(current == null ? "none" : current.value());
      EntryAccess<String, String> access = node.entryAccess();
      return access.create("changed", access.now(), access.now() + 60_000);
    }, retries::incrementAndGet);
    long sent = netOutputBytes(redis.server()) - before;

    assertThat(changed.value()).isEqualTo("changed");
    assertThat(seen).as("the oversized value is no entry to the change, which ran once").containsExactly("none");
    assertThat(sent).as("bytes Redis sent across the change").isLessThan(NOT_TRANSFERRED);
    assertThat(node.stats().serializationErrors()).as("counted as bad data").isEqualTo(1);
    assertThat(node.stats().distributedErrors()).isZero();
    assertThat(strlen("p1")).as("replaced in Redis").isLessThan(MAX_ENTRY_SIZE);
    assertThat(other.tryGet("p1", FROM_L2)).as("another node reads the change").contains("changed");
  }

  @Test
  void expiringAKeyHoldingAValueAboveMaxEntrySizeRemovesItWithoutTransferringIt() {
    var node = bounded("n1");
    plantHuge("p1");

    long before = netOutputBytes(redis.server());
    node.expire("p1");
    long sent = netOutputBytes(redis.server()) - before;

    assertThat(sent).as("bytes Redis sent across the expiry").isLessThan(NOT_TRANSFERRED);
    assertThat(strlen("p1")).as("removed (a tombstone of a few bytes may stay)").isLessThan(MAX_ENTRY_SIZE);
    assertThat(node.stats().serializationErrors()).isEqualTo(1);
    assertThat(node.stats().distributedErrors()).isZero();
  }

  @Test
  void aValueAboveMaxEntrySizeBehindACircuitBreakerIsNotTransferredAndDoesNotOpenTheBreaker() {
    var node = engine("products", cluster("n1", keyPrefix, Mode.LEVEL_AND_BACKPLANE,
        b -> b.maxEntrySize(MAX_ENTRY_SIZE).distributedLevelCircuitBreaker(Duration.ofMinutes(5))),
        EntryOptions.defaults());
    var writer = node("writer");
    writer.set("p2", "small");
    plantHuge("p1");

    long before = netOutputBytes(redis.server());
    assertThat(node.tryGet("p1")).as("bad data: a miss").isEmpty();
    long sent = netOutputBytes(redis.server()) - before;

    assertThat(sent).as("bytes Redis sent across the read").isLessThan(NOT_TRANSFERRED);
    assertThat(node.stats().serializationErrors()).isEqualTo(1);
    assertThat(node.tryGet("p2", FROM_L2)).as("the breaker stayed closed").contains("small");
    assertThat(node.stats().distributedErrors()).isZero();
  }

  @Test
  void aValueWithinMaxEntrySizeReadsInOneRoundTripOfOneScript() {
    var writer = node("writer");
    var reader = bounded("reader");
    writer.set("p1", "small");
    writer.set("p2", "small too");
    assertThat(reader.tryGet("p2", FROM_L2)).contains("small too"); // loads the script

    Map<String, Long> before = calls(redis.server());
    assertThat(reader.tryGet("p1", FROM_L2)).contains("small");
    Map<String, Long> delta = since(before, calls(redis.server()));

    assertThat(delta).as("one EVALSHA_RO (a read-only script, which replicas may serve), which reads STRLEN then GET in Redis")
        .containsOnly(Map.entry("evalsha_ro", 1L), Map.entry("strlen", 1L), Map.entry("get", 1L));
  }

  @Test
  void withoutMaxEntrySizeAReadIsOnePlainGet() {
    var writer = node("writer");
    var reader = node("reader");
    writer.set("p1", "small");
    writer.set("p2", "small too");
    assertThat(reader.tryGet("p2", FROM_L2)).contains("small too"); // the first read learns the clear times

    Map<String, Long> before = calls(redis.server());
    assertThat(reader.tryGet("p1", FROM_L2)).contains("small");
    Map<String, Long> delta = since(before, calls(redis.server()));

    assertThat(delta).as("no script on the read path").containsOnly(Map.entry("get", 1L));
  }
}

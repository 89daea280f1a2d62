package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.RedisTopology;
import io.hybridcache.distributed.Topology;
import io.hybridcache.redis.harness.RedisServer;
import io.hybridcache.redis.harness.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Chaos on a real Redis under load: three nodes, each with two writer and two reader threads on a shared set of keys,
 * while Redis is killed and restarted empty, frozen, has its pub/sub connections cut, or pauses its clients. For each
 * fault it shows that
 *
 * <ul>
 *   <li>no caller gets an exception (fail-safe readers get their cached value, fresh or stale; writes succeed on their
 *       node and are replayed by auto-recovery when L2 failed them);
 *   <li>every call returns within its timeout plus {@link #MARGIN}: writes with background distributed operations
 *       (node n1) within the margin alone, foreground writes (n2, n3) within the distributed hard timeout, and reads,
 *       all of which have a fallback, within the distributed soft timeout; each fault lasts longer than any of these
 *       bounds, so a call that waited for Redis would show;
 *   <li>once Redis is healthy again, every node (and L2 itself) agrees on each key, and no write acknowledged to a
 *       caller was lost ({@link WriteHistory}).
 * </ul>
 *
 * <p>This is one of the few end-to-end real-time tests: the engines run on the system clock (entry timestamps must
 * advance under concurrent writers of several nodes, and auto-recovery replays every {@link #REPLAY_DELAY}), so the
 * bounds are wide and the convergence wait is {@link #CONVERGENCE}. The load runs for a fixed, short time.
 */
class RedisChaosTest extends MultiNodeFixture {
  static final Duration SOFT = Duration.ofMillis(100);
  static final Duration HARD = Duration.ofMillis(400);
  static final Duration MARGIN = Duration.ofMillis(1500);
  static final Duration FAULT = Duration.ofSeconds(3);
  private static final Duration BEFORE = Duration.ofMillis(300);
  private static final Duration AFTER = Duration.ofMillis(500);
  private static final Duration REPLAY_DELAY = Duration.ofMillis(200);
  private static final Duration CONVERGENCE = Duration.ofSeconds(30);
  private static final List<String> KEYS = IntStream.range(0, 8).mapToObj(i -> "k" + i).toList();
  private static final List<String> NODES = List.of("n1", "n2", "n3");

  private static final EntryOptions BASE = EntryOptions.builder().duration(Duration.ofMinutes(10))
      .failSafe(true, Duration.ofHours(1), Duration.ofSeconds(2)).build();
  private static final EntryOptions READS = BASE.toBuilder().distributedCacheSoftTimeout(SOFT)
      .distributedCacheHardTimeout(HARD).build();
  private static final EntryOptions FOREGROUND_WRITES = BASE.toBuilder().distributedCacheHardTimeout(HARD).build();
  private static final EntryOptions BACKGROUND_WRITES = BASE.toBuilder().backgroundDistributedCacheOperations(true)
      .backgroundBackplaneOperations(true).build();

  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  /** A fault injected for {@link #FAULT}, and how it is healed. */
  enum Fault {
    KILLED_THEN_RESTARTED_EMPTY(RedisServer::kill, RedisServer::restart),
    FROZEN_BY_SIGSTOP(RedisServer::pause, RedisServer::resume),
    PUBSUB_CONNECTIONS_KILLED(s -> s.command("CLIENT", "KILL", "TYPE", "pubsub"), s -> { }),
    WRITES_PAUSED(s -> s.command("CLIENT", "PAUSE", String.valueOf(FAULT.toMillis()), "WRITE"),
        s -> s.command("CLIENT", "UNPAUSE")),
    ALL_COMMANDS_PAUSED(s -> s.command("CLIENT", "PAUSE", String.valueOf(FAULT.toMillis()), "ALL"),
        s -> s.command("CLIENT", "UNPAUSE"));

    final Consumer<RedisServer> inject;
    final Consumer<RedisServer> heal;

    Fault(Consumer<RedisServer> inject, Consumer<RedisServer> heal) {
      this.inject = inject;
      this.heal = heal;
    }
  }

  @Override
  Topology topology(FakeTimeSource time) {
    return new RedisTopology(redis.server());
  }

  @Override
  TimeSource engineTime() {
    return TimeSource.system();
  }

  private HybridCacheEngine<String, String> chaosNode(String name, Mode mode) {
    ClusterNode node = cluster(name, keyPrefix, mode,
        b -> b.autoRecovery(new AutoRecovery(REPLAY_DELAY, 10_000, Integer.MAX_VALUE)));
    return engine("products", node, BASE);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Fault.class)
  void noCallerFailsOrWaitsPastItsTimeoutPlus1500msAndNoAcknowledgedWriteIsLost(Fault fault) throws Exception {
    Map<String, HybridCacheEngine<String, String>> nodes = new LinkedHashMap<>();
    NODES.forEach(name -> nodes.put(name, chaosNode(name, Mode.LEVEL_AND_BACKPLANE)));
    HybridCacheEngine<String, String> l2 = chaosNode("l2-reader", Mode.LEVEL_ONLY);
    WriteHistory history = new WriteHistory();
    for (String key : KEYS) {
      history.write(key, "seed-" + key, v -> nodes.get("n1").set(key, v, BASE));
      nodes.values().forEach(n -> assertThat(n.tryGet(key)).as("warm on every node").contains("seed-" + key));
    }

    ChaosLoad load = new ChaosLoad(history, KEYS);
    List<ChaosLoad.Calls> background = new ArrayList<>();
    List<ChaosLoad.Calls> foreground = new ArrayList<>();
    List<ChaosLoad.Calls> reads = new ArrayList<>();
    nodes.forEach((name, node) -> {
      (name.equals("n1") ? background : foreground).add(load.writers(name, node, 2,
          name.equals("n1") ? BACKGROUND_WRITES : FOREGROUND_WRITES));
      reads.add(load.readers(name, node, 2, READS));
    });
    Thread.sleep(BEFORE.toMillis());
    fault.inject.accept(redis.server());
    Thread.sleep(FAULT.toMillis());
    fault.heal.accept(redis.server());
    Thread.sleep(AFTER.toMillis());
    load.stop();

    assertThat(load.failures()).as("exceptions callers got").isEmpty();
    background.forEach(c -> assertThat(c.slowest()).as("%s: background writes return within %d ms; %s", c,
        MARGIN.toMillis(), load.slowCalls()).isLessThan(MARGIN));
    foreground.forEach(c -> assertThat(c.slowest()).as("%s: foreground writes return within the hard timeout, "
        + "%d ms, plus %d ms; %s", c, HARD.toMillis(), MARGIN.toMillis(), load.slowCalls())
        .isLessThan(HARD.plus(MARGIN)));
    reads.forEach(c -> assertThat(c.slowest()).as("%s: reads with a fallback return within the soft timeout, %d ms, "
        + "plus %d ms; %s", c, SOFT.toMillis(), MARGIN.toMillis(), load.slowCalls()).isLessThan(SOFT.plus(MARGIN)));
    await().atMost(CONVERGENCE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      nodes.forEach((name, node) -> assertThat(node.pendingRecoveries()).as(name + ": operations to replay")
          .isZero());
      history.assertNoLostWrites(reported(nodes, l2));
    });
    assertThat(nodes.values()).allSatisfy(n -> assertThat(n.stats().autoRecoveryDrops()).isZero());
  }

  /** What each node, and L2 read directly, holds for each key. */
  private static Map<String, Map<String, String>> reported(Map<String, HybridCacheEngine<String, String>> nodes,
      HybridCacheEngine<String, String> l2) {
    Map<String, Map<String, String>> reported = new TreeMap<>();
    EntryOptions fromL2 = BASE.toBuilder().skipMemoryCacheRead(true).build();
    nodes.forEach((name, node) -> reported.put(name, values(key -> node.tryGet(key).orElse(null))));
    reported.put("L2", values(key -> l2.tryGet(key, fromL2).orElse(null)));
    return reported;
  }

  private static Map<String, String> values(java.util.function.Function<String, String> read) {
    Map<String, String> values = new TreeMap<>();
    for (String key : KEYS) {
      String value = read.apply(key);
      if (value != null) {
        values.put(key, value);
      }
    }
    return values;
  }
}

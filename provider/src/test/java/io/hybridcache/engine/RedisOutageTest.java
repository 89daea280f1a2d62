package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.RedisTopology;
import io.hybridcache.distributed.Topology;
import io.hybridcache.redis.harness.RedisServerExtension;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis killed (SIGKILL) and restarted empty on the same port, with two nodes: during the outage callers with
 * fail-safe get their values and no exception, and every write made then is acknowledged; afterwards those writes
 * reach L2 and the other node (auto-recovery), and the nodes agree. Real Redis, real reconnection, so the waits are
 * wide; entry times and replays run on the fake clock.
 */
class RedisOutageTest extends MultiNodeFixture {
  private static final Duration RECOVERY = Duration.ofSeconds(60);
  private static final EntryOptions OPTIONS = EntryOptions.builder().duration(Duration.ofMinutes(10))
      .failSafe(true).failSafeMaxDuration(Duration.ofHours(1)).build();

  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  @Override
  Topology topology(FakeTimeSource time) {
    return new RedisTopology(redis.server());
  }

  @Test
  void writesAcknowledgedDuringAnOutageReachEveryNodeOnceRedisIsBack() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    for (int i = 0; i < 5; i++) {
      n1.set("k" + i, "before" + i);
      assertThat(n2.tryGet("k" + i)).contains("before" + i);
    }

    redis.server().kill();
    Map<String, String> acknowledged = new TreeMap<>();
    for (int i = 0; i < 5; i++) {
      n1.set("k" + i, "during" + i); // returns: the L2 write failed, and is queued
      acknowledged.put("k" + i, "during" + i);
    }
    for (int i = 0; i < 5; i++) {
      String key = "k" + i;
      assertThat(n2.getOrSet(key, ctx -> {
        throw new IllegalStateException("database down too");
      }, OPTIONS)).as("n2 serves what it has, no exception").isEqualTo("before" + i);
    }
    assertThat(n1.pendingRecoveries()).isEqualTo(5);

    redis.server().restart(); // empty, same port: the clients reconnect and re-subscribe
    await().atMost(RECOVERY).pollInterval(Duration.ofMillis(200)).until(() -> {
      time.advance(Duration.ofSeconds(2)); // the replay rounds run on the engine clock
      return n1.pendingRecoveries() == 0;
    });

    for (Map.Entry<String, String> write : acknowledged.entrySet()) {
      await().atMost(RECOVERY).until(() -> n2.tryGet(write.getKey()).orElse("").equals(write.getValue()));
      assertThat(n1.tryGet(write.getKey())).contains(write.getValue());
      assertThat(node("late-" + write.getKey(), Mode.LEVEL_AND_BACKPLANE, OPTIONS).tryGet(write.getKey()))
          .as("in L2").contains(write.getValue());
    }
    assertThat(n1.stats().autoRecoveryDrops()).isZero();
  }
}

package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.RedisTopology;
import io.hybridcache.distributed.Topology;
import io.hybridcache.redis.harness.RedisServerExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link MultiNodeBehaviour} on one real Redis server, each node with its own Redisson client. */
class RedisMultiNodeTest extends MultiNodeBehaviour {
  private static final EntryOptions FROM_L2 = EntryOptions.builder().skipMemoryCache(true).build();
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  @Override
  Topology topology(FakeTimeSource time) {
    return new RedisTopology(redis.server());
  }

  @Override
  void loseNextNotificationOf(String nodeName) {
    redis.server().command("INCR", keyPrefix + ":~seq");
  }

  @Test
  void anEntryOfCacheBackplaneUnderKeySeqLeavesTheSequenceCounterAloneAndLaterWritesStillReachTheOtherNodes() {
    ClusterNode first = cluster("n1", keyPrefix, Mode.LEVEL_AND_BACKPLANE);
    ClusterNode second = cluster("n2", keyPrefix, Mode.LEVEL_AND_BACKPLANE);
    var backplaneOnFirst = engine("backplane", first, EntryOptions.defaults());
    var backplaneOnSecond = engine("backplane", second, EntryOptions.defaults());
    var productsOnFirst = engine("products", first, EntryOptions.defaults());
    var productsOnSecond = engine("products", second, EntryOptions.defaults());

    backplaneOnFirst.set("seq", "not a number");
    assertThat(backplaneOnSecond.tryGet("seq")).contains("not a number");
    productsOnFirst.set("p1", "v1");
    assertThat(productsOnSecond.tryGet("p1")).contains("v1");
    productsOnFirst.set("p1", "v2");

    await().atMost(Duration.ofSeconds(10)).until(() -> productsOnSecond.tryGet("p1").orElseThrow().equals("v2"));
    assertThat(first.sequenceGaps() + second.sequenceGaps()).isZero();
  }

  @Test
  void aSynchronousGetOrSetRunsItsFactoryOnTheCallersThreadAfterItsL2Read() {
    var n1 = node("n1");
    String caller = Thread.currentThread().getName();
    AtomicReference<String> factoryThread = new AtomicReference<>();

    assertThat(n1.getOrSet("p1", ctx -> {
      factoryThread.set(Thread.currentThread().getName());
      return "v1";
    })).isEqualTo("v1");

    assertThat(factoryThread).as("thread-bound context (a transaction, a request) reaches the factory")
        .hasValue(caller);
  }

  @Test
  void aFactoryThatBlocksOnAnAsynchronousL2ReadOfTheSameCacheCompletes() {
    var n1 = node("n1");
    n1.set("other", "o1");
    EntryOptions noL2Read = EntryOptions.builder().skipDistributedCacheRead(true).build(); // the factory runs first
    String value = n1.getOrSet("p1", ctx -> {
      try {
        return "v1+" + n1.tryGetAsync("other", FROM_L2).get(10, TimeUnit.SECONDS).orElseThrow();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, noL2Read);
    assertThat(value).isEqualTo("v1+o1");
  }
}

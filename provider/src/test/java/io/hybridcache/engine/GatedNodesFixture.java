package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.InMemoryDistributedLevel;
import io.hybridcache.distributed.InMemoryTopology;
import io.hybridcache.distributed.Topology;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Two nodes on one in-memory store and the fake clock, for the distributed timeouts: node "a" can have its L2
 * connection gated ({@link #gateNodeA}, {@link InMemoryDistributedLevel#blockUntil}) while node "b" writes to the same
 * store ungated. The gate opens after each test.
 */
abstract class GatedNodesFixture extends MultiNodeFixture {
  static final Duration HARD = Duration.ofSeconds(1);
  static final Duration SOFT = Duration.ofMillis(100);
  /** L2 writes in the background, so a call waits only for its read. */
  static final EntryOptions BASE = EntryOptions.builder().duration(Duration.ofSeconds(10))
      .backgroundDistributedCacheOperations(true).build();
  static final EntryOptions WITH_HARD = BASE.toBuilder().distributedCacheHardTimeout(HARD).build();

  final CountDownLatch gate = new CountDownLatch(1);
  HybridCacheEngine<String, String> a;
  HybridCacheEngine<String, String> b;

  @Override
  Topology topology(FakeTimeSource time) {
    return new InMemoryTopology(time);
  }

  @BeforeEach
  void startNodes() {
    a = node("a", Mode.LEVEL_ONLY, BASE);
    b = node("b", Mode.LEVEL_ONLY, BASE);
  }

  @AfterEach
  void openGate() {
    gate.countDown();
  }

  /** From now on node "a"'s L2 calls wait until the gate opens. */
  void gateNodeA() {
    ((InMemoryTopology) topology).levels.get("a").blockUntil(gate);
  }
}

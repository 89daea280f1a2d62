package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridcache.EntryOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Distributed locking: with it on, a cold key is computed once per cluster and atomic changes from several nodes
 * wait for each other instead of conflicting; a lock not had in time is gone without. Written once; a subclass per
 * topology (in memory, real Redis).
 */
abstract class DistributedLockingBehaviour extends MultiNodeFixture {
  private static final Duration FACTORY_TIME = Duration.ofMillis(30);

  /** The cache "products" on a new node {@code name}, with distributed locking when {@code locking}. */
  HybridCacheEngine<String, String> node(String name, boolean locking, EntryOptions defaults) {
    ClusterNode node = cluster(name, keyPrefix, Mode.LEVEL_AND_BACKPLANE,
        b -> locking ? b.distributedLocker(topology.locker(name, keyPrefix)) : b);
    return engine("products", node, defaults);
  }

  private List<HybridCacheEngine<String, String>> threeNodes(boolean locking) {
    List<HybridCacheEngine<String, String>> nodes = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      nodes.add(node("n" + i, locking, EntryOptions.defaults()));
    }
    return nodes;
  }

  /** Has {@code callers} threads, spread over {@code nodes} in turn, call {@code call} at once; returns their results. */
  private static <T> List<T> atOnce(int callers, List<HybridCacheEngine<String, String>> nodes,
      Function<HybridCacheEngine<String, String>, T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        HybridCacheEngine<String, String> node = nodes.get(i % nodes.size());
        futures.add(pool.submit(() -> {
          start.await();
          return call.apply(node);
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(30, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Supplier<String> slowFactory(AtomicInteger runs) {
    return () -> {
      runs.incrementAndGet();
      LockSupport.parkNanos(FACTORY_TIME.toNanos());
      return "computed";
    };
  }

  @Test
  void withDistributedLockingSixtyCallersOnThreeNodesRunTheFactoryOnce() throws Exception {
    List<HybridCacheEngine<String, String>> nodes = threeNodes(true);
    AtomicInteger runs = new AtomicInteger();
    Supplier<String> factory = slowFactory(runs);

    List<String> results = atOnce(60, nodes, node -> node.getOrSet("cold", ctx -> factory.get()));

    assertThat(runs).as("factory runs in the cluster").hasValue(1);
    assertThat(results).containsOnly("computed");
    for (HybridCacheEngine<String, String> node : nodes) {
      assertThat(node.stats().distributedLocksMissed()).isZero();
    }
  }

  @Test
  void withoutDistributedLockingSixtyCallersOnThreeNodesRunTheFactoryAtMostOncePerNode() throws Exception {
    List<HybridCacheEngine<String, String>> nodes = threeNodes(false);
    AtomicInteger runs = new AtomicInteger();
    Supplier<String> factory = slowFactory(runs);

    List<String> results = atOnce(60, nodes, node -> node.getOrSet("cold", ctx -> factory.get()));

    assertThat(runs.get()).as("factory runs in the cluster").isBetween(1, 3);
    assertThat(results).containsOnly("computed");
  }

  @Test
  void withDistributedLockingAtomicChangesFromThreeNodesWaitForEachOtherInsteadOfConflicting() throws Exception {
    List<HybridCacheEngine<String, String>> nodes = threeNodes(true);
    AtomicInteger retries = new AtomicInteger();

    atOnce(9, nodes, node -> {
      for (int i = 0; i < 10; i++) {
        node.entryAccess().computeAcrossNodes("counter", (k, current) -> {
          LockSupport.parkNanos(200_000); // widens the window between the read and the compare-and-set
          int next = current == null ? 1 : Integer.parseInt(current.value()) + 1;
          return node.entryAccess().create(Integer.toString(next), node.entryAccess().now(),
              node.entryAccess().now() + 60_000);
        }, retries::incrementAndGet);
      }
      return null;
    });

    assertThat(retries).as("compare-and-sets lost to another node").hasValue(0);
    assertThat(node("reader", false, EntryOptions.defaults()).tryGet("counter")).contains("90");
  }

  /** Runs {@code check} while {@code holder}'s factory for "cold" runs, holding the key's lock; then lets it end. */
  private static void whileTheHolderRunsItsFactory(HybridCacheEngine<String, String> holder, Runnable check)
      throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread slow = new Thread(() -> holder.getOrSet("cold", ctx -> {
      holding.countDown();
      release.await(30, TimeUnit.SECONDS);
      return "from holder";
    }));
    slow.start();
    try {
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
      check.run();
    } finally {
      release.countDown();
      slow.join(10_000);
    }
  }

  @Test
  void aLockNotHadWithinTheTimeoutIsGoneWithoutAndCounted() throws Exception {
    EntryOptions shortWait = EntryOptions.builder().distributedLockTimeout(Duration.ofMillis(100)).build();
    var holder = node("holder", true, shortWait);
    var impatient = node("impatient", true, shortWait);

    whileTheHolderRunsItsFactory(holder, () -> {
      assertThat(impatient.getOrSet("cold", ctx -> "from impatient")).isEqualTo("from impatient");

      assertThat(impatient.stats().distributedLocksMissed()).isEqualTo(1);
      assertThat(impatient.stats().factoryRuns()).isEqualTo(1);
    });
  }

  @Test
  void skippingDistributedLockingRunsTheFactoryWithoutWaitingForTheHolder() throws Exception {
    var holder = node("holder", true, EntryOptions.defaults());
    var other = node("other", true, EntryOptions.defaults());
    EntryOptions skip = EntryOptions.builder().skipDistributedLocking(true).build();

    whileTheHolderRunsItsFactory(holder, () -> {
      assertThat(other.getOrSet("cold", ctx -> "from other", skip)).isEqualTo("from other");

      assertThat(other.stats().distributedLocksMissed()).isZero();
    });
  }
}

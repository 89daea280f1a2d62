package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hybridcache.BulkFactory;
import io.hybridcache.EntryOptions;
import io.hybridcache.engine.BulkLoadBehaviour.PendingFactory;
import io.hybridcache.engine.BulkLoadBehaviour.RecordingFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * What {@code getOrSetAll} applies per key as {@code getOrSet} does, beyond the basics of {@link BulkLoadBehaviour}:
 * tags, eager refresh (one factory call for the whole batch), the lock timeout of a followed key, and distributed
 * locking (one factory run per key per cluster). Written once; each subclass runs it on one topology.
 */
abstract class BulkLoadOptionsBehaviour extends MultiNodeFixture {
  static final EntryOptions OPTIONS = BulkBehaviour.OPTIONS;
  static final EntryOptions EAGER = EntryOptions.builder().duration(Duration.ofSeconds(10)).eagerRefreshThreshold(0.5)
      .build();

  /** The cache "products" on a new node {@code name} with distributed locking. */
  HybridCacheEngine<String, String> lockingNode(String name) {
    ClusterNode node = cluster(name, keyPrefix, Mode.LEVEL_AND_BACKPLANE,
        b -> b.distributedLocker(topology.locker(name, keyPrefix)));
    return engine("products", node, OPTIONS);
  }

  // ---------------------------------------------------------------- tags

  @Test
  void everyEntryTheBatchCreatesCarriesTheTagsAndRemoveByTagHidesThemOnEveryNode() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    n1.set("cached", "untagged");
    RecordingFactory factory = new RecordingFactory();

    Map<String, String> found = n1.getOrSetAll(Set.of("a", "b", "cached"), factory, OPTIONS, Set.of("t"));

    assertThat(found).isEqualTo(Map.of("a", "va", "b", "vb", "cached", "untagged"));
    assertThat(n2.tryGetAll(Set.of("a", "b"))).hasSize(2);
    n1.removeByTag("t");
    assertThat(n1.tryGetAll(Set.of("a", "b", "cached"))).isEqualTo(Map.of("cached", "untagged"));
    await().atMost(WAIT).until(() -> n2.tryGetAll(Set.of("a", "b")).isEmpty());
    var n3 = node("n3", Mode.LEVEL_AND_BACKPLANE, OPTIONS); // reads L2 and the removal time kept there
    assertThat(n3.tryGetAll(Set.of("a", "b", "cached"))).isEqualTo(Map.of("cached", "untagged"));
  }

  @Test
  void theAsyncFormTagsItsEntriesToo() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    PendingFactory bulk = new PendingFactory();
    CompletableFuture<Map<String, String>> all = n1.getOrSetAllAsync(Set.of("a", "b"), bulk, OPTIONS, Set.of("t"));
    await().atMost(WAIT).until(() -> bulk.stages.size() == 1);
    bulk.stages.get(0).complete(Map.of("a", "1", "b", "2"));
    assertThat(all.join()).isEqualTo(Map.of("a", "1", "b", "2"));
    n1.removeByTag(Set.of("t"));
    assertThat(n1.tryGetAll(Set.of("a", "b"))).isEmpty();
  }

  @Test
  void badTagsAreRefusedBeforeAnythingIsReadEvenWhenEveryKeyIsCached() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    n1.setAll(Map.of("a", "1"));
    RecordingFactory factory = new RecordingFactory();
    Set<String> tooMany = new HashSet<>();
    for (int i = 0; i <= Tags.DEFAULT_MAX_PER_ENTRY; i++) {
      tooMany.add("t" + i);
    }
    assertThatThrownBy(() -> n1.getOrSetAll(Set.of("a"), factory, OPTIONS, tooMany))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTagsPerEntry");
    assertThatThrownBy(() -> n1.getOrSetAll(Set.of("a"), factory, OPTIONS, Set.of("")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> n1.getOrSetAll(Set.of("a"), factory, OPTIONS, null))
        .isInstanceOf(NullPointerException.class);
    assertThat(factory.calls).isEmpty();
  }

  // ---------------------------------------------------------------- eager refresh

  @Test
  void keysPastTheEagerRefreshPointAreServedAtOnceAndRefreshedByOneFactoryCall() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, EAGER);
    n1.setAll(Map.of("a", "1", "b", "2", "c", "3"), EAGER);
    time.advance(Duration.ofSeconds(6)); // past half of the 10 s
    PendingFactory bulk = new PendingFactory();

    for (int i = 0; i < 20; i++) { // the refresh is pending: were a call waiting for it, this would not return
      assertThat(n1.getOrSetAllAsync(Set.of("a", "b", "c"), bulk, EAGER).join())
          .isEqualTo(Map.of("a", "1", "b", "2", "c", "3"));
    }
    await().atMost(WAIT).until(() -> bulk.calls.size() == 1);
    assertThat(bulk.calls).containsExactly(Set.of("a", "b", "c"));
    assertThat(n1.stats().eagerRefreshes()).isEqualTo(3);

    bulk.stages.get(0).complete(Map.of("a", "A", "b", "B", "c", "C"));
    await().atMost(WAIT).until(() -> n1.tryGetAll(Set.of("a", "b", "c")).equals(Map.of("a", "A", "b", "B", "c",
        "C")));
    assertThat(bulk.calls).hasSize(1);
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, EAGER);
    await().atMost(WAIT).until(() -> n2.tryGetAll(Set.of("a", "b", "c")).equals(Map.of("a", "A", "b", "B", "c",
        "C"))); // written to L2
  }

  @Test
  void keysServedFromL1AndFromL2PastTheirPointShareOneRefreshAndKeysBeforeItAreLeftOut() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, EAGER);
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, EAGER);
    n1.setAll(Map.of("fromLevel", "1"), EAGER);
    awaitMessages(n2, 1); // n1's notice, which would supersede a refresh of the key it reached later
    n2.set("fromMemory", "2", EAGER);
    time.advance(Duration.ofSeconds(6));
    n2.set("young", "3", EAGER);
    PendingFactory bulk = new PendingFactory();

    Map<String, String> found = n2.getOrSetAllAsync(Set.of("fromLevel", "fromMemory", "young"), bulk, EAGER).join();

    assertThat(found).isEqualTo(Map.of("fromLevel", "1", "fromMemory", "2", "young", "3"));
    await().atMost(WAIT).until(() -> bulk.calls.size() == 1);
    assertThat(bulk.calls).containsExactly(Set.of("fromLevel", "fromMemory"));
    bulk.stages.get(0).complete(Map.of("fromLevel", "L", "fromMemory", "M"));
    await().atMost(WAIT).until(() -> n2.tryGetAll(Set.of("fromLevel", "fromMemory")).equals(Map.of("fromLevel", "L",
        "fromMemory", "M")));
  }

  @Test
  void aKeyWhoseSingleRefreshIsUnderWayIsLeftOutOfTheBatchRefresh() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, EAGER);
    n1.setAll(Map.of("a", "1", "b", "2"), EAGER);
    time.advance(Duration.ofSeconds(6));
    CompletableFuture<String> single = new CompletableFuture<>();
    assertThat(n1.getOrSetAsync("a", ctx -> single, EAGER).join()).isEqualTo("1"); // starts a's refresh
    await().atMost(WAIT).until(() -> n1.stats().eagerRefreshes() == 1);
    PendingFactory bulk = new PendingFactory();

    assertThat(n1.getOrSetAllAsync(Set.of("a", "b"), bulk, EAGER).join()).isEqualTo(Map.of("a", "1", "b", "2"));

    await().atMost(WAIT).until(() -> bulk.calls.size() == 1);
    assertThat(bulk.calls).containsExactly(Set.of("b"));
    single.complete("A");
    bulk.stages.get(0).complete(Map.of("b", "B"));
    await().atMost(WAIT).until(() -> n1.tryGetAll(Set.of("a", "b")).equals(Map.of("a", "A", "b", "B")));
  }

  @Test
  void aFailedBatchRefreshKeepsTheValuesAndCountsABackgroundErrorPerKey() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, EAGER);
    n1.setAll(Map.of("a", "1", "b", "2"), EAGER);
    time.advance(Duration.ofSeconds(6));
    BulkFactory<String, String> failing = keys -> {
      throw new IllegalStateException("source down");
    };
    assertThat(n1.getOrSetAll(Set.of("a", "b"), failing, EAGER)).isEqualTo(Map.of("a", "1", "b", "2"));
    await().atMost(WAIT).until(() -> n1.stats().backgroundFactoryErrors() == 2);
    assertThat(n1.tryGetAll(Set.of("a", "b"))).isEqualTo(Map.of("a", "1", "b", "2"));
  }

  // ---------------------------------------------------------------- lock timeout

  @Test
  void pastTheLockTimeoutAFollowedKeyIsLoadedByTheBatchItself() {
    EntryOptions impatient = OPTIONS.toBuilder().lockTimeout(Duration.ofSeconds(1)).build();
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    CompletableFuture<String> slow = new CompletableFuture<>();
    CompletableFuture<String> one = n1.getOrSetAsync("b", ctx -> slow);
    PendingFactory bulk = new PendingFactory();

    CompletableFuture<Map<String, String>> all = n1.getOrSetAllAsync(Set.of("a", "b"), bulk, impatient);
    await().atMost(WAIT).until(() -> bulk.calls.size() == 1);
    assertThat(bulk.calls).containsExactly(Set.of("a"));
    bulk.stages.get(0).complete(Map.of("a", "1"));
    time.advance(Duration.ofMillis(999));
    assertThat(all).isNotDone();
    time.advance(Duration.ofMillis(1));

    await().atMost(WAIT).until(() -> bulk.calls.size() == 2);
    assertThat(bulk.calls.get(1)).isEqualTo(Set.of("b"));
    bulk.stages.get(1).complete(Map.of("b", "2"));
    assertThat(all.join()).isEqualTo(Map.of("a", "1", "b", "2"));
    slow.complete("theirs");
    assertThat(one.join()).isEqualTo("theirs");
  }

  @Test
  void withoutALockTimeoutAFollowedKeyWaitsForItsLoad() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    CompletableFuture<String> slow = new CompletableFuture<>();
    n1.getOrSetAsync("b", ctx -> slow);
    RecordingFactory factory = new RecordingFactory();
    CompletableFuture<Map<String, String>> all = n1.getOrSetAllAsync(Set.of("a", "b"),
        keys -> CompletableFuture.completedFuture(factory.create(keys)), OPTIONS);
    time.advance(Duration.ofMinutes(10));
    assertThat(all).isNotDone();
    slow.complete("theirs");
    assertThat(all.join()).isEqualTo(Map.of("a", "va", "b", "theirs"));
    assertThat(factory.calls).containsExactly(Set.of("a"));
  }

  // ---------------------------------------------------------------- distributed locking

  @Test
  void withDistributedLockingOverlappingBatchesOnThreeNodesRunEachKeysFactoryOnce() throws Exception {
    List<HybridCacheEngine<String, String>> nodes = List.of(lockingNode("n1"), lockingNode("n2"),
        lockingNode("n3"));
    List<Set<String>> batches = List.of(BulkLoadBehaviour.keys("k", 10), keysBetween(5, 15),
        union(keysBetween(10, 20), Set.of("k0", "k7")));
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    BulkFactory<String, String> slow = keys -> {
      keys.forEach(key -> runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet());
      LockSupport.parkNanos(Duration.ofMillis(30).toNanos()); // a slow source, so the batches overlap in time
      return BulkLoadBehaviour.made(keys);
    };

    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Map<String, String>>> results = new ArrayList<>();
      for (int i = 0; i < 6; i++) { // two callers per node, each node its own batch
        HybridCacheEngine<String, String> node = nodes.get(i % 3);
        Set<String> batch = batches.get(i % 3);
        results.add(pool.submit(() -> {
          start.await();
          return node.getOrSetAll(batch, slow);
        }));
      }
      start.countDown();
      for (int i = 0; i < 6; i++) {
        assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(BulkLoadBehaviour.made(batches.get(i % 3)));
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(runs.keySet()).hasSize(20);
    runs.forEach((key, count) -> assertThat(count).as("factory runs of " + key + " in the cluster").hasValue(1));
    for (HybridCacheEngine<String, String> node : nodes) {
      assertThat(node.stats().distributedLocksMissed()).isZero();
    }
  }

  @Test
  void aBatchKeyWhoseLockIsNotHadInTimeIsLoadedWithoutItAndCounted() throws Exception {
    EntryOptions shortWait = OPTIONS.toBuilder().distributedLockTimeout(Duration.ofMillis(100)).build();
    var holder = lockingNode("holder");
    var impatient = lockingNode("impatient");
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> held = CompletableFuture.supplyAsync(() -> holder.getOrSet("b", ctx -> {
      holding.countDown();
      release.await(30, TimeUnit.SECONDS);
      return "from holder";
    }));
    try {
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
      RecordingFactory factory = new RecordingFactory();
      assertThat(impatient.getOrSetAll(Set.of("a", "b"), factory, shortWait)).isEqualTo(Map.of("a", "va", "b",
          "vb"));
      assertThat(factory.calls).containsExactly(Set.of("a", "b"));
      assertThat(impatient.stats().distributedLocksMissed()).isEqualTo(1);
    } finally {
      release.countDown();
    }
    assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo("from holder");
  }

  private static Set<String> keysBetween(int from, int to) {
    Set<String> keys = new HashSet<>();
    for (int i = from; i < to; i++) {
      keys.add("k" + i);
    }
    return keys;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }
}

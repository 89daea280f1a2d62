package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.EntryOptions;
import io.hybridcache.HybridCache;
import io.hybridcache.HybridCacheConfiguration;
import io.hybridcache.distributed.Topology;
import io.hybridcache.engine.FakeTimeSource;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Plain JCache across cache managers that share a distributed level and a backplane (one manager = one node): what
 * one node writes the others read, and the atomic operations are atomic across nodes. Written once; each subclass runs
 * it on one {@link Topology}.
 */
abstract class JCacheMultiNodeBehaviour {
  private static final AtomicInteger RUNS = new AtomicInteger();
  static final Duration WAIT = Duration.ofSeconds(10);

  final FakeTimeSource time = new FakeTimeSource();
  final String run = "jmn" + RUNS.incrementAndGet() + "x" + System.nanoTime() % 100_000;
  Topology topology;
  private final List<CacheManager> managers = new ArrayList<>();

  abstract Topology topology(FakeTimeSource time);

  @BeforeEach
  void startTopology() {
    topology = topology(time);
  }

  @AfterEach
  void stopAll() {
    managers.forEach(CacheManager::close);
    topology.close();
  }

  /** The cache "orders" on a new node: a manager of its own, connected to the shared topology. */
  Cache<String, Integer> node(String name) {
    return node(name, new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
  }

  /** The cache "orders", configured by {@code configuration}, on a new node. */
  Cache<String, Integer> node(String name, MutableConfiguration<String, Integer> configuration) {
    return node(name, configuration, false);
  }

  /** The cache "orders", configured by {@code configuration}, on a new node with distributed locking when asked. */
  Cache<String, Integer> node(String name, MutableConfiguration<String, Integer> configuration, boolean locking) {
    Properties properties = new Properties();
    if (locking) {
      properties.put(HybridCacheManager.DISTRIBUTED_LOCKER_PROPERTY, topology.locker(name, "hybridcache"));
    }
    properties.put(HybridCacheManager.TIME_SOURCE_PROPERTY, time);
    properties.put(HybridCacheManager.NODE_ID_PROPERTY, name);
    properties.put(HybridCacheManager.DISTRIBUTED_LEVEL_PROPERTY, topology.level(name, "hybridcache", true));
    properties.put(HybridCacheManager.BACKPLANE_PROPERTY, topology.backplane(name, "hybridcache"));
    CacheManager manager = Caching.getCachingProvider(HybridCachingProvider.class.getName())
        .getCacheManager(URI.create("test:" + run + "." + name), getClass().getClassLoader(), properties);
    managers.add(manager);
    return manager.createCache("orders" + run, configuration);
  }

  /** The cache "stock" of the manager of {@code node}: another cache of the same node. */
  Cache<String, Integer> stockOf(Cache<String, Integer> node) {
    return node.getCacheManager().createCache("stock" + run,
        new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
  }

  @SuppressWarnings("unchecked")
  static HybridCache<String, Integer> hybrid(Cache<String, Integer> cache) {
    return cache.unwrap(HybridCache.class);
  }

  static List<String> keys(Cache<String, Integer> cache) {
    List<String> keys = new ArrayList<>();
    cache.forEach(e -> keys.add(e.getKey()));
    return keys;
  }

  static long messages(Cache<String, Integer> cache) {
    return cache.unwrap(HybridCache.class).stats().backplaneMessages();
  }

  @Test
  void aPutOnOneNodeIsReadOnAnother() {
    Cache<String, Integer> n1 = node("n1");
    Cache<String, Integer> n2 = node("n2");

    n1.put("a", 1);

    assertThat(n2.get("a")).isEqualTo(1);
    assertThat(n2.containsKey("a")).isTrue();
  }

  @Test
  void aPutReplacesTheValueAnotherNodeHadCached() {
    Cache<String, Integer> n1 = node("n1");
    Cache<String, Integer> n2 = node("n2");
    n1.put("a", 1);
    await().atMost(WAIT).until(() -> messages(n2) == 1);
    assertThat(n2.get("a")).isEqualTo(1);

    n1.put("a", 2);

    await().atMost(WAIT).until(() -> messages(n2) == 2);
    assertThat(n2.get("a")).isEqualTo(2);
  }

  @Test
  void aRemoveOnOneNodeIsSeenByEveryNode() {
    Cache<String, Integer> n1 = node("n1");
    Cache<String, Integer> n2 = node("n2");
    Cache<String, Integer> n3 = node("n3");
    n1.put("a", 1);
    await().atMost(WAIT).until(() -> messages(n2) == 1 && messages(n3) == 1);
    assertThat(n2.get("a")).isEqualTo(1);
    assertThat(n3.get("a")).isEqualTo(1);

    assertThat(n3.remove("a")).isTrue();

    await().atMost(WAIT).until(() -> messages(n1) == 1 && messages(n2) == 2);
    assertThat(n1.get("a")).isNull();
    assertThat(n2.get("a")).isNull();
    assertThat(n1.remove("a")).isFalse();
  }

  @Test
  void removeReportsAnEntryOnlyTheDistributedLevelHeld() {
    Cache<String, Integer> n1 = node("n1");
    Cache<String, Integer> n2 = node("n2");
    n1.put("a", 1);

    assertThat(n2.remove("a")).isTrue();
    await().atMost(WAIT).until(() -> !n1.containsKey("a")); // n1 drops its copy when the remove's message arrives
  }

  @Test
  void putIfAbsentLetsExactlyOneNodeWin() throws Exception {
    List<Cache<String, Integer>> nodes = List.of(node("n1"), node("n2"), node("n3"));
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      for (int round = 0; round < 20; round++) {
        String key = "k" + round;
        List<Future<Boolean>> tries = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          Cache<String, Integer> node = nodes.get(i % 3);
          int value = i;
          tries.add(pool.submit(() -> node.putIfAbsent(key, value)));
        }
        int winners = 0;
        for (Future<Boolean> f : tries) {
          winners += f.get() ? 1 : 0;
        }
        assertThat(winners).as("winners of %s", key).isEqualTo(1);
        Integer kept = nodes.get(0).get(key);
        for (Cache<String, Integer> node : nodes) {
          await().atMost(WAIT).until(() -> kept.equals(node.get(key)));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void entryProcessorsFromSeveralNodesNeverLoseAnIncrement() throws Exception {
    List<Cache<String, Integer>> nodes = List.of(node("n1"), node("n2"), node("n3"));
    EntryProcessor<String, Integer, Void> increment = (entry, args) -> {
      entry.setValue(entry.exists() ? entry.getValue() + 1 : 1);
      return null;
    };
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Callable<Void>> work = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Cache<String, Integer> node = nodes.get(i % 3);
        work.add(() -> {
          for (int n = 0; n < 50; n++) {
            node.invoke("counter", increment);
          }
          return null;
        });
      }
      for (Future<Void> f : pool.invokeAll(work)) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    for (Cache<String, Integer> node : nodes) {
      await().atMost(WAIT).untilAsserted(() -> assertThat(node.get("counter"))
          .as("the counter on node %s (L2 holds %s)", node.getName(), nodes.get(0).unwrap(HybridCache.class)
              .tryGet("counter", EntryOptions.builder().skipMemoryCacheRead(true).build()).orElse(null))
          .isEqualTo(300));
    }
  }

  @Test
  void aLoadingProcessorCalledByTwentyThreadsOfOneNodeLoadsOnce() throws Exception {
    Cache<String, Integer> n1 = node("n1");
    ValueLoaderProcessor loader = new ValueLoaderProcessor();

    List<Integer> results = loader.invokeAtOnce(List.of(n1), 20, "cold");

    assertThat(loader.loads).as("the value loader ran once (Spring's @Cacheable(sync = true))").hasValue(1);
    assertThat(results).containsOnly(101);
    assertThat(node("n2").get("cold")).isEqualTo(101);
  }

  @Test
  void withDistributedLockingALoadingProcessorCalledFromTwoNodesLoadsOnce() throws Exception {
    MutableConfiguration<String, Integer> configuration =
        new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class);
    List<Cache<String, Integer>> nodes = List.of(node("n1", configuration, true), node("n2", configuration, true));
    ValueLoaderProcessor loader = new ValueLoaderProcessor();

    List<Integer> results = loader.invokeAtOnce(nodes, 20, "cold");

    assertThat(loader.loads).as("the value loader ran once in the cluster").hasValue(1);
    assertThat(results).containsOnly(101);
  }

  @Test
  void conditionalOperationsSeeTheValueAnotherNodeWrote() {
    Cache<String, Integer> n1 = node("n1");
    Cache<String, Integer> n2 = node("n2");
    n2.put("a", 0); // n2 caches 0
    n1.put("a", 1);

    assertThat(n2.replace("a", 0, 5)).isFalse();
    assertThat(n2.replace("a", 1, 2)).isTrue();
    assertThat(n1.getAndPut("a", 3)).isEqualTo(2);
    assertThat(n2.getAndReplace("a", 4)).isEqualTo(3);
    assertThat(n2.remove("a", 3)).isFalse();
    assertThat(n1.remove("a", 4)).isTrue();
    assertThat(n2.getAndRemove("a")).isNull();
    assertThat(n2.putIfAbsent("a", 9)).isTrue();
    assertThat(n1.get("a")).isEqualTo(9);
  }

  @Test
  void clearAndRemoveAllReachEntriesOnlyTheDistributedLevelHolds() {
    Cache<String, Integer> n1 = node("n1");
    Cache<String, Integer> n2 = node("n2");
    n1.put("a", 1);
    n1.put("b", 2);
    n1.put("c", 3);
    assertThat(n2.get("a")).isEqualTo(1);

    n2.clear();

    assertThat(n2.get("b")).isNull();
    await().atMost(WAIT).until(() -> n1.get("a") == null && n1.get("b") == null);

    n1.put("d", 4);
    n2.removeAll();
    await().atMost(WAIT).until(() -> n1.get("d") == null);
    assertThat(n2.iterator().hasNext()).isFalse();
  }

  @Test
  void skippingMemoryReadsMakesAWriteOnOneNodeVisibleOnAnotherAtOnce() {
    HybridCacheConfiguration<String, Integer> strict = new HybridCacheConfiguration<String, Integer>()
        .setTypes(String.class, Integer.class)
        .setDefaultEntryOptions(EntryOptions.builder().skipMemoryCacheRead(true).build());
    Cache<String, Integer> n1 = node("n1", strict);
    Cache<String, Integer> n2 = node("n2", strict);
    n1.put("a", 1);
    assertThat(n2.get("a")).isEqualTo(1); // n2 now holds 1 in its memory level

    for (int value = 2; value <= 20; value++) {
      n1.put("a", value);
      assertThat(n2.get("a")).as("read right after the put, no wait").isEqualTo(value);
    }
    n1.remove("a");
    assertThat(n2.containsKey("a")).isFalse();
    assertThat(n2.get("a")).isNull();
  }

  @Test
  void iterationListsTheEntriesOfEveryNode() {
    Cache<String, Integer> n1 = node("n1");
    Cache<String, Integer> n2 = node("n2");
    n1.put("a", 1);
    n2.put("b", 2);

    List<String> keys = new ArrayList<>();
    n1.forEach(e -> keys.add(e.getKey()));

    assertThat(keys).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void clearOnOneNodeRemovesTheEntriesOfThatCacheOnlyWithoutKeepingFallbacks() {
    HybridCacheConfiguration<String, Integer> failSafe = new HybridCacheConfiguration<String, Integer>()
        .setTypes(String.class, Integer.class).setDefaultEntryOptions(EntryOptions.builder().failSafe(true).build());
    EntryOptions staleRead = EntryOptions.builder().failSafe(true).allowStaleOnReadOnly(true).build();
    Cache<String, Integer> n1 = node("n1", failSafe);
    Cache<String, Integer> n2 = node("n2", failSafe);
    Cache<String, Integer> stock1 = stockOf(n1);
    Cache<String, Integer> stock2 = stockOf(n2);
    n1.put("a", 1);
    n1.put("b", 2);
    hybrid(n1).expire("b");
    stock1.put("a", 10);
    assertThat(n2.get("a")).isEqualTo(1);
    assertThat(hybrid(n2).tryGet("b", staleRead)).as("b's fallback, before the clear").contains(2);
    assertThat(stock2.get("a")).isEqualTo(10);

    n1.clear();

    await().atMost(WAIT).until(() -> n2.get("a") == null);
    assertThat(n1.get("a")).isNull();
    Cache<String, Integer> n3 = node("n3", failSafe);
    for (Cache<String, Integer> n : List.of(n1, n2, n3)) {
      assertThat(hybrid(n).tryGet("a", staleRead)).as("a fallback of a").isEmpty();
      assertThat(hybrid(n).tryGet("b", staleRead)).as("a fallback of b").isEmpty();
    }
    for (Cache<String, Integer> stock : List.of(stock1, stock2, stockOf(n3))) {
      assertThat(stock.get("a")).as("the other cache of the same managers").isEqualTo(10);
    }
  }

  @Test
  void removeAllOnAFreshNodeAfterAClearTellsItsListenerNothingOfTheClearedEntries() {
    Cache<String, Integer> n1 = node("n1");
    n1.put("a", 1);
    n1.put("b", 2);
    n1.clear();
    time.advance(Duration.ofMillis(1));
    n1.put("c", 3);
    Cache<String, Integer> fresh = node("n2");
    EventRecorder<String, Integer> recorder = JCacheFixture.record(fresh);

    fresh.removeAll();

    assertThat(recorder.events).as("only the entry put after the clear").singleElement().asString()
        .startsWith("REMOVED:c=");
    await().atMost(WAIT).until(() -> n1.get("c") == null);
  }

  @Test
  void iterationAfterAClearOnAnotherNodeListsNothingOfTheClearedEntries() {
    Cache<String, Integer> n1 = node("n1");
    Cache<String, Integer> n2 = node("n2");
    n1.put("a", 1);
    n1.put("b", 2);
    assertThat(n2.get("a")).isEqualTo(1);
    assertThat(keys(n2)).containsExactlyInAnyOrder("a", "b");

    n1.clear();

    assertThat(keys(n1)).isEmpty();
    await().atMost(WAIT).until(() -> keys(n2).isEmpty());
    assertThat(keys(node("n3"))).isEmpty();
    time.advance(Duration.ofMillis(1));
    n2.put("c", 3);
    assertThat(keys(n1)).containsExactly("c");
    assertThat(keys(node("n4"))).containsExactly("c");
  }
}

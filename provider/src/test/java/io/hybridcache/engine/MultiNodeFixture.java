package io.hybridcache.engine;

import static org.awaitility.Awaitility.await;

import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.Topology;
import io.hybridcache.kryo.KryoValueSerializer;
import io.hybridcache.spi.DistributedLevel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Nodes of a simulated cluster on one {@link Topology} and one fake clock, closed after each test; no tests of its own.
 * The behaviours built on it ({@link MultiNodeBehaviour}, {@link TagsAndClearBehaviour}) are written once and run by a
 * subclass per topology.
 */
abstract class MultiNodeFixture {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  static final Duration WAIT = Duration.ofSeconds(10);
  static final EntryOptions FAIL_SAFE = EntryOptions.builder().duration(Duration.ofMinutes(1)).failSafe(true)
      .build();

  /** Which shared parts a node uses. */
  enum Mode { LEVEL_AND_BACKPLANE, LEVEL_ONLY, BACKPLANE_ONLY }

  final FakeTimeSource time = new FakeTimeSource();
  final String keyPrefix = newKeyPrefix();
  Topology topology;
  private final List<AutoCloseable> started = new ArrayList<>();

  abstract Topology topology(FakeTimeSource time);

  @BeforeEach
  void startTopology() {
    topology = topology(time);
  }

  @AfterEach
  void stopAll() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
    topology.close();
  }

  /** A key prefix no other test (nor an earlier run on the same Redis server) uses. */
  static String newKeyPrefix() {
    return "mn" + PREFIXES.incrementAndGet() + "x" + System.nanoTime() % 100_000;
  }

  HybridCacheEngine<String, String> node(String name) {
    return node(name, Mode.LEVEL_AND_BACKPLANE, EntryOptions.defaults());
  }

  /** The cache "products" on a new cluster node {@code name} of {@link #keyPrefix}. */
  HybridCacheEngine<String, String> node(String name, Mode mode, EntryOptions defaults) {
    return engine("products", cluster(name, keyPrefix, mode), defaults);
  }

  /** A new cluster node {@code name} of {@code prefix}, with no cache yet. */
  ClusterNode cluster(String name, String prefix, Mode mode) {
    return cluster(name, prefix, mode, b -> b);
  }

  /** A new cluster node {@code name} of {@code prefix}, its builder given to {@code tuning} before it is built. */
  ClusterNode cluster(String name, String prefix, Mode mode, UnaryOperator<ClusterNodeBuilder> tuning) {
    ClusterNodeBuilder b = ClusterNode.builder(prefix).nodeId(name)
        .valueSerializer(new KryoValueSerializer(getClass().getClassLoader()));
    if (mode != Mode.BACKPLANE_ONLY) {
      b.distributedLevel(level(name, prefix, mode == Mode.LEVEL_AND_BACKPLANE));
    }
    if (mode != Mode.LEVEL_ONLY) {
      b.backplane(topology.backplane(name, prefix));
    }
    ClusterNode node = tuning.apply(b).build();
    started.add(node);
    return node;
  }

  /** Closes {@code built} (a node a test built itself) with the rest, after the engines built after it. */
  <T extends AutoCloseable> T closedAfterTest(T built) {
    started.add(built);
    return built;
  }

  /** The connection of node {@code name} to the distributed level; a behaviour may wrap it. */
  DistributedLevel level(String name, String prefix, boolean publishing) {
    return topology.level(name, prefix, publishing);
  }

  /** The clock of the engines {@link #engine} builds: the fake {@link #time} unless a test needs another. */
  TimeSource engineTime() {
    return time;
  }

  /** The cache {@code cacheName} on {@code node}. */
  HybridCacheEngine<String, String> engine(String cacheName, ClusterNode node, EntryOptions defaults) {
    HybridCacheEngine<String, String> engine = HybridCacheEngine.<String, String>builder(cacheName)
        .timeSource(engineTime()).defaultEntryOptions(defaults).cluster(node).build();
    started.add(engine);
    return engine;
  }

  /** The cache {@code cacheName} on {@code node}, with keys of any type. */
  <K> HybridCacheEngine<K, String> anyKeyEngine(String cacheName, ClusterNode node, EntryOptions defaults) {
    HybridCacheEngine<K, String> engine = HybridCacheEngine.<K, String>builder(cacheName)
        .timeSource(engineTime()).defaultEntryOptions(defaults).cluster(node).build();
    started.add(engine);
    return engine;
  }

  static boolean freshLocally(HybridCacheEngine<String, String> node, String key) {
    CacheEntry<String> e = node.entryAccess().peek(key);
    return e != null && e.isFresh(node.entryAccess().now());
  }

  static Optional<CacheEntry<String>> local(HybridCacheEngine<String, String> node, String key) {
    return Optional.ofNullable(node.entryAccess().peek(key));
  }

  static void awaitMessages(HybridCacheEngine<String, String> node, long count) {
    await().atMost(WAIT).until(() -> node.stats().backplaneMessages() >= count);
  }
}

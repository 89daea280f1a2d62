package io.hybridcache.benchmarks;

import io.hybridcache.EntryOptions;
import io.hybridcache.engine.HybridCacheEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.RedissonClient;

/**
 * A mixed workload on two nodes: 90% reads and 10% writes, keys drawn with Zipf probabilities (exponent 0.99) over
 * 100,000 entries, two threads, each acting as one node (each node its own Redis client and its own local level of
 * 100,000 entries). Every entry is in Redis, and in both local levels, before the run. Throughput of all
 * operations (higher is better), one {@code impl} per fork:
 *
 * <ul>
 *   <li>{@code hybrid}: HybridCache engines on L2 + backplane ({@code tryGet}, {@code set}), default options: a
 *       write returns once Redis acknowledged it;</li>
 *   <li>{@code hybrid-background}: the same with {@code backgroundDistributedCacheOperations}: a write returns once
 *       L1 has it, the L2 write and its notice go on in the background (what JetCache's {@code put} does: it does
 *       not wait for its remote write);</li>
 *   <li>{@code rlocalcachedmap}: Redisson's {@code RLocalCachedMap} with invalidation ({@code get},
 *       {@code fastPut});</li>
 *   <li>{@code jetcache}: JetCache's two-level cache (Caffeine + Redis through Redisson) with {@code syncLocal}
 *       ({@code get}, {@code put}).</li>
 * </ul>
 *
 * <p>Each write on one node makes the other drop its local copy, so the other's next read of that key goes to Redis:
 * the ratio between the caches is what their L1 hit, their Redis read and their write-with-notice cost together.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Threads(2)
@Fork(1)
public class MixedWorkloadBenchmark {
  static final int ENTRIES = 100_000;
  static final String VALUE = "v".repeat(100);
  static final String[] KEY = new String[ENTRIES];

  static {
    for (int i = 0; i < ENTRIES; i++) {
      KEY[i] = "item-" + i;
    }
  }

  @Param("redis://127.0.0.1:6379")
  public String redis;

  @Param({"hybrid", "hybrid-background", "rlocalcachedmap", "jetcache"})
  public String impl;

  /**
   * Netty I/O threads of every node's Redisson client (Redisson's default 32). With 1, a node reads its own
   * notification on the thread that reads its write's reply, in the same wake-up (see {@code docs/benchmarks.md}).
   */
  @Param("32")
  public int nettyThreads;

  private final Zipf zipf = new Zipf(ENTRIES, 0.99);
  private final Node[] nodes = new Node[2];
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final List<HybridCacheEngine<String, String>> engines = new ArrayList<>();

  /** What one node of a peer does. */
  interface Node {
    String get(String key);

    void put(String key, String value);
  }

  /**
   * One benchmark thread: its node, its random numbers, and how many reads found nothing (every key is in Redis, so
   * this should stay 0: reported as the {@code emptyReads} counter).
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Worker {
    Node node;
    SplittableRandom random;
    public long emptyReads;

    @Setup(Level.Iteration)
    public void reset() {
      emptyReads = 0;
    }

    @Setup
    public void bind(MixedWorkloadBenchmark b, ThreadParams thread) {
      node = b.nodes[thread.getThreadIndex() % 2];
      random = new SplittableRandom(42 + thread.getThreadIndex());
    }
  }

  @Setup
  public void setUp() {
    String prefix = "bench-mixed-" + impl + "-" + System.nanoTime();
    switch (impl) {
      case "hybrid", "hybrid-background" -> {
        HybridNodes hybrid = new HybridNodes(redis, prefix, nettyThreads);
        resources.add(hybrid);
        EntryOptions options = EntryOptions.builder().duration(Duration.ofHours(1))
            .backgroundDistributedCacheOperations(impl.equals("hybrid-background")).build();
        for (int i = 0; i < 2; i++) {
          HybridCacheEngine<String, String> engine = hybrid.engine("mixed", hybrid.node("node-" + i), ENTRIES,
              options);
          engines.add(engine);
          nodes[i] = new Node() {
            @Override
            public String get(String key) {
              return engine.tryGet(key).orElse(null);
            }

            @Override
            public void put(String key, String value) {
              engine.set(key, value);
            }
          };
          if (i == 0) {
            EntryOptions remoteOnly = options.toBuilder().skipMemoryCacheWrite(true)
                .backgroundDistributedCacheOperations(false).build();
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            for (String key : KEY) {
              writes.add(engine.setAsync(key, VALUE, remoteOnly, java.util.Set.of()));
              if (writes.size() == 1000) {
                CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
                writes.clear();
              }
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
          }
        }
      }
      case "rlocalcachedmap" -> {
        for (int i = 0; i < 2; i++) {
          RedissonClient client = Peers.redisson(redis, nettyThreads);
          resources.add(client::shutdown);
          RLocalCachedMap<String, String> map = Peers.localCachedMap(client, prefix, ENTRIES);
          nodes[i] = new Node() {
            @Override
            public String get(String key) {
              return map.get(key);
            }

            @Override
            public void put(String key, String value) {
              map.fastPut(key, value);
            }
          };
          if (i == 0) {
            prefill(map::putAll);
          }
        }
      }
      case "jetcache" -> {
        for (int i = 0; i < 2; i++) {
          RedissonClient client = Peers.redisson(redis, nettyThreads);
          resources.add(client::shutdown);
          Peers.JetCacheNode node = new Peers.JetCacheNode(client, prefix);
          resources.add(node);
          com.alicp.jetcache.Cache<String, String> cache = node.cache("mixed", ENTRIES, Duration.ofHours(1));
          nodes[i] = new Node() {
            @Override
            public String get(String key) {
              return cache.get(key);
            }

            @Override
            public void put(String key, String value) {
              cache.put(key, value);
            }
          };
          if (i == 0) {
            prefill(cache::putAll);
          }
        }
      }
      default -> throw new IllegalArgumentException("unknown impl " + impl);
    }
    warmLocalLevels();
  }

  /**
   * Reads every entry once on each node, so that every node starts with a full local level, whatever its peer's bulk
   * write leaves there ({@code RLocalCachedMap} and JetCache keep what their {@code putAll} wrote in the writing
   * node's local cache; HybridCache's prefill skips L1). From there on the only reads that go to Redis are the ones
   * the other node's writes cause: the steady state of a service, the same for every peer.
   */
  private void warmLocalLevels() {
    for (Node node : nodes) {
      for (String key : KEY) {
        if (node.get(key) == null) {
          throw new IllegalStateException("the prefill did not write " + key);
        }
      }
    }
  }

  private static void prefill(java.util.function.Consumer<Map<String, String>> putAll) {
    Map<String, String> batch = new HashMap<>();
    for (String key : KEY) {
      batch.put(key, VALUE);
      if (batch.size() == 1000) {
        putAll.accept(batch);
        batch = new HashMap<>();
      }
    }
    if (!batch.isEmpty()) {
      putAll.accept(batch);
    }
  }

  @TearDown
  public void tearDown() {
    for (HybridCacheEngine<String, String> engine : engines) {
      System.out.println("\n[mixed] " + engine + ": " + engine.stats());
    }
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        System.err.println("could not close: " + e);
      }
    }
  }

  @Benchmark
  public String mixed(Worker w) {
    String key = KEY[zipf.next(w.random)];
    if (w.random.nextInt(10) == 0) {
      w.node.put(key, VALUE);
      return key;
    }
    String value = w.node.get(key);
    if (value == null) {
      w.emptyReads++;
    }
    return value;
  }
}

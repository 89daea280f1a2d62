package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hybridcache.distributed.ForwardingLevel;
import io.hybridcache.distributed.Topology;
import io.hybridcache.engine.EntryAccess;
import io.hybridcache.engine.FakeTimeSource;
import io.hybridcache.engine.ReadAhead;
import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.KeyRead;
import io.hybridcache.spi.KeyRemoval;
import io.hybridcache.spi.KeyWrite;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CompletionListenerFuture;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JCache bulk operations ({@code getAll} and {@code loadAll} with a loader, {@code removeAll(keys)},
 * {@code invokeAll}): per key what the single operations do (events, statistics, loader and writer calls), with one
 * loader call and one distributed-level call per kind for the whole batch. Each node's level is wrapped by a
 * {@link LevelCalls} recording the calls on the cache's entries (one call is one round trip where the level
 * pipelines, as the Redis level does). Written once; each subclass runs it on one topology, or on none (L1 only).
 */
abstract class JCacheBulkBehaviour {
  private static final AtomicInteger RUNS = new AtomicInteger();
  static final int KEYS = 20;

  final FakeTimeSource time = new FakeTimeSource();
  final String run = "jb" + RUNS.incrementAndGet() + "x" + System.nanoTime() % 100_000;
  final String cacheName = "orders" + run;
  private final List<CacheManager> managers = new ArrayList<>();
  private final Map<String, LevelCalls> levels = new LinkedHashMap<>();
  Topology topology;

  /** The shared level and backplane of the nodes, or null: each node on its memory level alone. */
  abstract Topology topology(FakeTimeSource time);

  @BeforeEach
  void startTopology() {
    topology = topology(time);
  }

  @AfterEach
  void stopAll() {
    managers.forEach(CacheManager::close);
    if (topology != null) {
      topology.close();
    }
  }

  /** The cache of this test on a new node, configured by {@code configuration}. */
  Cache<String, Integer> node(String name, MutableConfiguration<String, Integer> configuration) {
    Properties properties = new Properties();
    properties.put(HybridCacheManager.TIME_SOURCE_PROPERTY, time);
    properties.put(HybridCacheManager.NODE_ID_PROPERTY, name);
    if (topology != null) {
      LevelCalls level = new LevelCalls(topology.level(name, "hybridcache", true), cacheName);
      levels.put(name, level);
      properties.put(HybridCacheManager.DISTRIBUTED_LEVEL_PROPERTY, level);
      properties.put(HybridCacheManager.BACKPLANE_PROPERTY, topology.backplane(name, "hybridcache"));
    }
    CacheManager manager = Caching.getCachingProvider(HybridCachingProvider.class.getName())
        .getCacheManager(URI.create("test:" + run + "." + name), getClass().getClassLoader(), properties);
    managers.add(manager);
    return manager.createCache(cacheName, configuration.setStatisticsEnabled(true));
  }

  static MutableConfiguration<String, Integer> plain() {
    return new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class);
  }

  static MutableConfiguration<String, Integer> readThrough(CountingLoader loader) {
    return plain().setReadThrough(true).setCacheLoaderFactory(() -> loader);
  }

  /** The level calls node {@code name} made on the cache's entries since the last call of this; empty without L2. */
  List<String> calls(String name) {
    LevelCalls level = levels.get(name);
    if (level == null) {
      return List.of();
    }
    List<String> seen = List.copyOf(level.calls);
    level.calls.clear();
    return seen;
  }

  /** What {@code calls} should be: {@code expected} with a level, nothing without. */
  List<String> withLevel(String... expected) {
    return topology == null ? List.of() : List.of(expected);
  }

  static Set<String> keys(int from, int to) {
    Set<String> keys = new LinkedHashSet<>();
    for (int i = from; i < to; i++) {
      keys.add("k" + i);
    }
    return keys;
  }

  static Map<String, Integer> values(Collection<String> keys) {
    Map<String, Integer> values = new LinkedHashMap<>();
    for (String key : keys) {
      values.put(key, Integer.parseInt(key.substring(1)));
    }
    return values;
  }

  static JCacheStatistics stats(Cache<String, Integer> cache) {
    @SuppressWarnings("unchecked")
    HybridJCache<String, Integer> jcache = cache.unwrap(HybridJCache.class);
    return jcache.statistics();
  }

  // ---------------------------------------------------------------- read-through getAll and loadAll

  @Test
  void aReadThroughGetAllOfColdKeysIsOneLoadAllOneLevelReadAndOneLevelWrite() {
    CountingLoader loader = new CountingLoader();
    Cache<String, Integer> n1 = node("n1", readThrough(loader));
    EventRecorder<String, Integer> events = JCacheFixture.record(n1);
    calls("n1");

    assertThat(n1.getAll(keys(0, KEYS))).isEqualTo(values(keys(0, KEYS)));

    assertThat(loader.bulkCalls).containsExactly(keys(0, KEYS));
    assertThat(loader.singleCalls).isEmpty();
    assertThat(calls("n1")).isEqualTo(withLevel("getAll:" + KEYS, "trySetAll:" + KEYS));
    assertThat(events.events).hasSize(KEYS).allMatch(e -> e.startsWith("CREATED:"));
    assertThat(stats(n1).getCacheMisses()).isEqualTo(KEYS);
    assertThat(stats(n1).getCacheHits()).isZero();
    assertThat(stats(n1).getCachePuts()).isZero(); // a load is not a put (JSR 107, statistics)

    assertThat(n1.getAll(keys(0, KEYS))).isEqualTo(values(keys(0, KEYS)));
    assertThat(loader.bulkCalls).hasSize(1);
    assertThat(calls("n1")).isEmpty(); // memory-level hits
    assertThat(stats(n1).getCacheHits()).isEqualTo(KEYS);
  }

  @Test
  void aGetAllLoadsOnlyTheMissingKeysAndAKeyTheLoaderLeavesOutIsAbsent() {
    CountingLoader loader = new CountingLoader();
    loader.leaveOut.add("k13");
    Cache<String, Integer> n1 = node("n1", readThrough(loader));
    n1.putAll(values(keys(0, 10)));
    EventRecorder<String, Integer> events = JCacheFixture.record(n1);
    calls("n1");

    Map<String, Integer> found = n1.getAll(keys(0, KEYS));

    Map<String, Integer> expected = values(keys(0, KEYS));
    expected.remove("k13");
    assertThat(found).isEqualTo(expected);
    assertThat(loader.bulkCalls).containsExactly(keys(10, KEYS));
    assertThat(calls("n1")).isEqualTo(withLevel("getAll:10", "trySetAll:" + (KEYS - 11)));
    assertThat(events.events).hasSize(KEYS - 11).allMatch(e -> e.startsWith("CREATED:"));
    assertThat(stats(n1).getCacheHits()).isEqualTo(10);
    assertThat(stats(n1).getCacheMisses()).isEqualTo(10);
    assertThat(n1.containsKey("k13")).isFalse();
  }

  @Test
  void aBulkLoadAsksTheExpiryPolicyOncePerCreatedEntryAndUsesItsDuration() {
    CountingExpiry expiry = new CountingExpiry(new javax.cache.expiry.Duration(TimeUnit.MINUTES, 5));
    CountingLoader loader = new CountingLoader();
    Cache<String, Integer> n1 = node("n1", readThrough(loader).setExpiryPolicyFactory(() -> expiry));

    n1.getAll(keys(0, KEYS));

    assertThat(expiry.creations.get()).isEqualTo(KEYS);
    time.advance(Duration.ofMinutes(4));
    assertThat(n1.containsKey("k0")).isTrue();
    time.advance(Duration.ofMinutes(2));
    assertThat(n1.containsKey("k0")).isFalse();
  }

  @Test
  void aBulkLoadWhoseEntriesExpireAtOnceReturnsTheValuesAndStoresNothing() {
    CountingExpiry expiry = new CountingExpiry(javax.cache.expiry.Duration.ZERO);
    CountingLoader loader = new CountingLoader();
    Cache<String, Integer> n1 = node("n1", readThrough(loader).setExpiryPolicyFactory(() -> expiry));
    EventRecorder<String, Integer> events = JCacheFixture.record(n1);
    calls("n1");

    assertThat(n1.getAll(keys(0, KEYS))).isEqualTo(values(keys(0, KEYS)));

    assertThat(calls("n1")).isEqualTo(withLevel("getAll:" + KEYS));
    assertThat(events.events).isEmpty();
    assertThat(n1.containsKey("k0")).isFalse();
  }

  @Test
  void whatOneNodeLoadedInBulkAnotherReadsWithoutLoading() {
    CountingLoader loader = new CountingLoader();
    Cache<String, Integer> n1 = node("n1", readThrough(loader));
    n1.getAll(keys(0, KEYS));
    if (topology == null) {
      return; // nothing is shared
    }
    CountingLoader other = new CountingLoader();
    Cache<String, Integer> n2 = node("n2", readThrough(other));
    calls("n2");

    assertThat(n2.getAll(keys(0, KEYS))).isEqualTo(values(keys(0, KEYS)));

    assertThat(other.bulkCalls).isEmpty();
    assertThat(calls("n2")).containsExactly("getAll:" + KEYS);
    assertThat(stats(n2).getCacheHits()).isEqualTo(KEYS);
  }

  @Test
  void aGetOfAKeyBeingBulkLoadedFollowsTheBulkLoad() throws Exception {
    CountingLoader loader = new CountingLoader();
    loader.hold = new CountDownLatch(1);
    Cache<String, Integer> n1 = node("n1", readThrough(loader));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Map<String, Integer>> bulk = pool.submit(() -> n1.getAll(keys(0, KEYS)));
      assertThat(loader.entered.await(10, TimeUnit.SECONDS)).isTrue();
      Thread[] getter = new Thread[1];
      Future<Integer> single = pool.submit(() -> {
        getter[0] = Thread.currentThread();
        return n1.get("k7");
      });
      await().atMost(Duration.ofSeconds(10)).until(() -> getter[0] != null
          && (getter[0].getState() == Thread.State.WAITING || getter[0].getState() == Thread.State.TIMED_WAITING));
      loader.hold.countDown();

      assertThat(single.get(10, TimeUnit.SECONDS)).isEqualTo(7);
      assertThat(bulk.get(10, TimeUnit.SECONDS)).isEqualTo(values(keys(0, KEYS)));
      assertThat(loader.singleCalls).isEmpty();
      assertThat(loader.bulkCalls).hasSize(1);
    } finally {
      loader.hold.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void aFailingLoaderFailsTheGetAllWithACacheLoaderException() {
    CountingLoader loader = new CountingLoader();
    loader.failure = new IllegalStateException("the database is down");
    Cache<String, Integer> n1 = node("n1", readThrough(loader));

    assertThatThrownBy(() -> n1.getAll(keys(0, 3)))
        .isInstanceOf(CacheLoaderException.class)
        .hasRootCauseMessage("the database is down");
    assertThat(n1.containsKey("k0")).isFalse();
  }

  @Test
  void loadAllWithoutReplacingLoadsTheAbsentKeysInOneCall() throws Exception {
    CountingLoader loader = new CountingLoader();
    Cache<String, Integer> n1 = node("n1", plain().setCacheLoaderFactory(() -> loader));
    n1.putAll(Map.of("k0", 100, "k1", 101));
    EventRecorder<String, Integer> events = JCacheFixture.record(n1);
    calls("n1");

    CompletionListenerFuture done = new CompletionListenerFuture();
    n1.loadAll(keys(0, KEYS), false, done);
    done.get(10, TimeUnit.SECONDS);

    assertThat(loader.bulkCalls).containsExactly(keys(2, KEYS));
    assertThat(calls("n1")).isEqualTo(withLevel("getAll:" + (KEYS - 2), "trySetAll:" + (KEYS - 2)));
    assertThat(events.events).hasSize(KEYS - 2).allMatch(e -> e.startsWith("CREATED:"));
    assertThat(n1.get("k0")).isEqualTo(100);
    assertThat(n1.get("k5")).isEqualTo(5);
  }

  @Test
  void loadAllReplacingReloadsEveryKeyInOneCallAndUpdatesThePresentOnes() throws Exception {
    CountingLoader loader = new CountingLoader();
    Cache<String, Integer> n1 = node("n1", plain().setCacheLoaderFactory(() -> loader));
    n1.putAll(Map.of("k0", 100, "k1", 101));
    EventRecorder<String, Integer> events = JCacheFixture.record(n1);
    calls("n1");

    CompletionListenerFuture done = new CompletionListenerFuture();
    n1.loadAll(keys(0, KEYS), true, done);
    done.get(10, TimeUnit.SECONDS);

    assertThat(loader.bulkCalls).containsExactly(keys(0, KEYS));
    assertThat(calls("n1")).isEqualTo(withLevel("getAll:" + (KEYS - 2), "trySetAll:" + KEYS));
    assertThat(events.events).filteredOn(e -> e.startsWith("UPDATED:"))
        .containsExactlyInAnyOrder("UPDATED:k0=0 old=100", "UPDATED:k1=1 old=101");
    assertThat(events.events).filteredOn(e -> e.startsWith("CREATED:")).hasSize(KEYS - 2);
    assertThat(n1.get("k0")).isZero();
  }

  // ---------------------------------------------------------------- removeAll(keys)

  @Test
  void removeAllOfTwentyKeysIsOneRemovalBatchWithAnEventAndACountPerEntryRemoved() {
    CountingWriter writer = new CountingWriter();
    Cache<String, Integer> n1 = node("n1", plain().setWriteThrough(true).setCacheWriterFactory(() -> writer));
    n1.putAll(values(keys(0, KEYS)));
    EventRecorder<String, Integer> events = JCacheFixture.record(n1);
    calls("n1");

    n1.removeAll(keys(0, KEYS));

    assertThat(writer.deleteAllCalls).containsExactly(List.copyOf(keys(0, KEYS)));
    assertThat(calls("n1")).isEqualTo(withLevel("tryRemoveAll:" + KEYS)); // the memory level knew every key
    List<String> expected = new ArrayList<>();
    values(keys(0, KEYS)).forEach((k, v) -> expected.add("REMOVED:" + k + "=" + v + " old=" + v));
    assertThat(events.events).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(stats(n1).getCacheRemovals()).isEqualTo(KEYS);
    assertThat(n1.getAll(keys(0, KEYS))).isEmpty();
  }

  @Test
  void removeAllOnANodeThatNeverSawTheKeysReadsThemOnceAndRemovesThemEverywhere() {
    if (topology == null) {
      return; // one node alone has nothing it did not see
    }
    Cache<String, Integer> n1 = node("n1", plain());
    Cache<String, Integer> n2 = node("n2", plain());
    n1.putAll(values(keys(0, KEYS)));
    EventRecorder<String, Integer> events = JCacheFixture.record(n2);
    calls("n2");

    n2.removeAll(keys(0, KEYS + 5));

    assertThat(calls("n2")).containsExactly("getAll:" + (KEYS + 5), "tryRemoveAll:" + KEYS);
    assertThat(events.events).hasSize(KEYS).allMatch(e -> e.startsWith("REMOVED:") && e.contains(" old="));
    assertThat(stats(n2).getCacheRemovals()).isEqualTo(KEYS);
    await().atMost(Duration.ofSeconds(10)).until(() -> n1.getAll(keys(0, KEYS)).isEmpty());
  }

  // ---------------------------------------------------------------- invokeAll

  @Test
  void invokeAllReadsEveryKeyInOneLevelReadBeforeTheProcessorsRun() {
    Cache<String, Integer> n1 = node("n1", plain());
    n1.putAll(values(keys(0, KEYS)));
    Cache<String, Integer> reader = topology == null ? n1 : node("n2", plain());
    String name = topology == null ? "n1" : "n2";
    calls(name);
    EntryProcessor<String, Integer, Integer> read = (entry, args) -> entry.exists() ? entry.getValue() : -1;

    Map<String, EntryProcessorResult<Integer>> results = reader.invokeAll(keys(0, KEYS + 5), read);

    assertThat(calls(name)).isEqualTo(topology == null ? List.of() : List.of("getAll:" + (KEYS + 5)));
    assertThat(results).hasSize(KEYS + 5);
    for (int i = 0; i < KEYS + 5; i++) {
      assertThat(results.get("k" + i).get()).isEqualTo(i < KEYS ? i : -1);
    }
    assertThat(stats(reader).getCacheHits()).isEqualTo(KEYS);
    assertThat(stats(reader).getCacheMisses()).isEqualTo(5);
  }

  @Test
  void invokeAllWritesEachKeyWithItsOwnAtomicChangeAfterTheOneRead() {
    Cache<String, Integer> n1 = node("n1", plain());
    n1.putAll(values(keys(0, KEYS)));
    EventRecorder<String, Integer> events = JCacheFixture.record(n1);
    calls("n1");

    n1.invokeAll(keys(0, KEYS), (entry, args) -> {
      entry.setValue(entry.getValue() + 1000);
      return null;
    });

    List<String> expected = new ArrayList<>();
    expected.add("getAll:" + KEYS);
    for (int i = 0; i < KEYS; i++) {
      expected.add("compareAndSet");
    }
    assertThat(calls("n1")).isEqualTo(topology == null ? List.of() : expected);
    assertThat(events.events).hasSize(KEYS).allMatch(e -> e.startsWith("UPDATED:"));
    assertThat(stats(n1).getCachePuts()).isEqualTo(2L * KEYS);
    assertThat(n1.get("k3")).isEqualTo(1003);
  }

  @Test
  void aKeyAnotherNodeChangedAfterTheReadAheadIsChangedFromItsNewValue() {
    if (topology == null) {
      return; // no read ahead without a level
    }
    Cache<String, Integer> n1 = node("n1", plain());
    Cache<String, Integer> n2 = node("n2", plain());
    n1.put("k0", 1);
    EntryAccess<String, Integer> access = JCacheFixture.engineOf(n1).entryAccess();
    List<Integer> seen = new CopyOnWriteArrayList<>();
    calls("n1");

    try (ReadAhead<String> ahead = access.readAhead(List.of("k0"))) {
      n2.put("k0", 10); // after n1's read: its compare-and-set must fail and the change run again on 10
      access.computeAcrossNodes("k0", (k, current) -> {
        seen.add(current.value());
        return access.create(current.value() + 1, access.now(), access.now() + 60_000);
      }, () -> { }, ahead);
    }

    assertThat(seen).containsExactly(1, 10);
    assertThat(calls("n1")).containsExactly("getAll:1", "compareAndSet", "get", "compareAndSet");
    await().atMost(Duration.ofSeconds(10)).until(() -> Integer.valueOf(11).equals(n2.get("k0")));
  }

  @Test
  void invokeAllFromSeveralNodesNeverLosesAnIncrement() throws Exception {
    List<Cache<String, Integer>> nodes = topology == null ? List.of(node("n1", plain()))
        : List.of(node("n1", plain()), node("n2", plain()), node("n3", plain()));
    EntryProcessor<String, Integer, Void> increment = (entry, args) -> {
      entry.setValue(entry.exists() ? entry.getValue() + 1 : 1);
      return null;
    };
    Set<String> counters = keys(0, 5);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Cache<String, Integer> node = nodes.get(i % nodes.size());
        work.add(pool.submit(() -> {
          for (int n = 0; n < 20; n++) {
            node.invokeAll(counters, increment).values().forEach(EntryProcessorResult::get); // throws if one failed
          }
        }));
      }
      for (Future<?> f : work) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (Cache<String, Integer> node : nodes) {
      await().atMost(Duration.ofSeconds(10)).until(() -> node.getAll(counters).values().stream()
          .allMatch(v -> v == 3 * 20));
    }
  }

  // ---------------------------------------------------------------- helpers

  /** A loader of "kN" = N, recording its calls; it can leave keys out, fail, or hold its bulk calls. */
  static final class CountingLoader implements CacheLoader<String, Integer> {
    final List<Set<String>> bulkCalls = new CopyOnWriteArrayList<>();
    final List<String> singleCalls = new CopyOnWriteArrayList<>();
    final Set<String> leaveOut = new LinkedHashSet<>();
    final CountDownLatch entered = new CountDownLatch(1);
    volatile CountDownLatch hold;
    volatile RuntimeException failure;

    @Override
    public Integer load(String key) {
      singleCalls.add(key);
      if (failure != null) {
        throw failure;
      }
      return leaveOut.contains(key) ? null : Integer.parseInt(key.substring(1));
    }

    @Override
    public Map<String, Integer> loadAll(Iterable<? extends String> keys) {
      Set<String> asked = new LinkedHashSet<>();
      keys.forEach(asked::add);
      bulkCalls.add(asked);
      entered.countDown();
      if (hold != null) {
        try {
          hold.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (failure != null) {
        throw failure;
      }
      Map<String, Integer> found = new LinkedHashMap<>();
      for (String key : asked) {
        if (!leaveOut.contains(key)) {
          found.put(key, Integer.parseInt(key.substring(1)));
        }
      }
      return found;
    }
  }

  /** An expiry policy of one creation duration, counting how often it was asked for it. */
  static final class CountingExpiry implements ExpiryPolicy {
    final AtomicInteger creations = new AtomicInteger();
    private final javax.cache.expiry.Duration creation;

    CountingExpiry(javax.cache.expiry.Duration creation) {
      this.creation = creation;
    }

    @Override
    public javax.cache.expiry.Duration getExpiryForCreation() {
      creations.incrementAndGet();
      return creation;
    }

    @Override
    public javax.cache.expiry.Duration getExpiryForAccess() {
      return null;
    }

    @Override
    public javax.cache.expiry.Duration getExpiryForUpdate() {
      return null;
    }
  }

  /** A writer recording its {@code deleteAll} calls (keys in the order given). */
  static final class CountingWriter implements CacheWriter<String, Integer> {
    final List<List<String>> deleteAllCalls = new CopyOnWriteArrayList<>();

    @Override
    public void write(Cache.Entry<? extends String, ? extends Integer> entry) {
    }

    @Override
    public void writeAll(Collection<Cache.Entry<? extends String, ? extends Integer>> entries) {
      entries.clear();
    }

    @Override
    public void delete(Object key) {
    }

    @Override
    public void deleteAll(Collection<?> keys) {
      List<String> asked = new ArrayList<>();
      keys.forEach(k -> asked.add((String) k));
      deleteAllCalls.add(asked);
      keys.clear();
    }
  }

  /** Records the calls on entries of one cache (not its tag and clear times): name, and key count for bulk calls. */
  static final class LevelCalls extends ForwardingLevel {
    final List<String> calls = new CopyOnWriteArrayList<>();
    private final String marker;

    LevelCalls(DistributedLevel delegate, String cacheName) {
      super(delegate);
      this.marker = ":" + cacheName + ":";
    }

    private void record(String call, String key) {
      if (key.contains(marker)) {
        calls.add(call);
      }
    }

    @Override
    public CompletableFuture<byte[]> get(String key) {
      record("get", key);
      return delegate.get(key);
    }

    @Override
    public CompletableFuture<byte[]> get(String key, int maxBytes) {
      record("get", key);
      return delegate.get(key, maxBytes);
    }

    @Override
    public CompletableFuture<List<KeyRead>> getAll(List<String> keys, int maxBytes) {
      if (!keys.isEmpty()) {
        record("getAll:" + keys.size(), keys.get(0));
      }
      return delegate.getAll(keys, maxBytes);
    }

    @Override
    public CompletableFuture<Void> set(String key, byte[] envelope, Duration timeToLive,
        BackplaneMessage notification) {
      record("set", key);
      return delegate.set(key, envelope, timeToLive, notification);
    }

    @Override
    public CompletableFuture<Boolean> trySet(String key, byte[] envelope, Duration timeToLive,
        BackplaneMessage notification) {
      record("trySet", key);
      return delegate.trySet(key, envelope, timeToLive, notification);
    }

    @Override
    public CompletableFuture<List<Boolean>> trySetAll(List<KeyWrite> writes) {
      if (!writes.isEmpty()) {
        record("trySetAll:" + writes.size(), writes.get(0).key());
      }
      return delegate.trySetAll(writes);
    }

    @Override
    public CompletableFuture<List<Boolean>> tryRemoveAll(List<KeyRemoval> removals) {
      if (!removals.isEmpty()) {
        record("tryRemoveAll:" + removals.size(), removals.get(0).key());
      }
      return delegate.tryRemoveAll(removals);
    }

    @Override
    public CompletableFuture<Boolean> tryRemove(String key, long removedAt, BackplaneMessage notification) {
      record("tryRemove", key);
      return delegate.tryRemove(key, removedAt, notification);
    }

    @Override
    public CompletableFuture<Void> remove(String key, BackplaneMessage notification) {
      record("remove", key);
      return delegate.remove(key, notification);
    }

    @Override
    public CompletableFuture<Void> remove(String key, long removedAt, BackplaneMessage notification) {
      record("remove", key);
      return delegate.remove(key, removedAt, notification);
    }

    @Override
    public CompletableFuture<Boolean> compareAndSet(String key, byte[] expected, byte[] replacement,
        Duration timeToLive, BackplaneMessage notification) {
      record("compareAndSet", key);
      return delegate.compareAndSet(key, expected, replacement, timeToLive, notification);
    }

    @Override
    public CompletableFuture<Boolean> compareAndRemove(String key, byte[] expected, long removedAt,
        BackplaneMessage notification) {
      record("compareAndRemove", key);
      return delegate.compareAndRemove(key, expected, removedAt, notification);
    }
  }
}

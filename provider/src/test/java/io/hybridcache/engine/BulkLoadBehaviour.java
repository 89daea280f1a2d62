package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hybridcache.AsyncBulkFactory;
import io.hybridcache.BulkFactory;
import io.hybridcache.EntryOptions;
import io.hybridcache.FactoryFailedException;
import io.hybridcache.FactoryTimeoutException;
import io.hybridcache.spi.DistributedLevel;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code HybridCache.getOrSetAll}: per key what {@code getOrSet} does, with one bulk read of the distributed level,
 * one call of the bulk factory and one bulk write. The level calls are counted as in {@link BulkBehaviour}. Written
 * once; each subclass runs it on one topology.
 */
abstract class BulkLoadBehaviour extends MultiNodeFixture {
  static final EntryOptions OPTIONS = BulkBehaviour.OPTIONS;
  static final EntryOptions FAIL_SAFE_OPTIONS = BulkBehaviour.FAIL_SAFE_OPTIONS;

  private final Map<String, BulkBehaviour.CallCountingLevel> levels = new HashMap<>();

  @Override
  DistributedLevel level(String name, String prefix, boolean publishing) {
    BulkBehaviour.CallCountingLevel level = new BulkBehaviour.CallCountingLevel(super.level(name, prefix,
        publishing));
    levels.put(name, level);
    return level;
  }

  /** The calls node {@code name} made to the level on the entries of cache "products" since its last call. */
  List<String> calls(String name) {
    List<String> seen = List.copyOf(levels.get(name).calls);
    levels.get(name).calls.clear();
    return seen;
  }

  /** A bulk factory that records the keys of each call and makes "v" + key for each, except {@code leftOut}. */
  static final class RecordingFactory implements BulkFactory<String, String> {
    final List<Set<String>> calls = new CopyOnWriteArrayList<>();
    private final Set<String> leftOut;

    RecordingFactory(String... leftOut) {
      this.leftOut = Set.of(leftOut);
    }

    @Override
    public Map<String, String> create(Set<String> keys) {
      calls.add(Set.copyOf(keys));
      Map<String, String> made = new HashMap<>();
      for (String key : keys) {
        if (!leftOut.contains(key)) {
          made.put(key, "v" + key);
        }
      }
      return made;
    }
  }

  /** An asynchronous bulk factory whose stages the test completes; records the keys of each call. */
  static final class PendingFactory implements AsyncBulkFactory<String, String> {
    final List<Set<String>> calls = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<Map<String, String>>> stages = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Map<String, String>> create(Set<String> keys) {
      calls.add(Set.copyOf(keys));
      CompletableFuture<Map<String, String>> stage = new CompletableFuture<>();
      stages.add(stage);
      return stage;
    }
  }

  static Set<String> keys(String prefix, int count) {
    Set<String> keys = new LinkedHashSet<>();
    for (int i = 0; i < count; i++) {
      keys.add(prefix + i);
    }
    return keys;
  }

  static Map<String, String> made(Set<String> keys) {
    Map<String, String> made = new LinkedHashMap<>();
    keys.forEach(key -> made.put(key, "v" + key));
    return made;
  }

  @Test
  void coldKeysGoToOneFactoryCallWithOneLevelReadAndOneLevelWrite() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    calls("n1");
    RecordingFactory factory = new RecordingFactory();
    Set<String> keys = keys("k", BulkBehaviour.KEYS);
    Map<String, String> found = n1.getOrSetAll(keys, factory);
    assertThat(found).isEqualTo(made(keys));
    assertThat(List.copyOf(found.keySet())).isEqualTo(List.copyOf(keys)); // in the keys' order
    assertThat(factory.calls).containsExactly(keys);
    assertThat(calls("n1")).containsExactly("getAll:" + keys.size(), "trySetAll:" + keys.size());
    assertThat(n1.getOrSetAll(keys, factory)).isEqualTo(made(keys)); // now served from memory
    assertThat(factory.calls).hasSize(1);
    assertThat(calls("n1")).isEmpty();
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    assertThat(n2.tryGetAll(keys)).isEqualTo(made(keys)); // written to the level
  }

  @Test
  void memoryHitsAndLevelHitsAreServedAndOnlyTheColdKeysGoToTheFactory() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    n1.setAll(Map.of("l0", "level0", "l1", "level1"));
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    n2.set("m0", "memory0");
    calls("n2");
    RecordingFactory factory = new RecordingFactory();
    Map<String, String> found = n2.getOrSetAll(Set.of("m0", "l0", "l1", "c0", "c1"), factory, OPTIONS);
    assertThat(found).isEqualTo(Map.of("m0", "memory0", "l0", "level0", "l1", "level1", "c0", "vc0", "c1", "vc1"));
    assertThat(factory.calls).containsExactly(Set.of("c0", "c1"));
    assertThat(calls("n2")).containsExactly("getAll:4", "trySetAll:2");
    assertThat(n2.getOrSetAll(Set.of("l0", "l1", "c0"), factory)).hasSize(3); // L2's values kept in memory
    assertThat(calls("n2")).isEmpty();
    assertThat(n2.stats().misses()).isEqualTo(4);
    assertThat(n2.stats().factoryRuns()).isEqualTo(2);
  }

  @Test
  void aGetOrSetOfAKeyBeingBulkLoadedFollowsTheBulkLoad() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    PendingFactory bulk = new PendingFactory();
    CompletableFuture<Map<String, String>> all = n1.getOrSetAllAsync(Set.of("a", "b", "c"), bulk);
    await().atMost(WAIT).until(() -> bulk.stages.size() == 1);
    AtomicInteger single = new AtomicInteger();
    CompletableFuture<String> one = n1.getOrSetAsync("b", ctx -> {
      single.incrementAndGet();
      return CompletableFuture.completedFuture("own");
    });
    bulk.stages.get(0).complete(Map.of("a", "1", "b", "2", "c", "3"));
    assertThat(one.join()).isEqualTo("2");
    assertThat(all.join()).isEqualTo(Map.of("a", "1", "b", "2", "c", "3"));
    assertThat(single).hasValue(0);
  }

  @Test
  void aWriteMadeWhileTheFactoryRunsWinsOverTheFactorysValue() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    PendingFactory bulk = new PendingFactory();
    CompletableFuture<Map<String, String>> all = n1.getOrSetAllAsync(Set.of("a", "b"), bulk);
    await().atMost(WAIT).until(() -> bulk.stages.size() == 1);
    n1.set("a", "written");
    bulk.stages.get(0).complete(Map.of("a", "made", "b", "2"));
    assertThat(all.join()).isEqualTo(Map.of("a", "made", "b", "2")); // returned to this caller, not cached
    assertThat(n1.tryGet("a")).contains("written");
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    assertThat(n2.tryGetAll(Set.of("a", "b"))).isEqualTo(Map.of("a", "written", "b", "2"));
  }

  @Test
  void aKeyAnotherCallerIsLoadingIsFollowedAndNotGivenToTheFactory() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    CompletableFuture<String> pending = new CompletableFuture<>();
    AtomicInteger single = new AtomicInteger();
    CompletableFuture<String> one = n1.getOrSetAsync("b", ctx -> {
      single.incrementAndGet();
      return pending;
    });
    await().atMost(WAIT).until(() -> single.get() == 1);
    RecordingFactory factory = new RecordingFactory();
    CompletableFuture<Map<String, String>> all = CompletableFuture.supplyAsync(
        () -> n1.getOrSetAll(Set.of("a", "b"), factory));
    await().atMost(WAIT).until(() -> factory.calls.size() == 1);
    assertThat(factory.calls).containsExactly(Set.of("a"));
    pending.complete("theirs");
    assertThat(all.join()).isEqualTo(Map.of("a", "va", "b", "theirs"));
    assertThat(one.join()).isEqualTo("theirs");
  }

  @Test
  void aFailedFactoryServesEachKeyItsFallbackUnderFailSafe() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, FAIL_SAFE_OPTIONS);
    n1.setAll(Map.of("a", "1", "b", "2"));
    time.advance(Duration.ofMinutes(2)); // past the duration, within the fail-safe maximum
    AtomicInteger calls = new AtomicInteger();
    BulkFactory<String, String> failing = keys -> {
      calls.incrementAndGet();
      throw new IOException("source down");
    };
    assertThat(n1.getOrSetAll(Set.of("a", "b"), failing)).isEqualTo(Map.of("a", "1", "b", "2"));
    assertThat(calls).hasValue(1);
    assertThat(n1.stats().failSafeActivations()).isEqualTo(2);
    assertThat(n1.stats().factoryErrors()).isEqualTo(2);
    assertThat(n1.getOrSetAll(Set.of("a", "b"), failing)).isEqualTo(Map.of("a", "1", "b", "2")); // throttled
    assertThat(calls).hasValue(1);
  }

  @Test
  void aFailedFactoryFailsTheCallWhenAKeyHasNoFallback() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, FAIL_SAFE_OPTIONS);
    n1.set("a", "1");
    time.advance(Duration.ofMinutes(2));
    assertThatThrownBy(() -> n1.getOrSetAll(Set.of("a", "b"), keys -> {
      throw new IOException("source down");
    })).isInstanceOf(FactoryFailedException.class).hasMessageContaining("source down");
    assertThatThrownBy(() -> n1.getOrSetAll(Set.of("c"), keys -> {
      throw new IllegalStateException("unchecked");
    })).isInstanceOf(IllegalStateException.class).hasMessage("unchecked");
    assertThat(n1.getOrSetAll(Set.of("a"), new RecordingFactory())).isEqualTo(Map.of("a", "1")); // kept throttled
  }

  @Test
  void pastTheHardTimeoutTheCallFailsAndTheLateValuesAreSavedWhenTheyCome() {
    EntryOptions hard = OPTIONS.toBuilder().factoryHardTimeout(Duration.ofSeconds(1)).build();
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, hard);
    PendingFactory bulk = new PendingFactory();
    CompletableFuture<Map<String, String>> all = n1.getOrSetAllAsync(Set.of("a", "b"), bulk);
    await().atMost(WAIT).until(() -> bulk.stages.size() == 1);
    time.advance(Duration.ofSeconds(2));
    await().atMost(WAIT).until(all::isDone);
    assertThatThrownBy(all::join).hasCauseInstanceOf(FactoryTimeoutException.class);
    assertThat(n1.stats().factoryTimeouts()).isEqualTo(2);
    bulk.stages.get(0).complete(Map.of("a", "1", "b", "2"));
    await().atMost(WAIT).until(() -> n1.tryGetAll(Set.of("a", "b")).equals(Map.of("a", "1", "b", "2")));
  }

  @Test
  void aSynchronousFactoryPastTheHardTimeoutNoLongerHoldsTheCaller() {
    EntryOptions hard = OPTIONS.toBuilder().factoryHardTimeout(Duration.ofSeconds(1)).build();
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, hard);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    BulkFactory<String, String> slow = keys -> {
      entered.countDown();
      release.await();
      return made(keys);
    };
    CompletableFuture<Map<String, String>> all = CompletableFuture.supplyAsync(
        () -> n1.getOrSetAll(Set.of("a", "b"), slow));
    await().atMost(WAIT).until(() -> entered.getCount() == 0);
    time.advance(Duration.ofSeconds(2));
    try {
      await().atMost(WAIT).until(all::isDone); // the factory still runs: it was not run on the caller's thread
      assertThatThrownBy(all::join).hasCauseInstanceOf(FactoryTimeoutException.class);
    } finally {
      release.countDown();
    }
    await().atMost(WAIT).until(() -> n1.tryGetAll(Set.of("a", "b")).equals(Map.of("a", "va", "b", "vb")));
  }

  @Test
  void theSoftTimeoutServesTheFallbackOfEachKeyThatHasOneWhileTheOthersWait() {
    EntryOptions soft = FAIL_SAFE_OPTIONS.toBuilder().factorySoftTimeout(Duration.ofSeconds(1)).build();
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, soft);
    n1.set("a", "old");
    time.advance(Duration.ofMinutes(2)); // past the duration, within the fail-safe maximum
    PendingFactory bulk = new PendingFactory();
    CompletableFuture<Map<String, String>> all = n1.getOrSetAllAsync(Set.of("a", "b"), bulk);
    await().atMost(WAIT).until(() -> bulk.stages.size() == 1);
    time.advance(Duration.ofSeconds(2));
    await().atMost(WAIT).until(() -> n1.stats().factoryTimeouts() == 1);
    assertThat(all).isNotDone(); // "b" has no fallback: it waits for the factory
    bulk.stages.get(0).complete(Map.of("a", "new", "b", "2"));
    assertThat(all.join()).isEqualTo(Map.of("a", "old", "b", "2"));
    await().atMost(WAIT).until(() -> n1.tryGet("a").orElseThrow().equals("new")); // the late value was saved
  }

  @Test
  void aKeyTheFactoryLeavesOutIsNotCachedAndAbsentFromTheResult() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    calls("n1");
    RecordingFactory factory = new RecordingFactory("b");
    assertThat(n1.getOrSetAll(Set.of("a", "b"), factory)).isEqualTo(Map.of("a", "va"));
    assertThat(calls("n1")).containsExactly("getAll:2", "trySetAll:1");
    assertThat(n1.tryGet("b")).isEmpty();
    assertThat(n1.getOrSetAll(Set.of("a", "b"), factory)).isEqualTo(Map.of("a", "va"));
    assertThat(factory.calls).containsExactly(Set.of("a", "b"), Set.of("b"));
  }

  @Test
  void aGetOrSetThatFollowedAKeyTheFactoryLeftOutRunsItsOwnFactory() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    PendingFactory bulk = new PendingFactory();
    CompletableFuture<Map<String, String>> all = n1.getOrSetAllAsync(Set.of("a", "b"), bulk);
    await().atMost(WAIT).until(() -> bulk.stages.size() == 1);
    CompletableFuture<String> one = n1.getOrSetAsync("b", ctx -> CompletableFuture.completedFuture("own"));
    bulk.stages.get(0).complete(Map.of("a", "1"));
    assertThat(all.join()).isEqualTo(Map.of("a", "1"));
    assertThat(one.join()).isEqualTo("own");
  }

  @Test
  void aNullValueFromTheFactoryIsRefusedNamingTheKey() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    Map<String, String> withNull = new HashMap<>();
    withNull.put("a", "1");
    withNull.put("b", null);
    assertThatThrownBy(() -> n1.getOrSetAll(Set.of("a", "b"), keys -> withNull))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("'b'");
    assertThat(n1.tryGet("a")).isEmpty();
  }

  @Test
  void theAsyncFormDoesWhatTheSynchronousOneDoes() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    calls("n1");
    PendingFactory bulk = new PendingFactory();
    Set<String> keys = keys("k", BulkBehaviour.KEYS);
    CompletableFuture<Map<String, String>> all = n1.getOrSetAllAsync(keys, bulk);
    await().atMost(WAIT).until(() -> bulk.stages.size() == 1);
    assertThat(bulk.calls).containsExactly(keys);
    bulk.stages.get(0).complete(made(keys));
    assertThat(all.join()).isEqualTo(made(keys));
    assertThat(calls("n1")).containsExactly("getAll:" + keys.size(), "trySetAll:" + keys.size());
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    assertThat(n2.getOrSetAllAsync(keys, bulk).join()).isEqualTo(made(keys));
    assertThat(bulk.calls).hasSize(1);
  }

  @Test
  void nullArgumentsAndNoKeysCallNothing() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    calls("n1");
    RecordingFactory factory = new RecordingFactory();
    Set<String> nullKey = new LinkedHashSet<>();
    nullKey.add("a");
    nullKey.add(null);
    assertThatThrownBy(() -> n1.getOrSetAll(nullKey, factory)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> n1.getOrSetAll(Set.of("a"), null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> n1.getOrSetAll(Set.of("a"), factory, null)).isInstanceOf(NullPointerException.class);
    assertThat(n1.getOrSetAll(Set.of(), factory)).isEmpty();
    assertThat(factory.calls).isEmpty();
    assertThat(calls("n1")).isEmpty();
  }
}

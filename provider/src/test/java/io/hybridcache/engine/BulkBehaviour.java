package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hybridcache.DistributedCacheException;
import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.ForwardingLevel;
import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.KeyRead;
import io.hybridcache.spi.KeyRemoval;
import io.hybridcache.spi.KeyWrite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The bulk operations of {@code HybridCache} ({@code tryGetAll}, {@code setAll}, {@code removeAll(keys)}): per key
 * what the single operations do, with one call to the distributed level for the whole batch. Each node's level is
 * wrapped by a {@link CallCountingLevel} that records the level calls touching the cache's entries (one call is one
 * round trip where the level pipelines, as the Redis level does). Written once; each subclass runs it on one topology.
 */
abstract class BulkBehaviour extends MultiNodeFixture {
  static final EntryOptions OPTIONS = EntryOptions.builder().duration(Duration.ofMinutes(1)).build();
  static final EntryOptions FAIL_SAFE_OPTIONS = OPTIONS.toBuilder().failSafe(true)
      .failSafeMaxDuration(Duration.ofHours(1)).build();
  static final int KEYS = 100;

  private final Map<String, CallCountingLevel> levels = new HashMap<>();

  @Override
  DistributedLevel level(String name, String prefix, boolean publishing) {
    CallCountingLevel level = new CallCountingLevel(super.level(name, prefix, publishing));
    levels.put(name, level);
    return level;
  }

  /** The calls node {@code name} made to the level on the entries of cache "products" since its last {@link #calls}. */
  List<String> calls(String name) {
    List<String> seen = List.copyOf(levels.get(name).calls);
    levels.get(name).calls.clear();
    return seen;
  }

  static Map<String, String> entries(String valuePrefix) {
    Map<String, String> entries = new LinkedHashMap<>();
    for (int i = 0; i < KEYS; i++) {
      entries.put("k" + i, valuePrefix + i);
    }
    return entries;
  }

  @Test
  void setAllWritesEveryKeyToTheLevelInOneCall() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    calls("n1");
    n1.setAll(entries("v"));
    assertThat(calls("n1")).containsExactly("trySetAll:" + KEYS);
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    for (int i = 0; i < KEYS; i += 7) {
      assertThat(n2.tryGet("k" + i)).contains("v" + i);
    }
    assertThat(n1.stats().sets()).isEqualTo(KEYS);
  }

  @Test
  void tryGetAllReadsTheKeysMissingInMemoryInOneCallAndKeepsThemThere() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    n1.setAll(entries("v"));
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    assertThat(n2.tryGet("k0")).contains("v0"); // now held in n2's memory level
    calls("n2");
    Set<String> keys = new LinkedHashSet<>(entries("v").keySet());
    keys.add("absent");
    Map<String, String> found = n2.tryGetAll(keys);
    assertThat(found).isEqualTo(entries("v"));
    assertThat(List.copyOf(found.keySet())).isEqualTo(List.copyOf(entries("v").keySet())); // in the keys' order
    assertThat(calls("n2")).containsExactly("getAll:" + KEYS); // k0 served from memory, "absent" read with the rest
    assertThat(n2.tryGetAll(keys)).isEqualTo(entries("v"));
    assertThat(calls("n2")).containsExactly("getAll:1"); // only the absent key is read again
  }

  @Test
  void tryGetAllCountsEachKeyAsAHitOrAMiss() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    n1.setAll(Map.of("a", "1", "b", "2"));
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    assertThat(n2.tryGetAll(Set.of("a", "b", "c"))).isEqualTo(Map.of("a", "1", "b", "2"));
    assertThat(n2.stats().hits()).isEqualTo(2);
    assertThat(n2.stats().misses()).isEqualTo(1);
  }

  @Test
  void setAllMakesTheOtherNodesDropTheirCopiesWithTheNoticesOfTheBatch() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    n1.setAll(entries("old"));
    assertThat(n2.tryGetAll(entries("old").keySet())).isEqualTo(entries("old")); // n2 holds them in memory
    calls("n1");
    n1.setAll(entries("new"));
    assertThat(calls("n1")).containsExactly("trySetAll:" + KEYS); // the notices travelled with the writes
    await().atMost(WAIT).until(() -> n2.tryGetAll(entries("new").keySet()).equals(entries("new")));
  }

  @Test
  void removeAllRemovesEveryKeyOnEveryNodeInOneCall() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    n1.setAll(entries("v"));
    assertThat(n2.tryGetAll(entries("v").keySet())).hasSize(KEYS);
    calls("n1");
    n1.removeAll(entries("v").keySet());
    assertThat(calls("n1")).containsExactly("tryRemoveAll:" + KEYS);
    assertThat(n1.tryGetAll(entries("v").keySet())).isEmpty();
    await().atMost(WAIT).until(() -> n2.tryGetAll(entries("v").keySet()).isEmpty());
    var n3 = node("n3", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    assertThat(n3.tryGetAll(entries("v").keySet())).isEmpty();
    assertThat(n1.stats().removes()).isEqualTo(KEYS);
  }

  @Test
  void tryGetAllOfKeysHeldInMemoryCallsNoLevel() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    n1.setAll(entries("v"));
    calls("n1");
    assertThat(n1.tryGetAll(entries("v").keySet())).isEqualTo(entries("v"));
    assertThat(calls("n1")).isEmpty();
  }

  @Test
  void tryGetAllHidesWhatAClearHidesOnEachKey() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    n1.setAll(entries("v"));
    time.advance(Duration.ofMillis(1));
    n1.clear(false);
    time.advance(Duration.ofMillis(1));
    n1.set("k1", "after");
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    assertThat(n2.tryGetAll(entries("v").keySet())).isEqualTo(Map.of("k1", "after"));
  }

  @Test
  void tryGetAllServesStaleFallbacksPerKeyOnlyWhenAllowed() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, FAIL_SAFE_OPTIONS);
    n1.setAll(Map.of("a", "1", "b", "2"));
    time.advance(Duration.ofMinutes(2)); // past the duration, within the fail-safe maximum
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, FAIL_SAFE_OPTIONS);
    assertThat(n2.tryGetAll(Set.of("a", "b"))).isEmpty();
    EntryOptions staleRead = FAIL_SAFE_OPTIONS.toBuilder().allowStaleOnReadOnly(true).build();
    assertThat(n2.tryGetAll(Set.of("a", "b", "c"), staleRead)).isEqualTo(Map.of("a", "1", "b", "2"));
  }

  @Test
  void theAsyncFormsDoWhatTheSynchronousOnesDo() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    n1.setAllAsync(entries("v")).join();
    assertThat(n2.tryGetAllAsync(entries("v").keySet()).join()).isEqualTo(entries("v"));
    n1.removeAllAsync(Set.of("k1", "k2")).join();
    assertThat(n1.tryGetAllAsync(Set.of("k1", "k2", "k3")).join()).isEqualTo(Map.of("k3", "v3"));
  }

  @Test
  void aNullKeyOrValueIsRefusedBeforeAnythingIsWritten() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    Map<String, String> withNullValue = new LinkedHashMap<>();
    withNullValue.put("a", "1");
    withNullValue.put("b", null);
    assertThatThrownBy(() -> n1.setAll(withNullValue)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("'b'");
    Map<String, String> withNullKey = new HashMap<>();
    withNullKey.put("a", "1");
    withNullKey.put(null, "2");
    assertThatThrownBy(() -> n1.setAll(withNullKey)).isInstanceOf(NullPointerException.class);
    Set<String> nullKey = new LinkedHashSet<>();
    nullKey.add("a");
    nullKey.add(null);
    assertThatThrownBy(() -> n1.tryGetAll(nullKey)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> n1.removeAll(nullKey)).isInstanceOf(NullPointerException.class);
    assertThat(n1.tryGet("a")).isEmpty();
    assertThat(calls("n1")).noneMatch(call -> call.startsWith("try"));
  }

  @Test
  void emptyBulkCallsCallNoLevel() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    calls("n1");
    assertThat(n1.tryGetAll(Set.of())).isEmpty();
    n1.setAll(Map.of());
    n1.removeAll(Set.of());
    assertThat(calls("n1")).isEmpty();
  }

  @Test
  void aBatchTheLevelFailedIsCountedAndMadeAgainKeyByKeyByAutoRecovery() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    levels.get("n1").failBulk = true;
    long errorsBefore = n1.stats().distributedErrors();
    n1.setAll(Map.of("a", "1", "b", "2", "c", "3")); // this node's call succeeds: the options do not re-throw
    assertThat(n1.stats().distributedErrors() - errorsBefore).isEqualTo(3);
    assertThat(n1.pendingRecoveries()).isEqualTo(3);
    assertThat(n1.tryGetAll(Set.of("a", "b", "c"))).hasSize(3); // held in memory
    levels.get("n1").failBulk = false;
    time.advance(AutoRecovery.defaults().delay());
    await().atMost(WAIT).until(() -> n1.pendingRecoveries() == 0);
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    assertThat(n2.tryGetAll(Set.of("a", "b", "c"))).isEqualTo(Map.of("a", "1", "b", "2", "c", "3"));
  }

  @Test
  void aBatchTheLevelFailedFailsTheCallWhenTheOptionsReThrow() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    levels.get("n1").failBulk = true;
    EntryOptions reThrow = OPTIONS.toBuilder().reThrowDistributedCacheExceptions(true).build();
    assertThatThrownBy(() -> n1.setAll(Map.of("a", "1"), reThrow))
        .isInstanceOf(DistributedCacheException.class).hasMessageContaining("bulk write refused");
    assertThatThrownBy(() -> n1.removeAll(Set.of("a"), reThrow))
        .isInstanceOf(DistributedCacheException.class).hasMessageContaining("bulk write refused");
  }

  /** Records the calls on entries of the cache "products" (not the tag and clear times): name and key count. */
  static final class CallCountingLevel extends ForwardingLevel {
    final List<String> calls = new CopyOnWriteArrayList<>();
    /** When set, every bulk write and removal fails (as a lost connection would), the single calls still work. */
    volatile boolean failBulk;

    CallCountingLevel(DistributedLevel delegate) {
      super(delegate);
    }

    private void record(String call, String key, int count) {
      if (key.contains(":products:")) {
        calls.add(call + ":" + count);
      }
    }

    @Override
    public CompletableFuture<byte[]> get(String key) {
      record("get", key, 1);
      return delegate.get(key);
    }

    @Override
    public CompletableFuture<byte[]> get(String key, int maxBytes) {
      record("get", key, 1);
      return delegate.get(key, maxBytes);
    }

    @Override
    public CompletableFuture<List<KeyRead>> getAll(List<String> keys, int maxBytes) {
      if (!keys.isEmpty()) {
        record("getAll", keys.get(0), keys.size());
      }
      return delegate.getAll(keys, maxBytes);
    }

    @Override
    public CompletableFuture<Boolean> trySet(String key, byte[] envelope, Duration ttl, BackplaneMessage notice) {
      record("trySet", key, 1);
      return delegate.trySet(key, envelope, ttl, notice);
    }

    @Override
    public CompletableFuture<List<Boolean>> trySetAll(List<KeyWrite> writes) {
      if (!writes.isEmpty()) {
        record("trySetAll", writes.get(0).key(), writes.size());
      }
      return failBulk ? CompletableFuture.failedFuture(new IllegalStateException("bulk write refused"))
          : delegate.trySetAll(writes);
    }

    @Override
    public CompletableFuture<Boolean> tryRemove(String key, long removedAt, BackplaneMessage notice) {
      record("tryRemove", key, 1);
      return delegate.tryRemove(key, removedAt, notice);
    }

    @Override
    public CompletableFuture<List<Boolean>> tryRemoveAll(List<KeyRemoval> removals) {
      if (!removals.isEmpty()) {
        record("tryRemoveAll", removals.get(0).key(), removals.size());
      }
      return failBulk ? CompletableFuture.failedFuture(new IllegalStateException("bulk write refused"))
          : delegate.tryRemoveAll(removals);
    }
  }
}

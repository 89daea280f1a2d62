package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hybridcache.EntryOptions;
import io.hybridcache.Factory;
import io.hybridcache.distributed.ForwardingLevel;
import io.hybridcache.distributed.Topology;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.KeyRead;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tags, {@code removeByTag} and {@code clear} across the memory level, the distributed level and every node (see the
 * Tagging and Clear references). Written once; each subclass runs it on one {@link Topology}.
 *
 * <p>The fake clock stands still unless a test advances it, so by default every operation happens in the same
 * millisecond; an entry is hidden by a removal made at or after its timestamp. Tests that are not about that tie
 * advance the clock by 1 ms between a removal and the writes meant to survive it.
 *
 * <p>Backplane delivery is asynchronous: {@link #delivered} waits until every message a node published so far has been
 * applied on the others, whatever the number of messages an operation publishes. Each node also runs a cache
 * {@value #SYNC_CACHE}, used only for that: its marker's message travels on the same channel, after the earlier ones.
 */
abstract class TagsAndClearBehaviour extends MultiNodeFixture {
  static final String SYNC_CACHE = "sync";
  static final EntryOptions OPTIONS = EntryOptions.builder().duration(Duration.ofMinutes(1)).build();
  static final EntryOptions LONG_FAIL_SAFE = EntryOptions.builder().duration(Duration.ofMinutes(1))
      .failSafe(true).failSafeMaxDuration(Duration.ofHours(1)).build();
  static final EntryOptions STALE_READ = LONG_FAIL_SAFE.toBuilder().allowStaleOnReadOnly(true).build();
  static final Duration ONE_MS = Duration.ofMillis(1);

  private final Map<HybridCacheEngine<String, String>, HybridCacheEngine<String, String>> syncOf =
      new IdentityHashMap<>();
  private final Map<ClusterNode, HybridCacheEngine<String, String>> syncOn = new IdentityHashMap<>();
  private final Map<String, RecordingLevel> levels = new HashMap<>();
  private final Map<HybridCacheEngine<String, String>, String> names = new IdentityHashMap<>();
  private final AtomicInteger markers = new AtomicInteger();

  @Override
  DistributedLevel level(String name, String prefix, boolean publishing) {
    RecordingLevel level = new RecordingLevel(super.level(name, prefix, publishing));
    levels.put(name + "/" + prefix, level);
    return level;
  }

  @Override
  HybridCacheEngine<String, String> engine(String cacheName, ClusterNode node, EntryOptions defaults) {
    HybridCacheEngine<String, String> engine = super.engine(cacheName, node, defaults);
    names.put(engine, node.nodeId() + "/" + cacheName);
    syncOf.put(engine, syncOn.computeIfAbsent(node, n -> super.engine(SYNC_CACHE, n, EntryOptions.defaults())));
    return engine;
  }

  /** Waits until every message {@code from}'s node published so far has been applied on the nodes of {@code others}. */
  @SafeVarargs
  final void delivered(HybridCacheEngine<String, String> from, HybridCacheEngine<String, String>... others) {
    long[] before = Arrays.stream(others).mapToLong(o -> syncOf.get(o).stats().backplaneMessages()).toArray();
    syncOf.get(from).set("marker", "m" + markers.incrementAndGet());
    for (int i = 0; i < others.length; i++) {
      HybridCacheEngine<String, String> sync = syncOf.get(others[i]);
      long seen = before[i];
      await().atMost(WAIT).until(() -> sync.stats().backplaneMessages() > seen);
    }
  }

  /** The keys node {@code name} of {@link #keyPrefix} read from the distributed level since {@link #forget}. */
  List<String> reads(String name) {
    return levels.get(name + "/" + keyPrefix).gets;
  }

  /** Which node and cache {@code engine} is, for assertion messages. */
  String name(HybridCacheEngine<String, String> engine) {
    return names.get(engine);
  }

  void forget(String name) {
    levels.get(name + "/" + keyPrefix).gets.clear();
  }

  /** A factory that counts its runs and returns {@code key#run}. */
  static Factory<String, String> counting(AtomicInteger runs) {
    return ctx -> ctx.key() + "#" + runs.incrementAndGet();
  }

  static Factory<String, String> failing(AtomicReference<Optional<String>> staleSeen) {
    return ctx -> {
      staleSeen.set(ctx.staleValue());
      throw new IllegalStateException("database down");
    };
  }

  // ---------------------------------------------------------------- removeByTag

  @Test
  void theTaggingExampleLeavesOnlyBarOnEveryNodeWithTagsPassedToGetOrSet() {
    taggingExample(n -> assertThat(n.getOrSet("baz", ctx -> "3", OPTIONS, Set.of("tag-1", "tag-3"))).isEqualTo("3"));
  }

  @Test
  void theTaggingExampleLeavesOnlyBarOnEveryNodeWithTagsSetByTheFactory() {
    taggingExample(n -> assertThat(n.getOrSet("baz", ctx -> {
      ctx.tags(Set.of("tag-1", "tag-3"));
      return "3";
    }, OPTIONS, Set.of())).isEqualTo("3"));
  }

  private void taggingExample(Consumer<HybridCacheEngine<String, String>> setBaz) {
    var n1 = node("n1");
    var n2 = node("n2");
    var n3 = node("n3");
    n1.set("foo", "1", OPTIONS, Set.of("tag-1", "tag-2"));
    n2.set("bar", "2", OPTIONS, Set.of("tag-2", "tag-3"));
    setBaz.accept(n3);
    delivered(n1, n2, n3);
    delivered(n2, n1, n3);
    delivered(n3, n1, n2);
    for (var n : List.of(n1, n2, n3)) { // every node now holds the three entries in its memory level
      assertThat(n.tryGet("foo")).contains("1");
      assertThat(n.tryGet("bar")).contains("2");
      assertThat(n.tryGet("baz")).contains("3");
    }

    n1.removeByTag("tag-1");

    delivered(n1, n2, n3);
    for (var n : List.of(n1, n2, n3)) {
      assertThat(n.tryGet("foo")).as("foo on %s", name(n)).isEmpty();
      assertThat(n.tryGet("bar")).as("bar on %s", name(n)).contains("2");
      assertThat(n.tryGet("baz")).as("baz on %s", name(n)).isEmpty();
    }
  }

  @Test
  void aRemovalHidesTheEntriesOnOtherNodesAndTheirNextGetOrSetRunsTheFactoryUntilALaterRemovalOfAnotherTag() {
    var n1 = node("n1");
    var n2 = node("n2");
    var n3 = node("n3");
    AtomicInteger runs = new AtomicInteger();
    assertThat(n2.getOrSet("a", counting(runs), OPTIONS, Set.of("red"))).isEqualTo("a#1");
    assertThat(n2.getOrSet("b", counting(runs), OPTIONS, Set.of("blue"))).isEqualTo("b#2");
    delivered(n2, n1, n3);
    assertThat(n3.tryGet("a")).contains("a#1");
    assertThat(n3.tryGet("b")).contains("b#2");

    n1.removeByTag("red");

    delivered(n1, n2, n3);
    assertThat(n3.tryGet("a")).isEmpty();
    assertThat(n3.tryGet("b")).contains("b#2");
    time.advance(ONE_MS);
    assertThat(n2.getOrSet("a", counting(runs), OPTIONS, Set.of("red"))).isEqualTo("a#3");
    assertThat(n2.getOrSet("b", counting(runs), OPTIONS, Set.of("blue"))).isEqualTo("b#2");
    assertThat(runs).hasValue(3);

    delivered(n2, n1, n3);
    time.advance(ONE_MS);
    n3.removeByTag("blue");

    delivered(n3, n1, n2);
    assertThat(n1.tryGet("b")).isEmpty();
    assertThat(n1.tryGet("a")).contains("a#3");
    assertThat(n2.getOrSet("b", counting(runs), OPTIONS, Set.of("blue"))).isEqualTo("b#4");
    assertThat(n2.getOrSet("a", counting(runs), OPTIONS, Set.of("red"))).isEqualTo("a#3");
    assertThat(runs).hasValue(4);
  }

  @Test
  void removingNoTagOrAnUnknownTagChangesNothingOnAnyNode() {
    var n1 = node("n1");
    var n2 = node("n2");
    n1.set("foo", "1", OPTIONS, Set.of("tag-1"));
    n1.set("plain", "2", OPTIONS);
    delivered(n1, n2);
    assertThat(n2.tryGet("foo")).contains("1");
    assertThat(n2.tryGet("plain")).contains("2");

    n1.removeByTag(Set.of());
    n1.removeByTag("never-used");
    n1.removeByTag(Set.of("never-used-either", "nor-this-one"));

    delivered(n1, n2);
    for (var n : List.of(n1, n2)) {
      assertThat(freshLocally(n, "foo")).as("foo still fresh in the memory level of %s", name(n)).isTrue();
      assertThat(n.tryGet("foo")).contains("1");
      assertThat(n.tryGet("plain")).contains("2");
    }
    assertThat(node("late").tryGet("foo")).contains("1");
  }

  @Test
  void aNullOrEmptyTagIsRejectedWithTheReasonAndRemovesNothing() {
    var n1 = node("n1");
    var n2 = node("n2");
    n1.set("foo", "1", OPTIONS, Set.of("ok"));
    Set<String> withNull = new HashSet<>(Arrays.asList("ok", null));

    assertThatThrownBy(() -> n1.removeByTag((String) null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("tag");
    assertThatThrownBy(() -> n1.removeByTag((Set<String>) null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("tags");
    assertThatThrownBy(() -> n1.removeByTag(withNull)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("tag").hasMessageContaining("null");
    assertThatThrownBy(() -> n1.removeByTag("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> n1.removeByTag(Set.of("ok", ""))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");

    delivered(n1, n2);
    assertThat(n1.tryGet("foo")).contains("1");
    assertThat(n2.tryGet("foo")).contains("1");
  }

  @Test
  void entriesCreatedAfterARemovalAreVisibleOnTheWritingNodeAndOnTheOthers() {
    var n1 = node("n1");
    var n2 = node("n2");
    var n3 = node("n3");
    n1.set("foo", "old", OPTIONS, Set.of("t"));
    delivered(n1, n2, n3);
    assertThat(n2.tryGet("foo")).contains("old");
    n1.removeByTag("t");
    delivered(n1, n2, n3);
    assertThat(n2.tryGet("foo")).isEmpty();
    time.advance(ONE_MS);

    n2.set("foo", "new", OPTIONS, Set.of("t"));
    assertThat(n3.getOrSet("bar", ctx -> "made after", OPTIONS, Set.of("t"))).isEqualTo("made after");

    assertThat(n2.tryGet("foo")).contains("new");
    assertThat(n3.tryGet("bar")).contains("made after");
    delivered(n2, n1, n3);
    delivered(n3, n1, n2);
    for (var n : List.of(n1, n2, n3, node("late"))) {
      assertThat(n.tryGet("foo")).as("foo on %s", name(n)).contains("new");
      assertThat(n.tryGet("bar")).as("bar on %s", name(n)).contains("made after");
    }
  }

  /** The clock does not move: the engine must still order the write after the removal it follows on that node. */
  @Test
  void anEntryWrittenInTheSameMillisecondRightAfterARemovalOnTheSameNodeIsVisible() {
    var n1 = node("n1");
    var n2 = node("n2");
    AtomicInteger runs = new AtomicInteger();
    n1.set("foo", "old", OPTIONS, Set.of("t"));
    n1.getOrSet("bar", counting(runs), OPTIONS, Set.of("t"));

    n1.removeByTag("t");
    n1.set("foo", "new", OPTIONS, Set.of("t"));
    assertThat(n1.getOrSet("bar", counting(runs), OPTIONS, Set.of("t"))).isEqualTo("bar#2");

    assertThat(n1.tryGet("foo")).contains("new");
    assertThat(n1.getOrSet("bar", counting(runs), OPTIONS, Set.of("t"))).isEqualTo("bar#2");
    delivered(n1, n2);
    assertThat(n2.tryGet("foo")).contains("new");
    assertThat(n2.tryGet("bar")).contains("bar#2");
    assertThat(node("late").tryGet("foo")).contains("new");
  }

  /** As above, on a node that learnt of the removal from the backplane, in the millisecond of the removal. */
  @Test
  void anEntryWrittenInTheSameMillisecondOnANodeThatReceivedTheRemovalIsVisible() {
    var n1 = node("n1");
    var n2 = node("n2");
    n1.set("foo", "old", OPTIONS, Set.of("t"));
    n1.removeByTag("t");
    delivered(n1, n2);

    n2.set("foo", "new", OPTIONS, Set.of("t"));

    assertThat(n2.tryGet("foo")).contains("new");
    delivered(n2, n1);
    assertThat(n1.tryGet("foo")).contains("new");
  }

  @Test
  void anEntryRecreatedWithNewTagsObeysOnlyItsNewTags() {
    var n1 = node("n1");
    var n2 = node("n2");
    n1.set("foo", "v1", OPTIONS, Set.of("a"));
    n1.removeByTag("b");
    delivered(n1, n2);
    assertThat(n1.tryGet("foo")).as("a tag foo does not carry").contains("v1");
    assertThat(n2.tryGet("foo")).contains("v1");
    time.advance(ONE_MS);

    n1.set("foo", "v2", OPTIONS, Set.of("b")); // after b's removal, now carrying b and no longer a
    delivered(n1, n2);
    assertThat(n2.tryGet("foo")).as("created after b's removal").contains("v2");
    time.advance(ONE_MS);

    n1.removeByTag("a");
    delivered(n1, n2);
    assertThat(n1.tryGet("foo")).as("a tag it no longer carries").contains("v2");
    assertThat(n2.tryGet("foo")).contains("v2");
    time.advance(ONE_MS);

    n2.removeByTag("b");
    delivered(n2, n1);
    assertThat(n1.tryGet("foo")).as("the tag it carries now").isEmpty();
    assertThat(n2.tryGet("foo")).isEmpty();
    assertThat(node("late").tryGet("foo")).isEmpty();
  }

  @Test
  void withFailSafeAnEntryHiddenByItsTagStaysAFallbackOnEveryNode() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, LONG_FAIL_SAFE);
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, LONG_FAIL_SAFE);
    n1.set("foo", "v1", LONG_FAIL_SAFE, Set.of("t"));
    delivered(n1, n2);
    assertThat(n2.tryGet("foo")).contains("v1");

    n1.removeByTag("t");
    delivered(n1, n2);
    time.advance(ONE_MS);

    var late = node("late", Mode.LEVEL_AND_BACKPLANE, LONG_FAIL_SAFE);
    for (var n : List.of(n1, n2, late)) {
      assertThat(n.tryGet("foo")).as("fresh read on %s", name(n)).isEmpty();
      assertThat(n.tryGet("foo", STALE_READ)).as("stale read on %s", name(n)).contains("v1");
      AtomicReference<Optional<String>> stale = new AtomicReference<>();
      assertThat(n.getOrSet("foo", failing(stale), LONG_FAIL_SAFE, Set.of("t"))).as("fallback on %s", name(n))
          .isEqualTo("v1");
      assertThat(stale.get()).as("the factory's staleValue() on %s", name(n)).contains("v1");
      assertThat(n.stats().failSafeActivations()).isEqualTo(1);
    }
  }

  @Test
  void aNodeStartedAfterARemovalDoesNotSeeTheRemovedEntriesThroughTheDistributedLevel() {
    var n1 = node("n1");
    AtomicInteger runs = new AtomicInteger();
    n1.set("foo", "1", OPTIONS, Set.of("tag-1"));
    n1.set("bar", "2", OPTIONS, Set.of("tag-2"));
    n1.removeByTag("tag-1");
    time.advance(ONE_MS);

    var late = node("late");

    assertThat(late.tryGet("foo")).isEmpty();
    assertThat(late.tryGet("bar")).contains("2");
    assertThat(late.getOrSet("foo", counting(runs), OPTIONS, Set.of("tag-1"))).isEqualTo("foo#1");
    assertThat(node("later").tryGet("foo")).contains("foo#1");
  }

  /** The Tagging reference: a node receiving the removal has what it needs in the message, no read of the tag in L2. */
  @Test
  void aNodeReceivingARemovalHidesItsTaggedEntryWithoutReadingTheTagFromTheDistributedLevel() {
    var n1 = node("n1");
    var n2 = node("n2");
    n1.set("p1", "v1", OPTIONS, Set.of("from-message"));
    delivered(n1, n2);
    assertThat(n2.tryGet("p1")).contains("v1"); // n2 reads p1 and whatever it needs of its tag now
    assertThat(freshLocally(n2, "p1")).isTrue();
    forget("n2");

    n1.removeByTag("from-message");

    delivered(n1, n2);
    assertThat(n2.tryGet("p1")).isEmpty();
    assertThat(reads("n2")).as("n2's reads of the distributed level after the message")
        .allMatch((keyPrefix + ":products:p1")::equals);
  }

  /**
   * A hit caches its check of the entry's tags, but only while the tag times it used stay fresh: a node that never
   * heard of a removal (made by a node without backplane) finds it once its time of the tag must be read again.
   */
  @Test
  void aNodeThatMissedARemovalHidesAnEntryAlreadyReadOnceItsTimeOfTheTagMustBeReadAgain() {
    var quiet = node("quiet", Mode.LEVEL_ONLY, EntryOptions.defaults());
    var reader = node("reader");
    EntryOptions month = EntryOptions.builder().duration(Duration.ofDays(30)).build();
    quiet.set("p1", "v1", month, Set.of("unheard"));
    assertThat(reader.tryGet("p1")).contains("v1"); // reads p1 from L2 and the tag's time: never removed
    assertThat(reader.tryGet("p1")).contains("v1"); // the cached check

    time.advance(Duration.ofDays(1));
    quiet.removeByTag("unheard"); // in L2 only: no message reaches the reader

    assertThat(reader.tryGet("p1")).as("the reader's time of the tag is still fresh").contains("v1");
    time.advance(TagStore.DURATION.minus(Duration.ofDays(1)).plus(ONE_MS));
    assertThat(reader.tryGet("p1")).as("the time went stale: read again, with the removal").isEmpty();
  }

  @Test
  void aTagSharedByManyEntriesIsReadFromTheDistributedLevelOnceEvenByConcurrentReaders() throws Exception {
    var n1 = node("n1");
    for (int i = 0; i < 20; i++) {
      n1.set("item" + i, "v" + i, OPTIONS, Set.of("shared", "own" + i));
    }
    n1.removeByTag("other");
    var late = node("late");
    forget("late");

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Optional<String>>> reads = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String key = "item" + i;
        reads.add(pool.submit(() -> late.tryGet(key)));
      }
      for (int i = 0; i < 20; i++) {
        assertThat(reads.get(i).get()).contains("v" + i);
      }
    } finally {
      pool.shutdownNow();
    }

    String sharedTagKey = keyPrefix + ":~tag:products:shared";
    assertThat(reads("late")).as("late's reads of the distributed level").filteredOn(sharedTagKey::equals)
        .hasSize(1);
  }

  // ---------------------------------------------------------------- clear

  @ParameterizedTest(name = "clear({0})")
  @ValueSource(booleans = {true, false})
  void aClearOnOneNodeHidesEveryEntryOnEveryNode(boolean allowFailSafe) {
    var n1 = node("n1");
    var n2 = node("n2");
    n1.set("foo", "1", OPTIONS);
    n1.set("bar", "2", OPTIONS, Set.of("tag-1"));
    delivered(n1, n2);
    assertThat(n2.tryGet("foo")).contains("1");
    assertThat(n2.tryGet("bar")).contains("2");
    assertThat(n1.tryGet("foo")).contains("1");

    n2.clear(allowFailSafe);

    delivered(n2, n1);
    for (var n : List.of(n1, n2)) {
      assertThat(n.tryGet("foo")).as("foo on %s", name(n)).isEmpty();
      assertThat(n.tryGet("bar")).as("bar on %s", name(n)).isEmpty();
    }
  }

  @Test
  void clearKeepingFallbacksLeavesTheOldValueToStaleReadsAndFailingFactoriesOnEveryNode() {
    for (var n : fooClearedOnTwoNodesPlusALateOne(true)) {
      assertThat(n.tryGet("foo")).as("fresh read on %s", name(n)).isEmpty();
      assertThat(n.tryGet("foo", STALE_READ)).as("stale read on %s", name(n)).contains("v1");
      AtomicReference<Optional<String>> stale = new AtomicReference<>();
      assertThat(n.getOrSet("foo", failing(stale), LONG_FAIL_SAFE)).as("fallback on %s", name(n)).isEqualTo("v1");
      assertThat(stale.get()).as("staleValue() on %s", name(n)).contains("v1");
    }
  }

  @Test
  void clearRemovingEverythingLeavesNoFallbackOnAnyNode() {
    for (var n : fooClearedOnTwoNodesPlusALateOne(false)) {
      assertThat(n.tryGet("foo", STALE_READ)).as("stale read on %s", name(n)).isEmpty();
      AtomicReference<Optional<String>> stale = new AtomicReference<>();
      assertThatThrownBy(() -> n.getOrSet("foo", failing(stale), LONG_FAIL_SAFE)).as("no fallback on %s", name(n))
          .isInstanceOf(IllegalStateException.class).hasMessage("database down");
      assertThat(stale.get()).as("staleValue() on %s", name(n)).isEmpty();
    }
  }

  @Test
  void aValueSetAfterAClearIsVisibleEverywhere() {
    var n1 = node("n1");
    var n2 = node("n2");
    n1.set("foo", "old", OPTIONS, Set.of("t"));
    delivered(n1, n2);
    assertThat(n2.tryGet("foo")).contains("old");
    n2.clear(true);
    delivered(n2, n1);
    time.advance(ONE_MS);

    n1.set("foo", "new", OPTIONS, Set.of("t"));
    n1.set("bar", "also new", OPTIONS);

    delivered(n1, n2);
    for (var n : List.of(n1, n2, node("late"))) {
      assertThat(n.tryGet("foo")).as("foo on %s", name(n)).contains("new");
      assertThat(n.tryGet("bar")).as("bar on %s", name(n)).contains("also new");
    }
  }

  @ParameterizedTest(name = "clear({0})")
  @ValueSource(booleans = {true, false})
  void aNodeStartedAfterAClearDoesNotSeeTheClearedDataThroughTheDistributedLevel(boolean allowFailSafe) {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, LONG_FAIL_SAFE);
    AtomicInteger runs = new AtomicInteger();
    n1.set("foo", "1", LONG_FAIL_SAFE);
    n1.set("bar", "2", LONG_FAIL_SAFE, Set.of("t"));
    n1.clear(allowFailSafe);
    time.advance(ONE_MS);

    var late = node("late", Mode.LEVEL_AND_BACKPLANE, LONG_FAIL_SAFE);

    assertThat(late.tryGet("foo")).isEmpty();
    assertThat(late.tryGet("bar")).isEmpty();
    assertThat(late.getOrSet("foo", counting(runs), LONG_FAIL_SAFE)).isEqualTo("foo#1");
    assertThat(late.getOrSet("bar", counting(runs), LONG_FAIL_SAFE, Set.of("t"))).isEqualTo("bar#2");
    assertThat(late.stats().factoryRuns()).isEqualTo(2);
  }

  // ---------------------------------------------------------------- isolation

  @Test
  void removeByTagAndClearInOneCacheNeverTouchAnotherCacheOfTheSameNodes() {
    ClusterNode c1 = cluster("n1", keyPrefix, Mode.LEVEL_AND_BACKPLANE);
    ClusterNode c2 = cluster("n2", keyPrefix, Mode.LEVEL_AND_BACKPLANE);
    var products1 = engine("products", c1, OPTIONS);
    var catalog1 = engine("catalog", c1, OPTIONS);
    var products2 = engine("products", c2, OPTIONS);
    var catalog2 = engine("catalog", c2, OPTIONS);
    products1.set("foo", "product", OPTIONS, Set.of("t"));
    catalog1.set("foo", "catalog", OPTIONS, Set.of("t"));
    catalog1.set("bar", "catalog", OPTIONS);
    delivered(products1, products2);
    for (var n : List.of(products2, products1)) {
      assertThat(n.tryGet("foo")).contains("product");
    }
    for (var n : List.of(catalog2, catalog1)) {
      assertThat(n.tryGet("foo")).contains("catalog");
      assertThat(n.tryGet("bar")).contains("catalog");
    }

    products1.removeByTag("t");
    delivered(products1, products2);
    assertThat(products2.tryGet("foo")).isEmpty();
    assertThat(products1.tryGet("foo")).isEmpty();
    assertThat(freshLocally(catalog2, "foo")).isTrue();
    for (var n : List.of(catalog1, catalog2, engine("catalog", cluster("n3", keyPrefix, Mode.LEVEL_AND_BACKPLANE),
        OPTIONS))) {
      assertThat(n.tryGet("foo")).as("catalog's foo, tagged t too").contains("catalog");
    }

    products2.clear(false);
    delivered(products2, products1);
    assertThat(freshLocally(catalog1, "foo")).isTrue();
    for (var n : List.of(catalog1, catalog2, engine("catalog", cluster("n4", keyPrefix, Mode.LEVEL_AND_BACKPLANE),
        OPTIONS))) {
      assertThat(n.tryGet("foo")).as("after products was cleared").contains("catalog");
      assertThat(n.tryGet("bar")).contains("catalog");
    }
  }

  @Test
  void removeByTagAndClearUnderOneKeyPrefixNeverTouchTheNodesOfAnother() {
    String otherPrefix = newKeyPrefix();
    var a1 = node("a1");
    var a2 = node("a2");
    var b1 = engine("products", cluster("b1", otherPrefix, Mode.LEVEL_AND_BACKPLANE), OPTIONS);
    var b2 = engine("products", cluster("b2", otherPrefix, Mode.LEVEL_AND_BACKPLANE), OPTIONS);
    a1.set("foo", "a", OPTIONS, Set.of("t"));
    b1.set("foo", "b", OPTIONS, Set.of("t"));
    b1.set("bar", "b", OPTIONS);
    delivered(a1, a2);
    delivered(b1, b2);
    assertThat(a2.tryGet("foo")).contains("a");
    assertThat(b2.tryGet("foo")).contains("b");

    a1.removeByTag("t");
    delivered(a1, a2);
    assertThat(a2.tryGet("foo")).isEmpty();
    var b3 = engine("products", cluster("b3", otherPrefix, Mode.LEVEL_AND_BACKPLANE), OPTIONS);
    for (var n : List.of(b1, b2, b3)) {
      assertThat(n.tryGet("foo")).as("the other prefix's foo, tagged t too").contains("b");
    }

    a2.clear(false);
    delivered(a2, a1);
    assertThat(a1.tryGet("foo")).isEmpty();
    var b4 = engine("products", cluster("b4", otherPrefix, Mode.LEVEL_AND_BACKPLANE), OPTIONS);
    for (var n : List.of(b1, b2, b4)) {
      assertThat(n.tryGet("foo")).as("after the first prefix was cleared").contains("b");
      assertThat(n.tryGet("bar")).contains("b");
    }
  }

  /**
   * Two nodes holding foo (fail-safe on) in L1, {@code clear(allowFailSafe)} on the second, delivered to the first,
   * then a node started afterwards: the three nodes.
   */
  private List<HybridCacheEngine<String, String>> fooClearedOnTwoNodesPlusALateOne(boolean allowFailSafe) {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, LONG_FAIL_SAFE);
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, LONG_FAIL_SAFE);
    n1.set("foo", "v1", LONG_FAIL_SAFE);
    delivered(n1, n2);
    assertThat(n2.tryGet("foo")).contains("v1");
    assertThat(n1.tryGet("foo")).contains("v1");

    n2.clear(allowFailSafe);
    delivered(n2, n1);
    time.advance(ONE_MS);
    return List.of(n1, n2, node("late", Mode.LEVEL_AND_BACKPLANE, LONG_FAIL_SAFE));
  }

  // ---------------------------------------------------------------- fixture

  /** A node's connection to the distributed level that records the keys it reads. */
  static final class RecordingLevel extends ForwardingLevel {
    final List<String> gets = new CopyOnWriteArrayList<>();

    RecordingLevel(DistributedLevel delegate) {
      super(delegate);
    }

    @Override
    public CompletableFuture<byte[]> get(String key) {
      gets.add(key);
      return delegate.get(key);
    }

    /** Each key of a bulk read counts as a read of it. */
    @Override
    public CompletableFuture<List<KeyRead>> getAll(List<String> keys, int maxBytes) {
      gets.addAll(keys);
      return delegate.getAll(keys, maxBytes);
    }
  }
}

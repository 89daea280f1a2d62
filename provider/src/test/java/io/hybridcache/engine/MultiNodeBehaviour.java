package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.Topology;
import io.hybridcache.kryo.ClassAllowList;
import io.hybridcache.kryo.KryoValueSerializer;
import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.BackplaneMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * How several nodes sharing a distributed level and a backplane behave as one cache. Written once; each subclass runs
 * it on one {@link Topology} (in memory, real Redis).
 */
abstract class MultiNodeBehaviour extends MultiNodeFixture {
  /** A key class of the application, which a node with the default allow-list cannot read. */
  record Sku(String id) {}

  @Test
  void aMessageWhoseKeyANodeCannotDecodeMarksThatCacheStaleThereInsteadOfBeingIgnored() {
    ClusterNode trusting = cluster("a", keyPrefix, Mode.LEVEL_AND_BACKPLANE);
    ClusterNode strict = cluster("b", keyPrefix, Mode.LEVEL_AND_BACKPLANE,
        n -> n.valueSerializer(new KryoValueSerializer(getClass().getClassLoader(), ClassAllowList.defaults())));
    HybridCacheEngine<Object, String> a = anyKeyEngine("products", trusting, EntryOptions.defaults());
    HybridCacheEngine<Object, String> b = anyKeyEngine("products", strict, EntryOptions.defaults());
    Sku sku = new Sku("s1");
    b.set(sku, "v1"); // b writes such a key: only reading its class back is refused
    b.set("marker", "m1");
    assertThat(a.tryGet(sku)).contains("v1");

    a.remove(sku);
    a.set("marker", "m2"); // sent after the removal: once b has it, b has had the removal's message too

    await().atMost(WAIT).until(() -> !b.entryAccess().peek("marker").isFresh(b.entryAccess().now()));
    assertThat(b.tryGet(sku)).as("b's copy of the removed entry").isEmpty();
    assertThat(strict.undecodableMessages()).isEqualTo(1);
    assertThat(b.stats().serializationErrors()).isEqualTo(1);
    assertThat(b.tryGet("marker")).contains("m2");
  }

  @Test
  void aSetOnOneNodeReplacesTheCopyCachedByAnother() {
    var n1 = node("n1");
    var n2 = node("n2");
    assertThat(n2.getOrSet("p1", ctx -> "old")).isEqualTo("old");

    n1.set("p1", "new");

    awaitMessages(n2, 1);
    assertThat(freshLocally(n2, "p1")).isFalse();
    assertThat(n2.tryGet("p1")).contains("new");
    assertThat(freshLocally(n2, "p1")).isTrue();
  }

  @Test
  void aRemoveReachesEveryNode() {
    var n1 = node("n1");
    var n2 = node("n2");
    var n3 = node("n3");
    n1.set("p1", "v1");
    assertThat(n2.tryGet("p1")).contains("v1");
    assertThat(n3.tryGet("p1")).contains("v1");

    n1.remove("p1");

    awaitMessages(n2, 2); // the set's, then the remove's
    awaitMessages(n3, 2);
    assertThat(local(n2, "p1")).isEmpty();
    assertThat(local(n3, "p1")).isEmpty();
    assertThat(n2.tryGet("p1")).isEmpty();
    assertThat(n3.tryGet("p1")).isEmpty();
  }

  @Test
  void aValueComputedOnOneNodeIsReadByAnotherWithoutRunningItsFactory() {
    var n1 = node("n1");
    var n2 = node("n2");
    assertThat(n1.getOrSet("p1", ctx -> "computed on n1")).isEqualTo("computed on n1");

    assertThat(n2.getOrSet("p1", ctx -> fail("n2's factory must not run"))).isEqualTo("computed on n1");
    assertThat(n2.stats().factoryRuns()).isZero();
    assertThat(n2.stats().distributedHits()).isEqualTo(1);
  }

  @Test
  void aNodeStartingLateReadsWhatTheOthersWrote() {
    var n1 = node("n1");
    n1.set("p1", "v1");
    n1.getOrSet("p2", ctx -> "v2");

    var late = node("late");

    assertThat(late.tryGet("p1")).contains("v1");
    assertThat(late.getOrSet("p2", ctx -> fail("the value is in L2"))).isEqualTo("v2");
  }

  @Test
  void aNodeIgnoresItsOwnMessages() {
    var n1 = node("n1");
    var n2 = node("n2");
    n1.set("p1", "v1");
    n1.set("p2", "v2");

    awaitMessages(n2, 2);
    assertThat(n1.stats().backplaneMessages()).isZero();
    assertThat(freshLocally(n1, "p1")).isTrue();
    assertThat(freshLocally(n1, "p2")).isTrue();
  }

  @Test
  void anExpireElsewhereKeepsTheLocalCopyAsAFailSafeFallback() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, FAIL_SAFE);
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, FAIL_SAFE);
    n1.set("p1", "v1");
    assertThat(n2.tryGet("p1")).contains("v1");

    n1.expire("p1");

    awaitMessages(n2, 2); // the set's, then the expire's
    assertThat(local(n2, "p1")).get().satisfies(e -> {
      assertThat(e.isStale()).isTrue();
      assertThat(e.value()).isEqualTo("v1");
    });
    assertThat(n2.getOrSet("p1", ctx -> {
      throw new IllegalStateException("database down");
    })).isEqualTo("v1");
    assertThat(n2.stats().failSafeActivations()).isEqualTo(1);
  }

  @Test
  void anExpiredEntryInTheDistributedLevelIsAFallbackForANodeThatNeverHadIt() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, FAIL_SAFE);
    n1.set("p1", "v1");
    n1.expire("p1");

    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, FAIL_SAFE);
    assertThat(n2.tryGet("p1")).isEmpty();
    assertThat(n2.getOrSet("p1", ctx -> {
      assertThat(ctx.staleValue()).contains("v1");
      throw new IllegalStateException("database down");
    })).isEqualTo("v1");
  }

  @Test
  void aMessageOlderThanTheLocalEntryIsIgnored() {
    var n1 = node("n1");
    var n2 = node("n2");
    time.advance(Duration.ofSeconds(5));
    n2.set("p1", "newer on n2");
    long before = time.wallMillis() - 1_000;
    Backplane injector = topology.backplane("injector", keyPrefix);

    injector.publish(BackplaneMessage.channel(keyPrefix), new BackplaneMessage(BackplaneMessage.FORMAT_VERSION,
        "someone", before, 0, BackplaneMessage.Type.ENTRY_REMOVE, "products", "p1")).join();
    n1.set("marker", "m"); // delivered after the injected message, on the same channel

    awaitMessages(n2, 2);
    assertThat(freshLocally(n2, "p1")).isTrue();
    assertThat(n2.tryGet("p1")).contains("newer on n2");
  }

  @Test
  void distributedCacheDurationKeepsTheDistributedCopyFreshLongerAndANodeReadingItKeepsItsExpiration() {
    EntryOptions options = EntryOptions.builder().duration(Duration.ofSeconds(10))
        .distributedCacheDuration(Duration.ofMinutes(1)).build();
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, options);
    n1.set("p1", "v1");
    long written = time.wallMillis();

    time.advance(Duration.ofSeconds(30));
    assertThat(freshLocally(n1, "p1")).isFalse();
    assertThat(n1.tryGet("p1")).contains("v1");
    assertThat(local(n1, "p1")).get().extracting(CacheEntry::logicalExpiration).isEqualTo(written + 60_000);

    time.advance(Duration.ofSeconds(30));
    assertThat(n1.tryGet("p1")).isEmpty();
  }

  @Test
  void skippedNotificationsLeaveTheOtherNodesCopies() {
    var n1 = node("n1");
    var n2 = node("n2");
    n1.set("p1", "v1");
    awaitMessages(n2, 1);
    assertThat(n2.tryGet("p1")).contains("v1");

    n1.set("p1", "v2", EntryOptions.builder().skipBackplaneNotifications(true).build());
    n1.set("marker", "m");

    awaitMessages(n2, 2);
    assertThat(n2.tryGet("p1")).contains("v1");
    assertThat(n1.tryGet("p1")).contains("v2");
  }

  @Test
  void aSkippedDistributedWriteStaysOnItsNodeAndIsNotAnnounced() {
    var n1 = node("n1");
    var n2 = node("n2");

    n1.set("p1", "local only", EntryOptions.builder().skipDistributedCacheWrite(true).build());
    n1.set("marker", "m");

    awaitMessages(n2, 1);
    assertThat(n2.tryGet("p1")).isEmpty();
    assertThat(n1.tryGet("p1")).contains("local only");
  }

  @Test
  void withoutADistributedLevelExplicitWritesAreAnnouncedButFactoryResultsAreNot() {
    var n1 = node("n1", Mode.BACKPLANE_ONLY, EntryOptions.defaults());
    var n2 = node("n2", Mode.BACKPLANE_ONLY, EntryOptions.defaults());
    assertThat(n1.getOrSet("p1", ctx -> "from n1's database")).isEqualTo("from n1's database");
    assertThat(n2.getOrSet("p1", ctx -> "from n2's database")).isEqualTo("from n2's database");

    n1.set("p2", "explicit");
    awaitMessages(n2, 1);
    assertThat(n2.stats().backplaneMessages()).isEqualTo(1);
    assertThat(n1.stats().backplaneMessages()).isZero();
    assertThat(freshLocally(n1, "p1")).isTrue();
    assertThat(freshLocally(n2, "p1")).isTrue();

    n2.getOrSet("p2", ctx -> "cached on n2");
    n1.remove("p2");
    awaitMessages(n2, 2);
    assertThat(local(n2, "p2")).isEmpty();
  }

  @Test
  void aFactoryResultIsAnnouncedSoOtherNodesDropTheirOlderCopy() {
    var n1 = node("n1");
    var n2 = node("n2");
    n2.set("p1", "v1");
    assertThat(n1.tryGet("p1")).contains("v1");
    time.advance(Duration.ofMinutes(1));

    assertThat(n2.getOrSet("p1", ctx -> "v2")).isEqualTo("v2");

    awaitMessages(n1, 2);
    assertThat(n1.tryGet("p1")).contains("v2");
  }

  /**
   * Makes the next notification of {@code nodeName}'s writes go missing without any disconnect: dropped on the way (in
   * memory), or its number taken by a message that never comes (Redis: the sequence bumped behind the nodes' backs).
   */
  abstract void loseNextNotificationOf(String nodeName);

  @Test
  void aGapInTheMessageSequenceMarksEveryLocalEntryStaleSoReadsGoBackToTheDistributedLevel() {
    ClusterNode first = cluster("n1", keyPrefix, Mode.LEVEL_AND_BACKPLANE);
    ClusterNode second = cluster("n2", keyPrefix, Mode.LEVEL_AND_BACKPLANE);
    var n1 = engine("products", first, EntryOptions.defaults());
    var n2 = engine("products", second, EntryOptions.defaults());
    n1.set("p1", "v1");
    n1.set("p2", "untouched");
    awaitMessages(n2, 2);
    assertThat(n2.tryGet("p1")).contains("v1");
    assertThat(n2.tryGet("p2")).contains("untouched");

    loseNextNotificationOf("n1");
    n1.set("p1", "v2");
    n1.set("marker", "m");

    await().atMost(WAIT).until(() -> second.sequenceGaps() == 1);
    assertThat(freshLocally(n2, "p2")).as("an entry no message was about is stale too").isFalse();
    assertThat(n2.tryGet("p1")).contains("v2");
    assertThat(n2.tryGet("p2")).contains("untouched");
    await("n1 cannot tell whose message was lost either").atMost(WAIT).until(() -> first.sequenceGaps() == 1);
  }

  @Test
  void aMemoryDurationCeilingMakesEveryNodeReReadItsCopiesFromTheDistributedLevel() {
    EntryOptions hour = EntryOptions.builder().duration(Duration.ofHours(1)).build();
    var n1 = engine("products", cluster("n1", keyPrefix, Mode.LEVEL_AND_BACKPLANE,
        b -> b.memoryDurationCeiling(Duration.ofSeconds(10))), hour);
    var n2 = engine("products", cluster("n2", keyPrefix, Mode.LEVEL_AND_BACKPLANE,
        b -> b.memoryDurationCeiling(Duration.ofSeconds(10))), hour);
    n1.set("p1", "v1");
    // the set's notice applied first: arriving during the read below, it would mark that read's entry stale (a change
    // in the entry's own millisecond, see MemoryLevel.saveFromLevel)
    awaitMessages(n2, 1);
    assertThat(n2.tryGet("p1")).contains("v1");
    long readsBefore = n2.stats().distributedHits();

    time.advance(Duration.ofSeconds(11));

    assertThat(freshLocally(n1, "p1")).as("the writer's own copy too").isFalse();
    assertThat(freshLocally(n2, "p1")).isFalse();
    assertThat(n2.tryGet("p1")).as("still fresh in L2 for the hour").contains("v1");
    assertThat(n2.stats().distributedHits()).isEqualTo(readsBefore + 1);
    assertThat(freshLocally(n2, "p1")).as("fresh again for up to the ceiling").isTrue();
  }

  @Test
  void anEntryAboveTheMaximumSizeStaysInL1AndOneFoundInL2IsAMiss() {
    EntryOptions quiet = EntryOptions.builder().reThrowSerializationExceptions(false).build();
    var small = engine("products", cluster("small", keyPrefix, Mode.LEVEL_AND_BACKPLANE, b -> b.maxEntrySize(300)),
        quiet);
    var unlimited = node("unlimited", Mode.LEVEL_AND_BACKPLANE, quiet);
    String big = "x".repeat(1_000);

    small.set("big", big);
    assertThat(small.tryGet("big")).as("kept in L1").contains(big);
    assertThat(unlimited.tryGet("big")).as("never written to L2").isEmpty();
    assertThat(small.stats().serializationErrors()).isEqualTo(1);

    unlimited.set("also-big", big);
    assertThat(small.tryGet("also-big")).as("refused when read").isEmpty();
    assertThat(small.stats().serializationErrors()).isEqualTo(2);
    small.set("fits", "small enough");
    assertThat(unlimited.tryGet("fits")).contains("small enough");
  }

  /** The value of {@code current} plus one, as a fresh entry of {@code node} ("1" when there is none). */
  private static CacheEntry<String> incremented(HybridCacheEngine<String, String> node, CacheEntry<String> current) {
    EntryAccess<String, String> access = node.entryAccess();
    int next = current == null ? 1 : Integer.parseInt(current.value()) + 1;
    return access.create(Integer.toString(next), access.now(), access.now() + 60_000);
  }

  @Test
  void aNodesOwnThreadsChangingOneKeyAtomicallyQueueSoEachChangeRunsOnce() throws Exception {
    var n1 = node("n1");
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger retries = new AtomicInteger();
    int threads = 6;
    int changes = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<Void>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        work.add(() -> {
          for (int i = 0; i < changes; i++) {
            n1.entryAccess().computeAcrossNodes("counter", (k, current) -> {
              runs.incrementAndGet();
              LockSupport.parkNanos(100_000); // widens the window between the read and the compare-and-set
              return incremented(n1, current);
            }, retries::incrementAndGet);
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

    assertThat(retries).as("no thread of the node lost a compare-and-set to another").hasValue(0);
    assertThat(runs).hasValue(threads * changes);
    assertThat(node("reader").tryGet("counter")).contains(Integer.toString(threads * changes));
    assertThat(n1.entryAccess().lockedKeys()).as("no key lock left behind").isZero();
  }

  @Test
  void anAtomicChangeThatLosesToAnotherNodesWriteRunsAgainOnThatNodesEntry() {
    var n1 = node("n1");
    var n2 = node("n2");
    n1.set("counter", "10");
    List<String> seen = new ArrayList<>();
    AtomicInteger retries = new AtomicInteger();

    CacheEntry<String> result = n1.entryAccess().computeAcrossNodes("counter", (k, current) -> {
      seen.add(current == null ? null : current.value());
      if (seen.size() == 1) {
        n2.set("counter", "20"); // lands between n1's read and its compare-and-set
      }
      return incremented(n1, current);
    }, retries::incrementAndGet);

    assertThat(seen).containsExactly("10", "20");
    assertThat(retries).hasValue(1);
    assertThat(result.value()).isEqualTo("21");
    assertThat(node("reader").tryGet("counter")).contains("21");
  }
}

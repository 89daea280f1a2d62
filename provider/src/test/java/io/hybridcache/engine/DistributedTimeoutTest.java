package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hybridcache.DistributedCacheException;
import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.InMemoryDistributedLevel;
import io.hybridcache.distributed.InMemoryTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code distributedCacheSoftTimeout} / {@code distributedCacheHardTimeout} on the fake clock: node "a" has its L2
 * connection gated ({@link InMemoryDistributedLevel#blockUntil}), node "b" writes to the same store ungated. Each test
 * checks the call is still waiting just before the timeout, done just after, and what the L2 operation does once the
 * gate opens.
 */
class DistributedTimeoutTest extends GatedNodesFixture {
  private static final Duration JUST_BEFORE = Duration.ofMillis(1);
  private static final EntryOptions L2_ONLY = BASE.toBuilder().skipMemoryCache(true).build();
  private static final EntryOptions WITH_SOFT = BASE.toBuilder().failSafe(true, Duration.ofHours(1),
      Duration.ofSeconds(30)).allowStaleOnReadOnly(true).distributedCacheSoftTimeout(SOFT)
      .distributedCacheHardTimeout(HARD).build();

  private final AtomicInteger factoryRuns = new AtomicInteger();

  private String factory() {
    factoryRuns.incrementAndGet();
    return "computed";
  }

  /** Runs {@code call} on another thread and returns once its timeout is scheduled on the fake clock. */
  private <T> CompletableFuture<T> started(Supplier<T> call) {
    CompletableFuture<T> future = CompletableFuture.supplyAsync(call);
    await().atMost(WAIT).until(() -> time.pendingTasks() == 1);
    return future;
  }

  /** Advances the clock to just before {@code timeout}, checks {@code call} still waits, then passes it. */
  private void passTimeout(CompletableFuture<?> call, Duration timeout) {
    time.advance(timeout.minus(JUST_BEFORE));
    assertThat(call).as("still waiting just before the timeout").isNotDone();
    time.advance(JUST_BEFORE);
  }

  private static <T> T result(CompletableFuture<T> call) throws Exception {
    return call.get(10, TimeUnit.SECONDS);
  }

  private Optional<String> localValue(HybridCacheEngine<String, String> node) {
    return local(node, "k").map(e -> e.value());
  }

  /** What L2 holds under "k", read by b without its L1. */
  private Optional<String> inLevel() {
    return b.tryGet("k", L2_ONLY);
  }

  /** A fallback "v1" in a's L1 (stale), and a fresh "v2" in L2 written by b. */
  private void staleLocallyFreshInLevel() {
    a.set("k", "v1", WITH_SOFT);
    time.advance(Duration.ofSeconds(11));
    b.set("k", "v2", BASE);
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void getOrSetHardTimeoutRunsTheFactoryAndTheLateReadDoesNotOverwriteItsResult(Api api) throws Exception {
    b.set("k", "older", BASE);
    gateNodeA();
    CompletableFuture<String> call = started(() -> api.getOrSet(a, "k", ctx -> factory(), WITH_HARD, Set.of()));
    passTimeout(call, HARD);

    assertThat(result(call)).isEqualTo("computed");
    assertThat(a.stats().distributedErrors()).isEqualTo(1);
    gate.countDown();
    await().atMost(WAIT).until(() -> !a.runsInProgress("k") && a.stats().distributedHits() == 1);
    assertThat(localValue(a)).contains("computed");
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void getOrSetSoftTimeoutServesTheFallbackWithoutTheFactoryAndTheLateReadRefreshesL1(Api api) throws Exception {
    staleLocallyFreshInLevel();
    gateNodeA();
    CompletableFuture<String> call = started(() -> api.getOrSet(a, "k", ctx -> factory(), WITH_SOFT, Set.of()));
    passTimeout(call, SOFT);

    assertThat(result(call)).isEqualTo("v1");
    assertThat(factoryRuns).hasValue(0);
    assertThat(a.stats().distributedErrors()).as("a soft timeout is no error").isZero();
    gate.countDown();
    await().atMost(WAIT).until(() -> freshLocally(a, "k"));
    assertThat(localValue(a)).contains("v2");
  }

  @Test
  void softTimeoutDoesNotApplyWithoutAFallback() throws Exception {
    b.set("k", "remote", BASE);
    gateNodeA();
    EntryOptions softOnly = WITH_SOFT.toBuilder().distributedCacheHardTimeout(null).build();
    CompletableFuture<String> call =
        a.getOrSetAsync("k", ctx -> CompletableFuture.completedFuture(factory()), softOnly, Set.of());
    assertThat(time.pendingTasks()).as("no timer without a fallback").isZero();
    time.advance(Duration.ofSeconds(5));
    assertThat(call).isNotDone();
    gate.countDown();
    assertThat(result(call)).isEqualTo("remote");
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void tryGetHardTimeoutMissesAndTheLateReadIsStillKeptInL1(Api api) throws Exception {
    b.set("k", "remote", BASE);
    gateNodeA();
    CompletableFuture<Optional<String>> call = started(() -> api.tryGet(a, "k", WITH_HARD));
    passTimeout(call, HARD);

    assertThat(result(call)).isEmpty();
    assertThat(a.stats().distributedErrors()).isEqualTo(1);
    gate.countDown();
    await().atMost(WAIT).until(() -> freshLocally(a, "k"));
    assertThat(localValue(a)).contains("remote");
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void tryGetSoftTimeoutServesTheFallbackAndALocalWriteWinsOverTheLateRead(Api api) throws Exception {
    staleLocallyFreshInLevel();
    gateNodeA();
    CompletableFuture<Optional<String>> call = started(() -> api.tryGet(a, "k", WITH_SOFT));
    passTimeout(call, SOFT);
    assertThat(result(call)).contains("v1");

    a.set("k", "local", BASE.toBuilder().skipDistributedCacheWrite(true).build());
    gate.countDown();
    await().atMost(WAIT).until(() -> !a.runsInProgress("k") && a.stats().distributedHits() == 1);
    assertThat(localValue(a)).contains("local");
  }

  @Test
  void hardTimeoutWithReThrowFailsTheReadWithADistributedCacheExceptionNamingTheTimeout() {
    gateNodeA();
    EntryOptions o = WITH_HARD.toBuilder().reThrowDistributedCacheExceptions(true).build();
    CompletableFuture<Optional<String>> call = a.tryGetAsync("k", o);
    passTimeout(call, HARD);
    assertThatThrownBy(() -> result(call)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(DistributedCacheException.class).hasMessageContaining("timed out after PT1S");
  }

  @Test
  void jcacheLookupHardTimeoutIsAMiss() throws Exception {
    HybridCacheEngine<String, String> c = engine("lookups", cluster("c", keyPrefix, Mode.LEVEL_ONLY), WITH_HARD);
    HybridCacheEngine<String, String> writer = engine("lookups", cluster("w", keyPrefix, Mode.LEVEL_ONLY), BASE);
    writer.set("k", "remote", BASE);
    ((InMemoryTopology) topology).levels.get("c").blockUntil(gate);
    CompletableFuture<CacheEntry<String>> call = started(() -> c.entryAccess().lookup("k"));
    passTimeout(call, HARD);
    assertThat(result(call)).isNull();
    assertThat(c.stats().distributedErrors()).isEqualTo(1);
  }

  private static EntryOptions waitingWrites(boolean reThrow) {
    return WITH_HARD.toBuilder().backgroundDistributedCacheOperations(false)
        .reThrowDistributedCacheExceptions(reThrow).build();
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void setStopsWaitingAtTheHardTimeoutAndTheWriteStillLands(Api api) throws Exception {
    gateNodeA();
    CompletableFuture<Void> call = started(() -> {
      api.set(a, "k", "v", waitingWrites(false));
      return null;
    });
    passTimeout(call, HARD);

    result(call);
    assertThat(a.stats().distributedErrors()).isEqualTo(1);
    assertThat(inLevel()).as("not in L2 yet").isEmpty();
    gate.countDown();
    await().atMost(WAIT).until(() -> inLevel().isPresent());
    assertThat(inLevel()).contains("v");
  }

  @Test
  void removeStopsWaitingAtTheHardTimeoutAndTheRemovalStillLands() throws Exception {
    a.set("k", "v", BASE);
    gateNodeA();
    CompletableFuture<Void> call = a.removeAsync("k", waitingWrites(false));
    passTimeout(call, HARD);

    result(call);
    assertThat(inLevel()).as("still in L2").contains("v");
    gate.countDown();
    await().atMost(WAIT).until(() -> inLevel().isEmpty());
  }

  @Test
  void writeHardTimeoutWithReThrowFailsWithADistributedCacheException() {
    gateNodeA();
    CompletableFuture<Void> call = a.setAsync("k", "v", waitingWrites(true), Set.of());
    passTimeout(call, HARD);
    assertThatThrownBy(() -> result(call)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(DistributedCacheException.class).hasMessageContaining("timed out after PT1S");
    assertThat(localValue(a)).as("L1 took the write").contains("v");
  }

  /** The cache "atomic" on a new node {@code name} whose default options carry the hard timeout. */
  private HybridCacheEngine<String, String> timedNode(String name) {
    return engine("atomic", cluster(name, keyPrefix, Mode.LEVEL_ONLY), WITH_HARD);
  }

  private void gate(String node) {
    ((InMemoryTopology) topology).levels.get(node).blockUntil(gate);
  }

  private static CacheEntry<String> fresh(EntryAccess<String, String> access, String value) {
    return access.create(value, access.now(), access.now() + 60_000);
  }

  /** Lets the replay round of auto-recovery run on the fake clock and waits until nothing of {@code node} is queued. */
  private void replayed(HybridCacheEngine<String, String> node) {
    time.advance(AutoRecovery.defaults().delay());
    await().atMost(WAIT).until(() -> node.pendingRecoveries() == 0);
  }

  @Test
  void aConditionalWriteStopsWaitingForItsReadAtTheHardTimeoutAppliesTheChangeLocallyAndItReachesL2Later()
      throws Exception {
    var c = timedNode("c");
    var reader = timedNode("r");
    gate("c");
    CompletableFuture<CacheEntry<String>> call = started(() -> c.entryAccess().computeAcrossNodes("k",
        (k, current) -> fresh(c.entryAccess(), "v"), () -> { }));
    passTimeout(call, HARD);

    assertThat(result(call).value()).isEqualTo("v");
    assertThat(c.pendingRecoveries()).isEqualTo(1);
    gate.countDown();
    replayed(c);
    assertThat(reader.tryGet("k", L2_ONLY)).contains("v");
  }

  @Test
  void aConditionalWriteStopsWaitingForItsCompareAndSetAtTheHardTimeoutAndTheWriteStillLands() throws Exception {
    var c = timedNode("c");
    var reader = timedNode("r");
    CompletableFuture<CacheEntry<String>> call = started(() -> c.entryAccess().computeAcrossNodes("k",
        (k, current) -> {
          gate("c"); // the read went through; the compare-and-set waits
          return fresh(c.entryAccess(), "v");
        }, () -> { }));
    passTimeout(call, HARD);

    assertThat(result(call).value()).isEqualTo("v");
    assertThat(reader.tryGet("k", L2_ONLY)).as("not in L2 yet").isEmpty();
    gate.countDown();
    replayed(c);
    assertThat(reader.tryGet("k", L2_ONLY)).contains("v");
  }

  @Test
  void aReadOnANodeStillLoadingItsClearTimesStopsWaitingAtTheHardTimeout() throws Exception {
    ClusterNode node = cluster("c", keyPrefix, Mode.LEVEL_ONLY);
    gate("c"); // the clear times, read when the cache starts, do not come
    var c = engine("atomic", node, WITH_HARD);
    CompletableFuture<Optional<String>> call = c.tryGetAsync("k", WITH_HARD);
    await().atMost(WAIT).until(() -> time.pendingTasks() == 3); // the entry read and the two clear times

    passTimeout(call, HARD);
    assertThat(result(call)).isEmpty();
  }

  @Test
  void aReadOfATagRemovalTimeStopsWaitingAtTheHardTimeoutAndTheEntryIsServed() throws Exception {
    var c = timedNode("c");
    c.set("k", "v", WITH_HARD, Set.of("t"));
    gate("c");
    CompletableFuture<Optional<String>> call = started(() -> c.tryGet("k", WITH_HARD));
    passTimeout(call, HARD);

    assertThat(result(call)).as("the tag's time is unknown: taken as never removed").contains("v");
  }

  @Test
  void aBulkReadOfTagTimesAllKnownHereStopsWaitingAtTheSoftTimeoutWithThoseTimes() throws Exception {
    ClusterNode node = cluster("c", keyPrefix, Mode.LEVEL_ONLY, b -> b.removalCheckInterval(Duration.ZERO)
        .memoryDurationCeiling(Duration.ofMinutes(1))); // the tag times go stale after a minute, kept as fallbacks
    var c = engine("atomic", node, WITH_SOFT);
    c.removeByTag("t1");
    time.advance(Duration.ofMillis(1));
    c.set("k", "v", WITH_SOFT, Set.of("t1", "t2", "t3"));
    assertThat(c.tryGet("k", WITH_SOFT)).contains("v"); // t2 and t3 read: never removed
    time.advance(Duration.ofMinutes(2)); // k is a fallback now, and every tag time is stale
    gate("c");
    EntryOptions fallbackOnly = WITH_SOFT.toBuilder().skipDistributedCacheRead(true).build();
    CompletableFuture<Optional<String>> call = CompletableFuture.supplyAsync(() -> c.tryGet("k", fallbackOnly));
    await().atMost(WAIT).until(() -> time.pendingTasks() == 2); // the soft timeout, and the read's hard one

    passTimeout(call, SOFT);
    assertThat(result(call)).as("the three times known here served: k is visible").contains("v");
  }

  @Test
  void listingTheKeysStopsWaitingAtTheHardTimeoutWithTheMemoryLevelsKeys() throws Exception {
    var c = timedNode("c");
    c.set("local", "v");
    gate("c");
    CompletableFuture<List<String>> call = started(() -> {
      List<String> keys = new ArrayList<>();
      c.entryAccess().allKeys().forEachRemaining(keys::add);
      return keys;
    });
    passTimeout(call, HARD);

    assertThat(result(call)).containsExactly("local");
    assertThat(c.stats().distributedErrors()).isEqualTo(1);
  }

  @Test
  void aWriteThatReachesL2AfterALaterRemovalDoesNotBringTheKeyBack() throws Exception {
    a.set("k", "first", BASE);
    gate("a");
    CompletableFuture<Void> write = a.setAsync("k", "older than the removal", BASE.toBuilder()
        .backgroundDistributedCacheOperations(false).build(), Set.of()); // made now, held by the gate
    time.advance(Duration.ofMillis(5));
    b.remove("k", BASE);

    gate.countDown();
    result(write);
    assertThat(inLevel()).as("the removal's tombstone refused the late older write").isEmpty();
  }

  /** Also through a circuit breaker, which wraps the node's level: the removal's time must reach the level. */
  @ParameterizedTest(name = "behind a circuit breaker: {0}")
  @ValueSource(booleans = {false, true})
  void aRemovalThatReachesL2AfterANewerWriteLeavesThatWrite(boolean guarded) throws Exception {
    var remover = guarded ? engine("products", cluster("guarded", keyPrefix, Mode.LEVEL_ONLY,
        c -> c.distributedLevelCircuitBreaker(Duration.ofMinutes(1)).timeSource(time)), BASE) : a;
    remover.set("k", "older", BASE);
    gate(guarded ? "guarded" : "a");
    CompletableFuture<Void> removal = remover.removeAsync("k", BASE.toBuilder()
        .backgroundDistributedCacheOperations(false).build()); // waits for L2, which holds it
    time.advance(Duration.ofMillis(5));
    b.set("k", "newer", BASE);

    gate.countDown();
    result(removal);
    assertThat(inLevel()).as("the late removal did not delete the newer write").contains("newer");
  }
}

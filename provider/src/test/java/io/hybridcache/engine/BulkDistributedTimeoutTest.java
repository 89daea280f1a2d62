package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.InMemoryDistributedLevel;
import io.hybridcache.engine.BulkLoadBehaviour.PendingFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@code distributedCacheSoftTimeout} / {@code distributedCacheHardTimeout} on the one L2 read of a
 * {@code getOrSetAll}, on the fake clock, as {@link DistributedTimeoutTest} checks them for one key: node "a" has its
 * L2 connection gated ({@link InMemoryDistributedLevel#blockUntil}), node "b" writes to the same store ungated.
 */
class BulkDistributedTimeoutTest extends GatedNodesFixture {
  private static final Duration JUST_BEFORE = Duration.ofMillis(1);
  private static final EntryOptions WITH_SOFT = BASE.toBuilder().failSafe(true, Duration.ofHours(1),
      Duration.ofSeconds(30)).distributedCacheSoftTimeout(SOFT).distributedCacheHardTimeout(HARD).build();

  private final PendingFactory bulk = new PendingFactory();

  /** Advances the clock to just before {@code timeout}, checks {@code call} still waits, then passes it. */
  private void passTimeout(CompletableFuture<?> call, Duration timeout) {
    time.advance(timeout.minus(JUST_BEFORE));
    assertThat(call).as("still waiting just before the timeout").isNotDone();
    time.advance(JUST_BEFORE);
  }

  private Optional<String> localValue(String key) {
    return local(a, key).map(e -> e.value());
  }

  @Test
  void pastTheHardTimeoutEveryKeyIsAMissForTheFactoryAndTheLateReadDoesNotOverwriteItsValues() {
    b.setAll(Map.of("x", "older", "y", "older"));
    gateNodeA();
    CompletableFuture<Map<String, String>> call = a.getOrSetAllAsync(Set.of("x", "y"), bulk, WITH_HARD);
    assertThat(time.pendingTasks()).as("the hard timeout's timer").isEqualTo(1);
    passTimeout(call, HARD);

    await().atMost(WAIT).until(() -> bulk.calls.size() == 1);
    assertThat(bulk.calls).containsExactly(Set.of("x", "y"));
    bulk.stages.get(0).complete(Map.of("x", "X", "y", "Y"));
    assertThat(call.join()).isEqualTo(Map.of("x", "X", "y", "Y"));
    assertThat(a.stats().distributedErrors()).isEqualTo(1);
    gate.countDown();
    await().atMost(WAIT).until(() -> !a.runsInProgress("x") && !a.runsInProgress("y"));
    assertThat(localValue("x")).contains("X");
    assertThat(localValue("y")).contains("Y");
  }

  @Test
  void pastTheSoftTimeoutKeysWithAFallbackAreServedItWhileTheOthersWaitForTheReadAndTheLateReadRefreshesL1() {
    a.set("stale", "old", WITH_SOFT);
    time.advance(Duration.ofSeconds(11)); // past the duration: a fallback in a's L1
    b.setAll(Map.of("stale", "new", "remote", "fromLevel"));
    gateNodeA();
    CompletableFuture<Map<String, String>> call = a.getOrSetAllAsync(Set.of("stale", "remote", "cold"), bulk,
        WITH_SOFT);
    assertThat(time.pendingTasks()).as("the soft and the hard timeouts' timers").isEqualTo(2);
    CompletableFuture<String> follower = a.getOrSetAsync("stale", ctx -> CompletableFuture.completedFuture("own"),
        WITH_SOFT); // follows the batch's flight of the key
    passTimeout(call, SOFT);
    assertThat(follower.join()).as("served the fallback at the soft timeout").isEqualTo("old");
    assertThat(call).as("the keys without a fallback wait for the read").isNotDone();
    assertThat(a.stats().distributedErrors()).as("a soft timeout is no error").isZero();

    gate.countDown(); // the read ends within the hard timeout
    await().atMost(WAIT).until(() -> bulk.calls.size() == 1);
    assertThat(bulk.calls).as("the key served its fallback is not given to the factory").containsExactly(
        Set.of("cold"));
    bulk.stages.get(0).complete(Map.of("cold", "made"));
    assertThat(call.join()).isEqualTo(Map.of("stale", "old", "remote", "fromLevel", "cold", "made"));
    await().atMost(WAIT).until(() -> freshLocally(a, "stale"));
    assertThat(localValue("stale")).contains("new");
  }

  @Test
  void theSoftTimeoutDoesNotApplyWhenNoKeyHasAFallback() {
    b.setAll(Map.of("x", "remote"));
    gateNodeA();
    EntryOptions softOnly = WITH_SOFT.toBuilder().distributedCacheHardTimeout(null).build();
    CompletableFuture<Map<String, String>> call = a.getOrSetAllAsync(Set.of("x"), bulk, softOnly);
    assertThat(time.pendingTasks()).as("no timer without a fallback").isZero();
    time.advance(Duration.ofSeconds(5));
    assertThat(call).isNotDone();
    gate.countDown();
    assertThat(call.join()).isEqualTo(Map.of("x", "remote"));
    assertThat(bulk.calls).isEmpty();
  }

  @Test
  void aReadPastBothTimeoutsServesTheFallbacksAtTheSoftOneAndTheOtherKeysGoToTheFactoryAtTheHardOne() {
    a.set("stale", "old", WITH_SOFT);
    time.advance(Duration.ofSeconds(11));
    gateNodeA();
    CompletableFuture<Map<String, String>> call = a.getOrSetAllAsync(Set.of("stale", "cold"), bulk, WITH_SOFT);
    CompletableFuture<String> follower = a.getOrSetAsync("stale", ctx -> CompletableFuture.completedFuture("own"),
        WITH_SOFT);
    passTimeout(call, SOFT);
    assertThat(follower.join()).isEqualTo("old");
    passTimeout(call, HARD.minus(SOFT));
    await().atMost(WAIT).until(() -> bulk.calls.size() == 1);
    assertThat(bulk.calls).containsExactly(Set.of("cold"));
    bulk.stages.get(0).complete(Map.of("cold", "made"));
    assertThat(call.join()).isEqualTo(Map.of("stale", "old", "cold", "made"));
    assertThat(a.stats().distributedErrors()).isEqualTo(1);
  }
}

package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.EntryOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LockTimeoutTest extends EngineFixture {

  @Test
  void followerRunsTheFactoryItselfAfterItsLockTimeout() throws Exception {
    CompletableFuture<String> stuck = new CompletableFuture<>();
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<String> leader = cache.getOrSetAsync("k", ctx -> {
      calls.incrementAndGet();
      return stuck;
    });
    EntryOptions withLockTimeout = options().lockTimeout(Duration.ofMillis(200)).build();
    CompletableFuture<String> follower = cache.getOrSetAsync("k", ctx -> {
      calls.incrementAndGet();
      return CompletableFuture.completedFuture("own");
    }, withLockTimeout);

    assertThat(follower).isNotDone();
    assertThat(time.pendingTasks()).isEqualTo(1);
    time.advance(Duration.ofMillis(200));
    assertThat(follower.get(10, TimeUnit.SECONDS)).isEqualTo("own");
    assertThat(calls).hasValue(2);
    assertThat(leader).isNotDone();
    stuck.complete("late");
    assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo("late");
  }

  @Test
  void followerWithoutLockTimeoutWaitsForTheLeader() throws Exception {
    CompletableFuture<String> stuck = new CompletableFuture<>();
    cache.getOrSetAsync("k", ctx -> stuck);
    CompletableFuture<String> follower = cache.getOrSetAsync("k", ctx -> CompletableFuture.completedFuture("own"));
    assertThat(time.pendingTasks()).isZero();
    time.advance(Duration.ofHours(1));
    assertThat(follower).isNotDone();
    stuck.complete("leader's");
    assertThat(follower.get(10, TimeUnit.SECONDS)).isEqualTo("leader's");
  }

  @Test
  void followersShareTheLeadersFailure() {
    CompletableFuture<String> failing = new CompletableFuture<>();
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<String> a = cache.getOrSetAsync("k", ctx -> {
      calls.incrementAndGet();
      return failing;
    });
    CompletableFuture<String> b = cache.getOrSetAsync("k", ctx -> {
      calls.incrementAndGet();
      return CompletableFuture.completedFuture("x");
    });
    failing.completeExceptionally(new IllegalStateException("down"));
    await().atMost(Duration.ofSeconds(5)).until(() -> a.isDone() && b.isDone());
    assertThat(a).isCompletedExceptionally();
    assertThat(b).isCompletedExceptionally();
    assertThat(calls).hasValue(1);
  }
}

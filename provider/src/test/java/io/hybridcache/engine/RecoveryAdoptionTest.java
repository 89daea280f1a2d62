package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.ForwardingLevel;
import io.hybridcache.distributed.InMemoryTopology;
import io.hybridcache.distributed.Topology;
import io.hybridcache.spi.DistributedLevel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A replay of auto-recovery that finds an entry in L2 written after the operation it replays puts that entry in L1
 * after its L2 read. Another node may change the key in between and announce it before the install: the install must
 * not hide that newer change behind the entry the replay read. In-memory topology, fake clock; node "a"'s level lets
 * a test run a step right after a read of "a" returned, before "a" goes on. Each test queues a failed write of
 * another key after the one of "k": a round replays its operations one after the other, and the change announced
 * inside the window cancels the queued operation of "k", so the round is over only once that other write is made.
 */
class RecoveryAdoptionTest extends MultiNodeFixture {
  private static final EntryOptions OPTIONS = EntryOptions.builder().duration(Duration.ofMinutes(10)).build();
  private static final Duration ROUND = AutoRecovery.defaults().delay();

  /** Runs once, right after node "a"'s next read of "k" in the level, before its result is handed back. */
  private final AtomicReference<Runnable> afterRead = new AtomicReference<>();
  private InMemoryTopology memory;

  @Override
  Topology topology(FakeTimeSource time) {
    memory = new InMemoryTopology(time);
    return memory;
  }

  @Override
  DistributedLevel level(String name, String prefix, boolean publishing) {
    DistributedLevel level = super.level(name, prefix, publishing);
    if (!name.equals("a")) {
      return level;
    }
    return new ForwardingLevel(level) {
      @Override
      public CompletableFuture<byte[]> get(String key) {
        return afterRead(key, delegate.get(key));
      }

      @Override
      public CompletableFuture<byte[]> get(String key, int maxBytes) {
        return afterRead(key, delegate.get(key, maxBytes));
      }

      @Override
      public CompletableFuture<byte[]> getHeld(String key, int maxBytes) {
        return afterRead(key, delegate.getHeld(key, maxBytes));
      }

      private CompletableFuture<byte[]> afterRead(String key, CompletableFuture<byte[]> read) {
        byte[] bytes = read.join();
        Runnable step = key.endsWith(":k") ? afterRead.getAndSet(null) : null;
        if (step != null) {
          step.run();
        }
        return CompletableFuture.completedFuture(bytes);
      }
    };
  }

  /**
   * A step that makes node {@code b} set "k" to {@code value} a little later, and waits until node {@code a} has
   * applied the notice of it: {@code b} then sets another key, and {@code a} handles its messages one at a time, in
   * order, so once it counted the second one it is done with the first.
   */
  private Runnable newerChange(HybridCacheEngine<String, String> a, HybridCacheEngine<String, String> b,
      String value) {
    return () -> {
      long heard = a.stats().backplaneMessages();
      time.advance(Duration.ofMillis(5));
      b.set("k", value);
      b.set("probe", value);
      awaitMessages(a, heard + 2);
    };
  }

  /** Node "b" sets "k" to {@code value} a little later, and "a" never hears of it: only L2 tells. */
  private void unheardChange(HybridCacheEngine<String, String> b, String value) {
    time.advance(Duration.ofMillis(5));
    memory.backplanes.get("b").dropNext(1);
    b.set("k", value);
  }

  /** Queues a failed write of another key after the operations of "k" queued so far: see the class comment. */
  private void queueAnotherWrite(HybridCacheEngine<String, String> a) {
    a.set("other", "x");
  }

  /** Lets node "a"'s level work again and runs its replay round, with {@code step} right after the replay's read. */
  private void replayRound(HybridCacheEngine<String, String> a, Runnable step) {
    memory.levels.get("a").failAll(false);
    afterRead.set(step);
    time.advance(ROUND);
    await().atMost(WAIT).until(() -> a.pendingRecoveries() == 0);
  }

  @Test
  void aNewerChangeAnnouncedWhileAReplayedWriteAdoptsTheL2EntryIsServedAfterwards() {
    var a = node("a", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    var b = node("b", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    memory.levels.get("a").failAll(true);
    a.set("k", "1");
    queueAnotherWrite(a);
    assertThat(a.pendingRecoveries()).isEqualTo(2);
    unheardChange(b, "2");

    replayRound(a, newerChange(a, b, "3"));

    assertThat(afterRead.get()).as("the other node's change ran inside the window").isNull();
    assertThat(b.tryGet("k")).contains("3");
    assertThat(a.tryGet("k")).as("node a serves the newer change, not the entry its replay read").contains("3");
  }

  @Test
  void aNewerChangeAnnouncedWhileAReplayedExpiryAdoptsTheL2EntryIsServedAfterwards() {
    var a = node("a", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    var b = node("b", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    a.set("k", "1");
    memory.levels.get("a").failAll(true);
    a.expire("k");
    queueAnotherWrite(a);
    assertThat(a.pendingRecoveries()).isEqualTo(2);
    unheardChange(b, "2");

    replayRound(a, newerChange(a, b, "3"));

    assertThat(afterRead.get()).as("the other node's change ran inside the window").isNull();
    assertThat(a.tryGet("k")).as("node a serves the newer change, not the entry its replay read").contains("3");
  }

  @Test
  void withoutAChangeDuringTheReplayTheL2EntryIsAdoptedFresh() {
    var a = node("a", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    var b = node("b", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    memory.levels.get("a").failAll(true);
    a.set("k", "1");
    queueAnotherWrite(a);
    unheardChange(b, "2");

    replayRound(a, () -> { });

    assertThat(freshLocally(a, "k")).as("taken into L1 before any read of a").isTrue();
    assertThat(a.tryGet("k")).contains("2");
  }
}

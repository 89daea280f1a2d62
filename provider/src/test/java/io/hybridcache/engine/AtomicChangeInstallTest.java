package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.ForwardingLevel;
import io.hybridcache.distributed.InMemoryTopology;
import io.hybridcache.distributed.Topology;
import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * An atomic change installs its result in L1 after its compare-and-set in L2. Another node may change the key in
 * between and announce it before the install: the install must not hide that newer change behind the older value.
 * In-memory topology, fake clock that never moves (so every entry and message has the same millisecond); node "a"'s
 * level lets a test run a step right after a compare-and-set of "a" succeeded (or a read of "a" returned), before
 * "a" goes on.
 */
class AtomicChangeInstallTest extends MultiNodeFixture {
  private static final EntryOptions OPTIONS = EntryOptions.builder().duration(Duration.ofMinutes(10)).build();

  /** Runs once, right after node "a"'s next successful compare-and-set, before its result is handed back. */
  private final AtomicReference<Runnable> afterSwap = new AtomicReference<>();
  /** Runs once, right after node "a"'s next read of the level, before its result is handed back. */
  private final AtomicReference<Runnable> afterRead = new AtomicReference<>();

  @Override
  Topology topology(FakeTimeSource time) {
    return new InMemoryTopology(time);
  }

  @Override
  DistributedLevel level(String name, String prefix, boolean publishing) {
    DistributedLevel level = super.level(name, prefix, publishing);
    if (!name.equals("a")) {
      return level;
    }
    return new ForwardingLevel(level) {
      @Override
      public CompletableFuture<Boolean> compareAndSet(String key, byte[] expected, byte[] replacement,
          Duration timeToLive, BackplaneMessage notification) {
        boolean swapped = delegate.compareAndSet(key, expected, replacement, timeToLive, notification).join();
        Runnable step = swapped ? afterSwap.getAndSet(null) : null;
        if (step != null) {
          step.run();
        }
        return CompletableFuture.completedFuture(swapped);
      }

      @Override
      public CompletableFuture<byte[]> get(String key) {
        return afterRead(delegate.get(key));
      }

      @Override
      public CompletableFuture<byte[]> get(String key, int maxBytes) {
        return afterRead(delegate.get(key, maxBytes));
      }

      @Override
      public CompletableFuture<byte[]> getHeld(String key, int maxBytes) {
        return afterRead(delegate.getHeld(key, maxBytes));
      }

      private CompletableFuture<byte[]> afterRead(CompletableFuture<byte[]> read) {
        byte[] bytes = read.join();
        Runnable step = afterRead.getAndSet(null);
        if (step != null) {
          step.run();
        }
        return CompletableFuture.completedFuture(bytes);
      }
    };
  }

  /** Sets "k" to {@code value} on {@code node} by an atomic change. */
  private static void change(HybridCacheEngine<String, String> node, String value) {
    EntryAccess<String, String> access = node.entryAccess();
    access.computeAcrossNodes("k", (k, current) -> access.create(value, access.now(), access.now() + 600_000),
        () -> { });
  }

  /** Reads "k" on {@code node} by an atomic operation that changes nothing. */
  private static void readAtomically(HybridCacheEngine<String, String> node) {
    node.entryAccess().computeAcrossNodes("k", (k, current) -> current, () -> { });
  }

  /**
   * A step that makes node {@code b} change "k" to {@code value}, and waits until node {@code a} has applied the
   * notice of it: {@code b} then sets another key, and {@code a} handles its messages one at a time, in order, so
   * once it counted the second one it is done with the first.
   */
  private static Runnable newerChange(HybridCacheEngine<String, String> a, HybridCacheEngine<String, String> b,
      String value) {
    return () -> {
      long heard = a.stats().backplaneMessages();
      change(b, value);
      b.set("probe", value);
      awaitMessages(a, heard + 2);
    };
  }

  @Test
  void aNewerChangeAnnouncedBetweenTheCompareAndSetAndTheInstallIsServedAfterwards() {
    var a = node("a", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    var b = node("b", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    change(a, "1");
    afterSwap.set(newerChange(a, b, "3"));

    change(a, "2");

    assertThat(afterSwap.get()).as("the other node's change ran inside the window").isNull();
    assertThat(b.tryGet("k")).contains("3");
    assertThat(a.tryGet("k")).as("node a serves the newer change, not its own older value").contains("3");
  }

  @Test
  void aNewerChangeAnnouncedWhenTheKeyWasNotInMemoryIsServedAfterwards() {
    var a = node("a", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    var b = node("b", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    change(b, "1");
    awaitMessages(a, 1);
    afterSwap.set(newerChange(a, b, "3"));

    change(a, "2");

    assertThat(afterSwap.get()).isNull();
    assertThat(a.tryGet("k")).contains("3");
  }

  @Test
  void aNewerChangeAnnouncedWhileAnAtomicReadIsUnderWayIsServedAfterwards() {
    var a = node("a", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    var b = node("b", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    change(a, "1");
    afterRead.set(newerChange(a, b, "3"));

    readAtomically(a);

    assertThat(afterRead.get()).isNull();
    assertThat(a.tryGet("k")).as("node a serves the newer change, not the value it read before it").contains("3");
  }

  @Test
  void withoutAChangeElsewhereTheResultStaysFreshInMemory() {
    var a = node("a", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    node("b", Mode.LEVEL_AND_BACKPLANE, OPTIONS);

    change(a, "1");
    change(a, "2");

    assertThat(freshLocally(a, "k")).as("no L2 read needed after the node's own change").isTrue();
    assertThat(a.tryGet("k")).contains("2");
  }
}

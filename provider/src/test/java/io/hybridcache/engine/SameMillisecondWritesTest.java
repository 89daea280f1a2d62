package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.InMemoryTopology;
import io.hybridcache.distributed.Topology;
import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Two writes of one key by one node in the same millisecond whose L2 writes reach the level in the other order (two
 * pooled connections, a retry): entry times are milliseconds, so nothing tells which is newer. The known limit the
 * chaos tests keep clear of (their writer threads of one node write different keys). Here, on the fake clock, the
 * first write's L2 write is held until the second's has landed.
 */
class SameMillisecondWritesTest extends MultiNodeFixture {
  private static final EntryOptions BACKGROUND = EntryOptions.builder().duration(Duration.ofMinutes(10))
      .backgroundDistributedCacheOperations(true).build();
  private final CompletableFuture<Void> release = new CompletableFuture<>();

  @Override
  Topology topology(FakeTimeSource time) {
    return new InMemoryTopology(time);
  }

  @Override
  DistributedLevel level(String name, String prefix, boolean publishing) {
    DistributedLevel level = super.level(name, prefix, publishing);
    return name.equals("n1") ? new FirstSetHeld(level, release) : level;
  }

  @Test
  @Disabled("reason: entry times are milliseconds; two writes of a key by one node in the same millisecond that reach "
      + "L2 in the other order leave L2 with the first (an equal time is overwritten, so that writes in order keep "
      + "it) while the node keeps the second in L1 and ignores its own messages: the second write is lost on every "
      + "other node, and the writer disagrees with them until the entry expires. A fix needs an order finer than the "
      + "millisecond (a per-node counter in the envelope) or the node's L2 writes of one key made one after another")
  void theLaterOfTwoWritesInOneMillisecondWinsOnEveryNodeWhateverOrderTheyReachL2() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, BACKGROUND);
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, BACKGROUND);

    n1.set("p1", "first"); // acknowledged, its L2 write held
    n1.set("p1", "second"); // acknowledged after the first, same millisecond; its L2 write lands
    release.complete(null); // the first lands now, over it

    assertThat(List.of(n1.tryGet("p1"), n2.tryGet("p1"))).as("n1, n2").allSatisfy(v ->
        assertThat(v).contains("second"));
  }

  /** A level whose first {@code set} starts only once {@code release} completes; everything else passes through. */
  private static final class FirstSetHeld implements DistributedLevel {
    private final DistributedLevel level;
    private final CompletableFuture<Void> release;
    private boolean held;

    FirstSetHeld(DistributedLevel level, CompletableFuture<Void> release) {
      this.level = level;
      this.release = release;
    }

    @Override
    public CompletableFuture<byte[]> get(String key) {
      return level.get(key);
    }

    @Override
    public synchronized CompletableFuture<Void> set(String key, byte[] envelope, Duration timeToLive,
        BackplaneMessage notification) {
      if (held) {
        return level.set(key, envelope, timeToLive, notification);
      }
      held = true;
      return release.thenCompose(v -> level.set(key, envelope, timeToLive, notification));
    }

    @Override
    public CompletableFuture<Void> remove(String key, BackplaneMessage notification) {
      return level.remove(key, notification);
    }

    @Override
    public CompletableFuture<Boolean> compareAndSet(String key, byte[] expected, byte[] replacement,
        Duration timeToLive, BackplaneMessage notification) {
      return level.compareAndSet(key, expected, replacement, timeToLive, notification);
    }

    @Override
    public CompletableFuture<List<String>> keys(String prefix) {
      return level.keys(prefix);
    }

    @Override
    public boolean publishesNotifications() {
      return level.publishesNotifications();
    }

    @Override
    public void close() {
      level.close();
    }
  }
}

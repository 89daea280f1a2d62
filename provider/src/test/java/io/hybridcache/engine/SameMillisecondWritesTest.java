package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.ForwardingLevel;
import io.hybridcache.distributed.InMemoryTopology;
import io.hybridcache.distributed.Topology;
import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Two changes of one key in the same millisecond: entry times are milliseconds, so only an entry's order (drawn when
 * it is made) tells which of one node's writes is newer, and the nodes must end up agreeing whatever order the writes
 * reach L2 in. On the fake clock (which stands still: every write here is in one
 * millisecond), with node n1's connection to L2 holding, when a test asks, its first write or the results of its reads
 * until {@link #release} completes.
 */
class SameMillisecondWritesTest extends MultiNodeFixture {
  private static final EntryOptions OPTIONS = EntryOptions.builder().duration(Duration.ofMinutes(10)).build();
  private static final EntryOptions BACKGROUND = OPTIONS.toBuilder().backgroundDistributedCacheOperations(true)
      .build();
  private final CompletableFuture<Void> release = new CompletableFuture<>();
  private HeldLevel held;

  @Override
  Topology topology(FakeTimeSource time) {
    return new InMemoryTopology(time);
  }

  @Override
  DistributedLevel level(String name, String prefix, boolean publishing) {
    DistributedLevel level = super.level(name, prefix, publishing);
    if (!name.equals("n1")) {
      return level;
    }
    held = new HeldLevel(level, release);
    return held;
  }

  @Test
  void aReadOfL2ThatAChangeOfTheSameMillisecondOvertakesIsNotKeptInL1() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    var n3 = node("n3", Mode.LEVEL_AND_BACKPLANE, OPTIONS);
    n3.set("p1", "first");
    held.holdReads = true;

    CompletableFuture<Optional<String>> read = n1.tryGetAsync("p1"); // finds "first", its result held
    n2.set("p1", "second"); // same millisecond; n1 is told while its read is still under way
    awaitMessages(n1, 2);
    release.complete(null);

    assertThat(read.join()).contains("first"); // what L2 held when it was read
    held.holdReads = false;
    assertThat(List.of(n1.tryGet("p1"), n2.tryGet("p1"), n3.tryGet("p1"))).as("n1, n2, n3")
        .allSatisfy(v -> assertThat(v).contains("second"));
  }

  @Test
  void theLaterOfTwoWritesInOneMillisecondWinsOnEveryNodeWhateverOrderTheyReachL2() {
    var n1 = node("n1", Mode.LEVEL_AND_BACKPLANE, BACKGROUND);
    var n2 = node("n2", Mode.LEVEL_AND_BACKPLANE, BACKGROUND);
    held.holdFirstSet = true;

    n1.set("p1", "first"); // acknowledged, its L2 write held
    n1.set("p1", "second"); // acknowledged after the first, same millisecond; its L2 write lands
    release.complete(null); // the first lands now, over it

    assertThat(List.of(n1.tryGet("p1"), n2.tryGet("p1"))).as("n1, n2")
        .allSatisfy(v -> assertThat(v).contains("second"));
  }

  /**
   * A level that, while asked to, holds its first {@code set} (started only once {@code release} completes) or the
   * results of its reads (read at once, delivered once {@code release} completes); otherwise it passes through.
   */
  private static final class HeldLevel extends ForwardingLevel {
    private final CompletableFuture<Void> release;
    volatile boolean holdFirstSet;
    volatile boolean holdReads;

    HeldLevel(DistributedLevel level, CompletableFuture<Void> release) {
      super(level);
      this.release = release;
    }

    @Override
    public CompletableFuture<byte[]> get(String key) {
      CompletableFuture<byte[]> read = delegate.get(key);
      return holdReads ? read.thenCombine(release, (bytes, v) -> bytes) : read;
    }

    @Override
    public synchronized CompletableFuture<Boolean> trySet(String key, byte[] envelope, Duration timeToLive,
        BackplaneMessage notification) {
      if (!holdFirstSet) {
        return delegate.trySet(key, envelope, timeToLive, notification);
      }
      holdFirstSet = false;
      return release.thenCompose(v -> delegate.trySet(key, envelope, timeToLive, notification));
    }
  }
}

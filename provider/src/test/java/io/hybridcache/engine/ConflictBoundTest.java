package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridcache.DistributedCacheException;
import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.ForwardingLevel;
import io.hybridcache.distributed.InMemoryTopology;
import io.hybridcache.distributed.Topology;
import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The time bound of an atomic change whose compare-and-set keeps losing: it retries until the bound (the cache's
 * {@code distributedCacheHardTimeout}, else {@link ConflictBackoff#DEFAULT_BOUND}) passes on the engine's clock, then
 * fails with a message naming the key, the bound and the setting, and the entry is unchanged. In-memory level whose
 * compare-and-set always loses; the fake clock is moved by hand.
 */
class ConflictBoundTest extends MultiNodeFixture {
  private final AtomicInteger compareAndSets = new AtomicInteger();

  @Override
  Topology topology(FakeTimeSource time) {
    return new InMemoryTopology(time);
  }

  @Override
  DistributedLevel level(String name, String prefix, boolean publishing) {
    DistributedLevel level = super.level(name, prefix, publishing);
    if (!name.equals("contended")) {
      return level;
    }
    return new ForwardingLevel(level) {
      @Override
      public CompletableFuture<Boolean> compareAndSet(String key, byte[] expected, byte[] replacement,
          Duration timeToLive, BackplaneMessage notification) {
        compareAndSets.incrementAndGet();
        return CompletableFuture.completedFuture(false); // another writer always got there first
      }
    };
  }

  /** Starts a change of "k" on {@code node}, then moves the clock in steps until it ends; returns its failure. */
  private Throwable failureOfAChangeOn(HybridCacheEngine<String, String> node) throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CompletableFuture<CacheEntry<String>> call = CompletableFuture.supplyAsync(() ->
        node.entryAccess().computeAcrossNodes("k", (k, current) -> {
          runs.incrementAndGet();
          return node.entryAccess().create("v", node.entryAccess().now(), node.entryAccess().now() + 60_000);
        }, () -> { }));
    for (int step = 0; step < 1_000 && !call.isDone(); step++) {
      time.advance(Duration.ofMillis(50));
      Thread.sleep(1); // lets the retrying thread see the new time (the outcome is asserted, not the timing)
    }
    assertThat(runs.get()).as("the change ran again after each lost attempt").isGreaterThan(1);
    try {
      call.get(10, TimeUnit.SECONDS);
      throw new AssertionError("the change succeeded against a level that always refuses it");
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  @Test
  void retriesStopAtTheHardTimeoutWithAnExceptionNamingTheKeyTheBoundAndTheSetting() throws Exception {
    EntryOptions options = EntryOptions.builder().distributedCacheHardTimeout(Duration.ofSeconds(2)).build();
    var node = node("contended", Mode.LEVEL_AND_BACKPLANE, options);

    Throwable failure = failureOfAChangeOn(node);

    assertThat(failure).isInstanceOf(DistributedCacheException.class)
        .hasMessageContaining("key 'k'").hasMessageContaining("2000 ms")
        .hasMessageContaining("distributedCacheHardTimeout");
    assertThat(compareAndSets.get()).isGreaterThan(1);
    assertThat(node.entryAccess().peek("k")).as("nothing of the change stayed in L1").isNull();
    assertThat(node("reader", Mode.LEVEL_AND_BACKPLANE, EntryOptions.defaults()).tryGet("k")).isEmpty();
    assertThat(node.entryAccess().lockedKeys()).isZero();
  }

  @Test
  void withoutAHardTimeoutTheRetriesAreBoundedByTheDocumentedDefault() throws Exception {
    var node = node("contended", Mode.LEVEL_AND_BACKPLANE, EntryOptions.defaults());
    long start = time.nanoTime();

    Throwable failure = failureOfAChangeOn(node);

    assertThat(failure).isInstanceOf(DistributedCacheException.class)
        .hasMessageContaining(ConflictBackoff.DEFAULT_BOUND.toMillis() + " ms");
    assertThat(Duration.ofNanos(time.nanoTime() - start)).isGreaterThanOrEqualTo(ConflictBackoff.DEFAULT_BOUND);
  }
}

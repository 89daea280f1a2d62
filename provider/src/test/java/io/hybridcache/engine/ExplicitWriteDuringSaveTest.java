package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridcache.EntryOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An explicit write that lands while a factory run is saving its entry, after the save checked that no write had
 * superseded the run: the write must still win. The clock holds the saving thread inside the memory level's atomic
 * compute (where it reads the clock once the change is decided), which is exactly when a new key's entry is not yet
 * visible to lock-free lookups; the write then runs, and the save is let go once the write has either finished or is
 * waiting for the key's lock.
 */
class ExplicitWriteDuringSaveTest {
  private static final EntryOptions OPTIONS = EntryOptions.builder().duration(Duration.ofHours(1))
      .failSafe(true, Duration.ofHours(2), Duration.ofSeconds(30)).build();
  private static final EntryOptions ALLOW_STALE = EntryOptions.builder().allowStaleOnReadOnly(true).build();

  private final SaveHoldingClock clock = new SaveHoldingClock();
  private final HybridCacheEngine<String, String> cache =
      HybridCacheEngine.<String, String>builder("save-race").timeSource(clock).build();
  private final ExecutorService loader = Executors.newSingleThreadExecutor();

  @AfterEach
  void tearDown() {
    clock.release.countDown();
    loader.shutdownNow();
    cache.close();
  }

  /** The explicit writes, and what tryGet without and with allowStaleOnReadOnly must find after each. */
  enum Write {
    EXPIRE(c -> c.expire("k"), null, "from-factory"),
    CLEAR_KEEPING_FALLBACKS(c -> c.clear(true), null, "from-factory"),
    CLEAR(c -> c.clear(false), null, null),
    REMOVE(c -> c.remove("k"), null, null),
    SET(c -> c.set("k", "explicit"), "explicit", "explicit");

    final Consumer<HybridCacheEngine<String, String>> write;
    final String fresh;
    final String freshOrStale;

    Write(Consumer<HybridCacheEngine<String, String>> write, String fresh, String freshOrStale) {
      this.write = write;
      this.fresh = fresh;
      this.freshOrStale = freshOrStale;
    }
  }

  @ParameterizedTest
  @EnumSource(Write.class)
  void explicitWriteMadeWhileARunSavesANewKeyWins(Write write) throws Exception {
    Future<String> loading = loader.submit(() -> cache.getOrSet("k", ctx -> {
      clock.holdNextSaveOfThisThread();
      return "from-factory";
    }, OPTIONS));
    assertThat(clock.holding.await(10, TimeUnit.SECONDS)).as("the save reached the memory level's compute").isTrue();

    Thread writer = new Thread(() -> write.write.accept(cache), "explicit-write");
    writer.start();
    // Finished without seeing the entry being inserted, or waiting for the key's lock until the save is done.
    assertThat(awaitFinishedOrBlockedInTheMap(writer)).as("the write finished or waits for the key's lock").isTrue();
    clock.release.countDown();
    writer.join(10_000);

    assertThat(writer.isAlive()).isFalse();
    assertThat(loading.get(10, TimeUnit.SECONDS)).isEqualTo("from-factory"); // returned to its caller either way
    assertThat(cache.tryGet("k")).isEqualTo(Optional.ofNullable(write.fresh));
    assertThat(cache.tryGet("k", ALLOW_STALE)).isEqualTo(Optional.ofNullable(write.freshOrStale));
  }

  @Test
  void aSaveHeldWithNoWriteAroundStillSaves() throws Exception {
    Future<String> loading = loader.submit(() -> cache.getOrSet("k", ctx -> {
      clock.holdNextSaveOfThisThread();
      return "from-factory";
    }, OPTIONS));
    assertThat(clock.holding.await(10, TimeUnit.SECONDS)).isTrue();
    clock.release.countDown();
    assertThat(loading.get(10, TimeUnit.SECONDS)).isEqualTo("from-factory");
    assertThat(cache.tryGet("k")).contains("from-factory");
  }

  private static boolean awaitFinishedOrBlockedInTheMap(Thread t) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() - deadline < 0) {
      if (!t.isAlive()) {
        return true;
      }
      if (t.getState() == Thread.State.BLOCKED && Arrays.stream(t.getStackTrace())
          .anyMatch(f -> f.getClassName().equals(ConcurrentHashMap.class.getName()))) {
        return true;
      }
      Thread.sleep(1);
    }
    return false;
  }

  /**
   * A fake clock that, once armed by a thread, holds that thread the next time it reads the wall clock inside the
   * memory level's atomic compute of a save, after the run was checked not superseded.
   */
  private static final class SaveHoldingClock implements TimeSource {
    private final FakeTimeSource time = new FakeTimeSource();
    private volatile Thread armed;
    final CountDownLatch holding = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    void holdNextSaveOfThisThread() {
      armed = Thread.currentThread();
    }

    @Override
    public long wallMillis() {
      if (armed == Thread.currentThread() && insideTheLevelsCompute()) {
        armed = null;
        holding.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return time.wallMillis();
    }

    /** Whether this clock read is the one the memory level makes inside its atomic compute, once it has decided. */
    private static boolean insideTheLevelsCompute() {
      String level = MemoryLevel.class.getName();
      return StackWalker.getInstance().walk(frames -> frames.anyMatch(
          f -> f.getClassName().startsWith(level) && f.getMethodName().startsWith("lambda$compute")));
    }

    @Override
    public long nanoTime() {
      return time.nanoTime();
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
      return time.schedule(task, delayNanos);
    }
  }
}

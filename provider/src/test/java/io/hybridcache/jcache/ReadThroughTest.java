package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridcache.EntryOptions;
import io.hybridcache.HybridCacheConfiguration;
import io.hybridcache.spi.SynchronousCallers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import org.junit.jupiter.api.Test;

/** Read-through runs the CacheLoader as the factory of the engine's getOrSet: single flight and fail-safe. */
class ReadThroughTest extends JCacheFixture {
  private static final Duration DURATION = Duration.ofSeconds(10);
  private static final Duration FAIL_SAFE_MAX = Duration.ofHours(1);
  private static final Duration THROTTLE = Duration.ofSeconds(30);
  private static final int THREADS = 16;

  private final AtomicInteger loads = new AtomicInteger();
  /** When set, the source loader throws it. */
  private final AtomicReference<RuntimeException> sourceDown = new AtomicReference<>();
  /** Answers "v1", "v2", ... (one more per load), or throws {@link #sourceDown}. */
  private final CacheLoader<String, String> source = loader(key -> {
    int n = loads.incrementAndGet();
    RuntimeException down = sourceDown.get();
    if (down != null) {
      throw down;
    }
    return "v" + n;
  });

  @Test
  void concurrentGetsOfAColdKeyRunTheLoaderOnceAndAllGetItsValue() throws Exception {
    Callers callers = new Callers();
    Cache<String, String> cache = readThrough(strings(), loader(key -> {
      loads.incrementAndGet();
      callers.awaitTheOthersWaitingForThisLoad();
      return "loaded-" + key;
    }));
    EventRecorder<String, String> recorder = record(cache);

    for (Future<String> result : callers.getConcurrently(cache, "k")) {
      assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("loaded-k");
    }
    assertThat(loads).hasValue(1);
    assertThat(recorder.events).containsExactly("CREATED:k=loaded-k");
  }

  @Test
  void concurrentGetsOfAColdKeyWhoseLoaderFailsRunItOnceAndAllSeeItsFailure() throws Exception {
    Callers callers = new Callers();
    IllegalStateException dbDown = new IllegalStateException("db down");
    Cache<String, String> cache = readThrough(strings(), loader(key -> {
      loads.incrementAndGet();
      callers.awaitTheOthersWaitingForThisLoad();
      throw dbDown;
    }));

    for (Future<String> result : callers.getConcurrently(cache, "k")) {
      assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(CacheLoaderException.class)
          .cause().isSameAs(dbDown);
    }
    assertThat(loads).hasValue(1);
  }

  @Test
  void failingLoaderWithFailSafeIsAnsweredWithTheLastValue() {
    Cache<String, String> cache = readThrough(withDuration(DURATION, true), source);
    assertThat(cache.get("k")).isEqualTo("v1");
    time.advance(DURATION.plus(SECOND));
    sourceDown.set(new IllegalStateException("db down"));

    assertThat(cache.get("k")).isEqualTo("v1");
    assertThat(loads).as("the loader was tried").hasValue(2);
  }

  @Test
  void failSafeFallbackIsServedForTheThrottleDurationWithoutCallingTheLoaderAgain() {
    Cache<String, String> cache = readThrough(withDuration(DURATION, true), source);
    cache.get("k");
    time.advance(DURATION.plus(SECOND));
    sourceDown.set(new IllegalStateException("db down"));
    assertThat(cache.get("k")).isEqualTo("v1");

    time.advance(THROTTLE.minus(SECOND));
    assertThat(cache.get("k")).isEqualTo("v1");
    assertThat(loads).as("throttled: the failing loader is not called again").hasValue(2);

    time.advance(SECOND.multipliedBy(2));
    sourceDown.set(null);
    assertThat(cache.get("k")).isEqualTo("v3");
  }

  @Test
  void failSafeFallbackAnswersPublishNoContradictoryCreatedEvents() {
    Cache<String, String> cache = readThrough(withDuration(DURATION, true), source);
    EventRecorder<String, String> recorder = record(cache);
    cache.get("k");
    time.advance(DURATION.plus(SECOND));
    sourceDown.set(new IllegalStateException("db down"));

    assertThat(cache.get("k")).isEqualTo("v1");
    time.advance(THROTTLE.plus(SECOND));
    assertThat(cache.get("k")).isEqualTo("v1");

    assertThat(loads).hasValue(3);
    assertThat(recorder.contradictions()).as("events " + recorder.events).isEmpty();
  }

  @Test
  void failingLoaderWithoutFailSafeThrowsCacheLoaderExceptionCausedByTheLoadersException() {
    Cache<String, String> cache = readThrough(withDuration(DURATION, false), source);
    assertThat(cache.get("k")).isEqualTo("v1");
    time.advance(DURATION.plus(SECOND));
    IllegalStateException dbDown = new IllegalStateException("db down");
    sourceDown.set(dbDown);

    assertThatThrownBy(() -> cache.get("k"))
        .isInstanceOf(CacheLoaderException.class)
        .cause().isSameAs(dbDown);
  }

  @Test
  void failingLoaderWithFailSafeButNoPreviousValueThrowsCacheLoaderException() {
    Cache<String, String> cache = readThrough(withDuration(DURATION, true), source);
    IllegalStateException dbDown = new IllegalStateException("db down");
    sourceDown.set(dbDown);

    assertThatThrownBy(() -> cache.get("k"))
        .isInstanceOf(CacheLoaderException.class)
        .cause().isSameAs(dbDown);
  }

  @Test
  void failSafeFallbackIsGoneAfterTheFailSafeMaximumDuration() {
    Cache<String, String> cache = readThrough(withDuration(DURATION, true), source);
    cache.get("k");
    time.advance(FAIL_SAFE_MAX.plus(SECOND));
    sourceDown.set(new IllegalStateException("db down"));

    assertThatThrownBy(() -> cache.get("k")).isInstanceOf(CacheLoaderException.class);
  }

  @Test
  void loaderReturningNullCachesNothingAndTheNextGetLoadsAgain() {
    Cache<String, String> cache = readThrough(strings(), loader(key -> {
      loads.incrementAndGet();
      return null;
    }));
    EventRecorder<String, String> recorder = record(cache);

    assertThat(cache.get("k")).isNull();
    assertThat(cache.containsKey("k")).isFalse();
    assertThat(engineOf(cache).memoryEntryCount()).isZero();
    assertThat(cache.get("k")).isNull();
    assertThat(loads).hasValue(2);
    assertThat(recorder.events).isEmpty();
  }

  @Test
  void loadedValueWithZeroCreationDurationIsReturnedButNotStored() {
    Cache<String, String> cache = readThrough(
        strings().setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(javax.cache.expiry.Duration.ZERO)), source);

    assertThat(cache.get("k")).isEqualTo("v1");
    assertThat(cache.containsKey("k")).isFalse();
    assertThat(engineOf(cache).memoryEntryCount()).isZero();
    assertThat(cache.get("k")).isEqualTo("v2");
  }

  @Test
  void loadedValueWithZeroCreationDurationPublishesNoCreatedEvent() {
    Cache<String, String> cache = readThrough(
        strings().setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(javax.cache.expiry.Duration.ZERO)), source);
    EventRecorder<String, String> recorder = record(cache);

    assertThat(cache.get("k")).isEqualTo("v1");
    assertThat(recorder.events).as("nothing was stored, so nothing was created").isEmpty();
  }

  private Cache<String, String> readThrough(HybridCacheConfiguration<String, String> configuration,
      CacheLoader<String, String> loader) {
    return create(configuration.setReadThrough(true).setCacheLoaderFactory(() -> loader));
  }

  private static HybridCacheConfiguration<String, String> withDuration(Duration duration, boolean failSafe) {
    EntryOptions.Builder options = EntryOptions.builder().duration(duration);
    if (failSafe) {
      options.failSafe(true, FAIL_SAFE_MAX, THROTTLE);
    }
    return strings().setDefaultEntryOptions(options.build());
  }

  private static CacheLoader<String, String> loader(Function<String, String> load) {
    return new CacheLoader<>() {
      @Override
      public String load(String key) {
        return load.apply(key);
      }

      @Override
      public Map<String, String> loadAll(Iterable<? extends String> keys) {
        Map<String, String> all = new HashMap<>();
        for (String key : keys) {
          all.put(key, load.apply(key));
        }
        return all;
      }
    };
  }

  /**
   * {@link #THREADS} threads that call {@code get} at once. A loader holds its load with
   * {@link #awaitTheOthersWaitingForThisLoad()} until every other caller is parked on a future inside {@code get}:
   * waiting for the value of the load under way (a caller that missed but had not yet joined it could otherwise run a
   * load of its own once this one failed).
   */
  private static final class Callers {
    /** Where a synchronous caller of the engine waits. */
    private static final String FUTURE = SynchronousCallers.class.getName();

    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    List<Future<String>> getConcurrently(Cache<String, String> cache, String key) {
      ExecutorService pool = Executors.newFixedThreadPool(THREADS, task -> {
        Thread t = new Thread(task, "caller-" + threads.size());
        threads.add(t);
        return t;
      });
      CountDownLatch start = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        results.add(pool.submit(() -> {
          await(start);
          return cache.get(key);
        }));
      }
      start.countDown();
      pool.shutdown(); // the submitted gets still run to completion
      return results;
    }

    void awaitTheOthersWaitingForThisLoad() {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!othersWaitOnAFuture()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the other callers did not all wait for this load within 10 s");
        }
        LockSupport.parkNanos(100_000);
      }
    }

    private boolean othersWaitOnAFuture() {
      if (threads.size() < THREADS) {
        return false;
      }
      for (Thread t : threads) {
        if (t != Thread.currentThread() && (t.getState() != Thread.State.WAITING
            || Arrays.stream(t.getStackTrace()).noneMatch(f -> f.getClassName().equals(FUTURE)))) {
          return false;
        }
      }
      return true;
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released within 10 s: " + latch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

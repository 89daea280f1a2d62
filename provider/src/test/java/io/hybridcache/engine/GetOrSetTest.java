package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridcache.EntryOptions;
import io.hybridcache.FactoryFailedException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GetOrSetTest extends EngineFixture {

  @ParameterizedTest
  @EnumSource(Api.class)
  void missRunsFactoryOnceThenHitsUntilDurationEnds(Api api) {
    AtomicInteger calls = new AtomicInteger();
    EntryOptions o = options().build();

    assertThat(api.getOrSet(cache, "k", ctx -> "v" + calls.incrementAndGet(), o)).isEqualTo("v1");
    time.advance(Duration.ofMillis(999));
    assertThat(api.getOrSet(cache, "k", ctx -> "v" + calls.incrementAndGet(), o)).isEqualTo("v1");
    time.advance(Duration.ofMillis(1));
    assertThat(api.getOrSet(cache, "k", ctx -> "v" + calls.incrementAndGet(), o)).isEqualTo("v2");
    assertThat(calls).hasValue(2);
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void concurrentCallersOnColdKeyRunTheFactoryExactlyOnce(Api api) throws Exception {
    int callers = 32;
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch factoryEntered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        results.add(pool.submit(() -> api.getOrSet(cache, "cold", ctx -> {
          calls.incrementAndGet();
          factoryEntered.countDown();
          release.await();
          return "computed";
        }, options().build())));
      }
      assertThat(factoryEntered.await(10, TimeUnit.SECONDS)).isTrue();
      release.countDown();
      for (Future<String> r : results) {
        assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo("computed");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(calls).hasValue(1);
    assertThat(cache.stats().factoryRuns()).isEqualTo(1);
  }

  @Test
  void asyncCallersWaitingOnAFactoryHoldNoThread() {
    CompletableFuture<String> source = new CompletableFuture<>();
    AtomicInteger calls = new AtomicInteger();
    List<CompletableFuture<String>> futures = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      futures.add(cache.getOrSetAsync("k", ctx -> {
        calls.incrementAndGet();
        return source;
      }));
    }
    // all 100 calls returned on this very thread while the factory is still pending
    assertThat(futures).noneMatch(CompletableFuture::isDone);
    source.complete("late");
    assertThat(futures).allMatch(f -> "late".equals(f.join()));
    assertThat(calls).hasValue(1);
  }

  @Test
  void anAsyncCallerThatCancelsOrCompletesItsFutureLeavesTheOtherCallersOfTheFlightAlone() {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> leader = cache.getOrSetAsync("k", ctx -> source);
    CompletableFuture<String> cancelling = cache.getOrSetAsync("k", ctx -> source);
    CompletableFuture<String> completing = cache.getOrSetAsync("k", ctx -> source);
    CompletableFuture<String> patient = cache.getOrSetAsync("k", ctx -> source);

    cancelling.cancel(true);
    completing.complete("mine only");
    leader.cancel(true);
    source.complete("v");

    assertThat(patient.join()).isEqualTo("v");
    assertThat(completing.join()).isEqualTo("mine only");
    assertThat(cache.tryGet("k")).contains("v");
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void throwingFactoryWithoutFailSafePropagatesAndCachesNothing(Api api) {
    assertThatThrownBy(() -> api.getOrSet(cache, "k", ctx -> {
      throw new IllegalStateException("db down");
    }, options().build())).isInstanceOf(IllegalStateException.class).hasMessage("db down");
    assertThat(api.tryGet(cache, "k")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void checkedFactoryExceptionIsWrappedWithKeyAndCause(Api api) {
    IOException cause = new IOException("disk");
    assertThatThrownBy(() -> api.getOrSet(cache, "k", ctx -> {
      throw cause;
    }, options().build())).isInstanceOf(FactoryFailedException.class).hasCause(cause).hasMessageContaining("'k'");
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void nullKeysValuesFactoriesAndOptionsAreRejected(Api api) {
    EntryOptions o = options().build();
    assertThatThrownBy(() -> api.getOrSet(cache, null, ctx -> "v", o)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("key");
    assertThatThrownBy(() -> api.getOrSet(cache, "k", null, o)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("factory");
    assertThatThrownBy(() -> api.getOrSet(cache, "k", ctx -> "v", null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("options");
    assertThatThrownBy(() -> api.set(cache, "k", null, o)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("value");
    assertThatThrownBy(() -> api.set(cache, null, "v", o)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> api.tryGet(cache, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> api.remove(cache, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> api.expire(cache, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> api.getOrSet(cache, "k", ctx -> null, o)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("returned null");
    assertThat(api.tryGet(cache, "k")).isEmpty();
  }

  @Test
  void badTagsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> cache.set("k", "v", options().build(), null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("tags");
    assertThatThrownBy(() -> cache.set("k", "v", options().build(), Set.of(""))).isInstanceOf(
        IllegalArgumentException.class).hasMessageContaining("empty");
    assertThat(cache.tryGet("k")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void factoryCanShortenItsOwnDurationAdaptiveCaching(Api api) {
    AtomicInteger calls = new AtomicInteger();
    api.getOrSet(cache, "k", ctx -> {
      calls.incrementAndGet();
      ctx.options(ctx.options().toBuilder().duration(Duration.ofMillis(100)).build());
      return "short-lived";
    }, options().duration(Duration.ofHours(1)).build());
    time.advance(Duration.ofMillis(99));
    assertThat(api.tryGet(cache, "k")).contains("short-lived");
    time.advance(Duration.ofMillis(1));
    assertThat(api.tryGet(cache, "k")).isEmpty();
    assertThat(calls).hasValue(1);
  }

  @Test
  void factoryCanSetTheTagsOfItsEntry() {
    cache.getOrSet("k", ctx -> {
      ctx.tags(Set.of("product", "price"));
      return "v";
    }, options().build(), Set.of("ignored"));
    cache.removeByTag("price");
    assertThat(cache.tryGet("k")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void conditionalRefreshKeepsTheValueWhenNotModified(Api api) {
    EntryOptions o = options().failSafe(true).build();
    api.getOrSet(cache, "k", ctx -> ctx.modified("body-1", "etag-1", Instant.EPOCH), o);
    time.advance(Duration.ofSeconds(2));

    List<String> seenEtags = new ArrayList<>();
    String refreshed = api.getOrSet(cache, "k", ctx -> {
      seenEtags.add(ctx.etag().orElse("none"));
      assertThat(ctx.lastModified()).contains(Instant.EPOCH);
      return ctx.notModified();
    }, o);

    assertThat(refreshed).isEqualTo("body-1");
    assertThat(seenEtags).containsExactly("etag-1");
    assertThat(api.tryGet(cache, "k")).contains("body-1"); // fresh again, for a whole duration
    time.advance(Duration.ofMillis(999));
    assertThat(api.tryGet(cache, "k")).contains("body-1");
  }

  @Test
  void notModifiedWithoutAFallbackTellsWhatToDo() {
    assertThatThrownBy(() -> cache.getOrSet("k", ctx -> ctx.notModified(), options().build()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no").hasMessageContaining("staleValue()");
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void factoryFailWithoutThrowingFailsTheCallWithTheReason(Api api) {
    assertThatThrownBy(() -> api.getOrSet(cache, "k", ctx -> ctx.fail("upstream said 503"), options().build()))
        .isInstanceOf(FactoryFailedException.class).hasMessageContaining("upstream said 503");
    assertThat(cache.stats().factoryErrors()).isEqualTo(1);
  }

  @Test
  void jitterAddsAtMostItsMaximumToTheDuration() {
    EntryOptions o = options().jitterMaxDuration(Duration.ofMillis(500)).build();
    for (int i = 0; i < 200; i++) {
      cache.set("k" + i, "v", o);
    }
    time.advance(Duration.ofMillis(999));
    for (int i = 0; i < 200; i++) {
      assertThat(cache.tryGet("k" + i)).as("before the duration").isPresent();
    }
    time.advance(Duration.ofMillis(502));
    for (int i = 0; i < 200; i++) {
      assertThat(cache.tryGet("k" + i)).as("after duration + max jitter").isEmpty();
    }
  }

  @Test
  void jitterSpreadsExpirations() {
    EntryOptions o = options().jitterMaxDuration(Duration.ofMillis(500)).build();
    for (int i = 0; i < 200; i++) {
      cache.set("k" + i, "v", o);
    }
    time.advance(Duration.ofMillis(1250));
    long alive = java.util.stream.IntStream.range(0, 200).filter(i -> cache.tryGet("k" + i).isPresent()).count();
    assertThat(alive).isBetween(1L, 199L);
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void skipMemoryCacheReadRunsTheFactoryAndWriteStillStores(Api api) {
    api.set(cache, "k", "old", options().build());
    String v = api.getOrSet(cache, "k", ctx -> "new", options().skipMemoryCacheRead(true).build());
    assertThat(v).isEqualTo("new");
    assertThat(api.tryGet(cache, "k")).contains("new");
    assertThat(api.tryGet(cache, "k", options().skipMemoryCacheRead(true).build())).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void skipMemoryCacheWriteReturnsTheValueWithoutCachingIt(Api api) {
    AtomicInteger calls = new AtomicInteger();
    EntryOptions o = options().skipMemoryCacheWrite(true).build();
    assertThat(api.getOrSet(cache, "k", ctx -> "v" + calls.incrementAndGet(), o)).isEqualTo("v1");
    assertThat(api.getOrSet(cache, "k", ctx -> "v" + calls.incrementAndGet(), o)).isEqualTo("v2");
    api.set(cache, "s", "v", o);
    assertThat(api.tryGet(cache, "s")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void setReplacesAndRemoveDeletesFallbackIncluded(Api api) {
    api.set(cache, "k", "a", failSafe());
    api.set(cache, "k", "b", failSafe());
    assertThat(api.tryGet(cache, "k")).contains("b");
    api.remove(cache, "k");
    assertThat(api.tryGet(cache, "k", options().allowStaleOnReadOnly(true).build())).isEmpty();
  }

  @Test
  void getOrDefaultReturnsTheDefaultOnAMissWithoutCachingIt() {
    assertThat(cache.getOrDefault("k", "dflt")).isEqualTo("dflt");
    assertThat(cache.getOrDefault("k", null)).isNull();
    assertThat(cache.tryGet("k")).isEmpty();
    cache.set("k", "v");
    assertThat(cache.getOrDefault("k", "dflt")).isEqualTo("v");
    assertThat(cache.getOrDefaultAsync("k", "dflt").join()).isEqualTo("v");
  }

  @Test
  void setDuringARunningFactoryWinsOverTheFactoryResult() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<String> loading = pool.submit(() -> cache.getOrSet("k", ctx -> {
        entered.countDown();
        release.await();
        return "from-factory";
      }));
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      cache.set("k", "explicit");
      release.countDown();
      assertThat(loading.get(10, TimeUnit.SECONDS)).isEqualTo("from-factory");
      assertThat(cache.tryGet("k")).contains("explicit");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void removeDuringARunningFactoryIsNotUndoneByItsResult() throws Exception {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> loading = cache.getOrSetAsync("k", ctx -> source);
    cache.remove("k");
    source.complete("stale-from-before-the-remove");
    assertThat(loading.join()).isEqualTo("stale-from-before-the-remove");
    assertThat(cache.tryGet("k")).isEmpty();
  }

  @Test
  void interruptRaisedInsideAnInlineFactoryStaysOnTheCallersThread() {
    try {
      String v = cache.getOrSet("k", ctx -> {
        Thread.currentThread().interrupt();
        return "v";
      });
      assertThat(v).isEqualTo("v");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void memoryLevelBoundedByWeightEvictsByEntrySize() {
    HybridCacheEngine<String, String> weighted = HybridCacheEngine.<String, String>builder("weighted")
        .timeSource(time).maximumWeight(100).build();
    try {
      for (int i = 0; i < 50; i++) {
        weighted.set("k" + i, "v", options().size(10).build());
      }
      assertThat(weighted.memoryEntryCount()).isLessThanOrEqualTo(10);
    } finally {
      weighted.close();
    }
  }

  @Test
  void builderRejectsBothBoundsAndBadValues() {
    assertThatThrownBy(() -> HybridCacheEngine.builder("x").maximumSize(10).maximumWeight(10))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not both");
    assertThatThrownBy(() -> HybridCacheEngine.builder("x").maximumSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maximumSize");
    assertThatThrownBy(() -> HybridCacheEngine.builder(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HybridCacheEngine.builder(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void clearFalseRemovesEverythingAndClearTrueKeepsFallbacks() {
    cache.set("a", "1", failSafe());
    cache.set("b", "2", failSafe());
    EntryOptions stale = options().allowStaleOnReadOnly(true).build();

    cache.clear(true);
    assertThat(cache.tryGet("a")).isEmpty();
    assertThat(cache.tryGet("a", stale)).contains("1");
    assertThat(cache.getOrSet("a", ctx -> {
      throw new IllegalStateException("down");
    }, failSafe())).isEqualTo("1");

    cache.clear(false);
    assertThat(cache.tryGet("b", stale)).isEmpty();
    cache.set("c", "3");
    assertThat(cache.tryGet("c")).contains("3");
  }

  @Test
  void removeByTagExpiresOnlyTaggedEntries() {
    cache.set("foo", "1", options().build(), Set.of("tag-1", "tag-2"));
    cache.set("bar", "2", options().build(), Set.of("tag-2", "tag-3"));
    cache.getOrSet("baz", ctx -> "3", options().build(), Set.of("tag-1", "tag-3"));
    cache.removeByTag("tag-1");
    assertThat(cache.tryGet("foo")).isEmpty();
    assertThat(cache.tryGet("bar")).contains("2");
    assertThat(cache.tryGet("baz")).isEmpty();
  }
}

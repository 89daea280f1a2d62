package io.hybridcache.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hybridcache.HybridCache;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * The starter in one application, memory level only, configured by {@code classpath:hybridcache.yaml} (found at the
 * default location): Spring's cache annotations run on HybridCache.
 */
@SpringBootTest(classes = LibraryApplication.class, properties = {"spring.jmx.enabled=true",
    "management.endpoints.jmx.exposure.include=metrics"})
class MemoryOnlyStarterTest {
  @Autowired CacheManager cacheManager;
  @Autowired Library library;
  @Autowired Catalogue catalogue;
  @Autowired MeterRegistry registry;
  @Autowired MetricsEndpoint metrics;
  @Autowired HybridCacheHealthIndicator healthIndicator;
  @Autowired RecordedObservations observations;

  private static String isbn() {
    return UUID.randomUUID().toString();
  }

  @Test
  void springsCacheManagerIsHybridCachesAndItsCachesAreHybridCaches() {
    assertThat(cacheManager).isInstanceOf(HybridSpringCacheManager.class);
    Cache books = cacheManager.getCache("books");
    assertThat(books.getNativeCache()).isInstanceOf(HybridCache.class);
    assertThat(((HybridSpringCacheManager) cacheManager).getJCacheManager().getURI())
        .hasToString("classpath:hybridcache.yaml");
  }

  @Test
  void aSyncCacheableMissIsAFactoryObservationAndAHitIsNone() {
    String isbn = isbn();
    int before = observations.stopped.size();

    library.flakySync(isbn);
    library.flakySync(isbn);

    assertThat(observations.stopped.subList(before, observations.stopped.size()))
        .containsExactly("hybridcache.factory [cache=flaky]");
  }

  @Test
  void theHealthComponentIsUpWithNoDistributedParts() {
    Health health = healthIndicator.health();

    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails()).containsEntry("distributedLevel", "none").containsEntry("backplane", "none");
  }

  @Test
  void cacheableRunsTheMethodOncePerKeyAndMultiArgumentKeysAndNullsAreCached() {
    String isbn = isbn();
    int before = library.calls("title");

    assertThat(library.title(isbn)).isEqualTo("title of " + isbn);
    assertThat(library.title(isbn)).isEqualTo("title of " + isbn);
    assertThat(library.calls("title")).isEqualTo(before + 1);

    int shelves = library.calls("shelf");
    assertThat(library.shelf("east", 3)).isEqualTo("east/3");
    assertThat(library.shelf("east", 3)).isEqualTo("east/3");
    assertThat(library.shelf("east", 4)).isEqualTo("east/4");
    assertThat(library.calls("shelf")).isEqualTo(shelves + 2);

    int missing = library.calls("missing");
    assertThat(library.missing(isbn())).isNull();
    String absent = isbn();
    assertThat(library.missing(absent)).isNull();
    assertThat(library.missing(absent)).isNull();
    assertThat(library.calls("missing")).isEqualTo(missing + 2);
  }

  @Test
  void cacheEvictRemovesOneKeyAndAllEntriesClearsTheCache() {
    String one = isbn();
    String two = isbn();
    library.title(one);
    library.title(two);
    int before = library.calls("title");

    library.withdraw(one);
    library.title(one);
    library.title(two);
    assertThat(library.calls("title")).isEqualTo(before + 1);

    library.withdrawAll();
    library.title(one);
    library.title(two);
    assertThat(library.calls("title")).isEqualTo(before + 3);
  }

  @Test
  void syncCacheableRunsTheMethodOnceForTwentyConcurrentCallers() throws Exception {
    String isbn = isbn();
    CountDownLatch gate = library.closeGate();
    int before = library.calls("slowTitle");
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        results.add(pool.submit(() -> library.slowTitle(isbn)));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> library.calls("slowTitle") == before + 1);
      gate.countDown();
      for (Future<String> result : results) {
        assertThat(result.get()).isEqualTo("slow title of " + isbn);
      }
      assertThat(library.calls("slowTitle")).isEqualTo(before + 1);
    } finally {
      gate.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void syncCacheableServesTheFailSafeFallbackWhenTheMethodThrows() {
    String isbn = isbn();
    assertThat(library.flakySync(isbn)).isEqualTo("flaky title of " + isbn);
    HybridCache<Object, Object> flaky = (HybridCache<Object, Object>) cacheManager.getCache("flaky").getNativeCache();
    flaky.expire(isbn); // past its duration: the value stays as a fallback
    int before = library.calls("flakySync");
    library.failing(true);
    try {
      assertThat(library.flakySync(isbn)).isEqualTo("flaky title of " + isbn);
      assertThat(library.calls("flakySync")).isEqualTo(before + 1);
      assertThatThrownBy(() -> library.flakySync(isbn()))
          .as("no fallback: the method's exception").isInstanceOf(IllegalStateException.class)
          .hasMessage("catalogue down");
    } finally {
      library.failing(false);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void cacheableWithoutSyncServesTheFailSafeFallbackWhenTheMethodThrows() {
    String isbn = isbn();
    assertThat(library.flaky(isbn)).isEqualTo("flaky title of " + isbn);
    HybridCache<Object, Object> flaky = (HybridCache<Object, Object>) cacheManager.getCache("flaky").getNativeCache();
    flaky.expire(isbn);
    long activations = flaky.stats().failSafeActivations();
    int before = library.calls("flaky");
    library.failing(true);
    try {
      assertThat(library.flaky(isbn)).isEqualTo("flaky title of " + isbn);
      assertThat(library.calls("flaky")).isEqualTo(before + 1);
      assertThat(flaky.stats().failSafeActivations()).isEqualTo(activations + 1);
      assertThatThrownBy(() -> library.flaky(isbn()))
          .as("no fallback: the method's exception").isInstanceOf(IllegalStateException.class)
          .hasMessage("catalogue down");
    } finally {
      library.failing(false);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void aClassLevelCacheableServesTheFailSafeFallbackToo() {
    String id = "class-level-" + isbn();
    assertThat(catalogue.entry(id)).isEqualTo("entry " + id);
    ((HybridCache<Object, Object>) cacheManager.getCache("flaky").getNativeCache()).expire(id);
    int before = Catalogue.CALLS.get();
    Catalogue.failing = true;
    try {
      assertThat(catalogue.entry(id)).isEqualTo("entry " + id);
      assertThat(Catalogue.CALLS).hasValue(before + 1);
    } finally {
      Catalogue.failing = false;
    }
  }

  @Test
  void aCompletableFutureMethodIsCachedThroughTheAsyncApi() throws Exception {
    String isbn = isbn();
    int before = library.calls("titleAsync");

    assertThat(library.titleAsync(isbn).get()).isEqualTo("async title of " + isbn);
    assertThat(library.titleAsync(isbn).get()).isEqualTo("async title of " + isbn);

    assertThat(library.calls("titleAsync")).isEqualTo(before + 1);
    assertThat(cacheManager.getCache("books").retrieve(isbn).get())
        .isInstanceOfSatisfying(Cache.ValueWrapper.class, w -> assertThat(w.get()).isEqualTo("async title of " + isbn));
    assertThat(cacheManager.getCache("books").retrieve(isbn())).succeedsWithin(Duration.ofSeconds(10)).isNull();
  }

  @Test
  @SuppressWarnings("unchecked")
  void cacheMetersCountHitsMissesAndFailSafeThroughSpringBootsCacheMetrics() {
    cacheManager.getCache("books"); // created on first use, and bound then
    cacheManager.getCache("flaky");
    double hits = count("cache.gets", "books", "result", "hit");
    double misses = count("cache.gets", "books", "result", "miss");
    String isbn = isbn();
    library.title(isbn);
    library.title(isbn);
    library.title(isbn);

    assertThat(count("cache.gets", "books", "result", "hit")).isEqualTo(hits + 2);
    assertThat(count("cache.gets", "books", "result", "miss")).isEqualTo(misses + 1);
    MetricsEndpoint.MetricDescriptor gets = metrics.metric("cache.gets", List.of("cache:books", "result:hit"));
    assertThat(gets.getMeasurements().get(0).getValue()).isEqualTo(hits + 2);

    double activations = count("hybridcache.failsafe.activations", "flaky");
    library.flakySync(isbn);
    ((HybridCache<Object, Object>) cacheManager.getCache("flaky").getNativeCache()).expire(isbn);
    library.failing(true);
    try {
      library.flakySync(isbn);
    } finally {
      library.failing(false);
    }
    assertThat(count("hybridcache.failsafe.activations", "flaky")).isEqualTo(activations + 1);
  }

  private double count(String meter, String cache, String... tags) {
    return registry.get(meter).tag("cache", cache).tag("cache.manager", "cacheManager").tags(tags)
        .functionCounter().count();
  }
}

package io.hybridcache.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridcache.HybridCache;
import io.hybridcache.jcache.HybridCacheManager;
import io.hybridcache.spi.OperationObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.ObservationView;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Factory runs and distributed-level calls become observations of an ObservationRegistry; hits do not; the no-op
 * registry costs nothing.
 */
class HybridCacheObservationsTest {
  private final List<String> stopped = new CopyOnWriteArrayList<>();
  private final ObservationRegistry registry = ObservationRegistry.create();
  private CacheManager manager;

  @AfterEach
  void close() {
    if (manager != null) {
      manager.close();
    }
  }

  @SuppressWarnings("unchecked")
  private HybridCache<String, String> observedCache() {
    registry.observationConfig().observationHandler(new ObservationHandler<>() {
      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }

      @Override
      public void onStop(Observation.Context context) {
        stopped.add(context.getName() + " " + context.getLowCardinalityKeyValues().stream()
            .map(kv -> kv.getKey() + "=" + kv.getValue()).toList()
            + (context.getError() == null ? "" : " error=" + context.getError().getMessage()));
      }
    });
    Properties properties = new Properties();
    properties.put(HybridCacheManager.OBSERVER_PROPERTY, HybridCacheObservations.of(registry));
    manager = Caching.getCachingProvider().getCacheManager(URI.create("hybridcache:observed"),
        getClass().getClassLoader(), properties);
    return manager.createCache("books", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)).unwrap(HybridCache.class);
  }

  @Test
  void aFactoryRunIsAnObservationWithItsErrorAndAHitIsNone() {
    HybridCache<String, String> cache = observedCache();

    cache.getOrSet("k", ctx -> "v");
    cache.getOrSet("k", ctx -> "never");
    assertThatThrownBy(() -> cache.getOrSet("bad", ctx -> {
      throw new IllegalStateException("database down");
    })).isInstanceOf(IllegalStateException.class);

    assertThat(stopped).containsExactly("hybridcache.factory [cache=books]",
        "hybridcache.factory [cache=books] error=database down");
  }

  @Test
  void whatAFactoryObservesItselfIsAChildOfTheFactoryRun() {
    HybridCache<String, String> cache = observedCache();
    List<String> parents = new CopyOnWriteArrayList<>();

    cache.getOrSet("k", ctx -> {
      Observation query = Observation.createNotStarted("db.query", registry).start();
      ObservationView parent = query.getContextView().getParentObservation();
      parents.add(parent == null ? "none" : parent.getContextView().getName());
      query.stop();
      return "v";
    });

    assertThat(parents).containsExactly("hybridcache.factory");
    assertThat(registry.getCurrentObservation()).as("the scope is closed after the run").isNull();
  }

  @Test
  void aDistributedLevelCallIsAnObservationNamedByItsOperation() {
    observedCache();
    OperationObserver.Observed failed = HybridCacheObservations.of(registry).start("l2.get", "books");
    failed.failed(new IllegalStateException("Redis down"));
    failed.stop();
    OperationObserver.Observed found = HybridCacheObservations.of(registry).start("l2.get", "books");
    found.result("hit");
    found.stop();

    assertThat(stopped).containsExactly("hybridcache.l2 [cache=books, operation=get] error=Redis down",
        "hybridcache.l2 [cache=books, operation=get, result=hit]");
  }

  @Test
  void theNoopRegistryGivesTheObserverThatObservesNothing() {
    assertThat(HybridCacheObservations.of(ObservationRegistry.NOOP)).isSameAs(OperationObserver.NONE);
    assertThat(HybridCacheObservations.of(registry)).isNotSameAs(OperationObserver.NONE);
  }
}

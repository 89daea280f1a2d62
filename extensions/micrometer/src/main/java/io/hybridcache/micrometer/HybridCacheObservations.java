package io.hybridcache.micrometer;

import io.hybridcache.spi.OperationObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;

/**
 * Micrometer {@link Observation}s of HybridCache's slow operations, for tracing and timers: {@code hybridcache.factory}
 * (a factory run; low-cardinality key {@code cache}) and {@code hybridcache.l2} (a call to the distributed level;
 * keys {@code operation}: {@code get}, {@code set}, {@code remove}, {@code compareAndSet}, {@code compareAndRemove},
 * {@code keys}, {@code getAll}, {@code setAll}, {@code removeAll}; {@code cache}, the cache of its key ({@code null}
 * when none); and for a {@code get} that succeeded, {@code result}: {@code hit} or {@code miss}). A failure is the
 * observation's error. Keys are never recorded. Hits in the memory level are never observed.
 *
 * <p>Give it to a manager through its {@code io.hybridcache.observer} property
 * ({@code HybridCacheManager.OBSERVER_PROPERTY}); the Spring Boot starter does so when the application has an
 * {@link ObservationRegistry}. An observation's parent is the observation current on the thread that starts the
 * operation. A factory that runs on the caller's thread runs inside its observation's scope, so the observations it
 * makes itself (a JDBC call, an HTTP client) are its children; one offloaded to a background thread (a factory timeout)
 * is not.
 */
public final class HybridCacheObservations implements OperationObserver {
  private final ObservationRegistry registry;

  private HybridCacheObservations(ObservationRegistry registry) {
    this.registry = registry;
  }

  /**
   * The observer over {@code registry}; {@link OperationObserver#NONE} for {@link ObservationRegistry#NOOP}, so that
   * nothing is paid. A registry without handlers yet is observed (its observations are no-ops until it has some).
   *
   * @throws NullPointerException if {@code registry} is null
   */
  public static OperationObserver of(ObservationRegistry registry) {
    Objects.requireNonNull(registry, "registry must not be null");
    return registry == ObservationRegistry.NOOP ? OperationObserver.NONE : new HybridCacheObservations(registry);
  }

  @Override
  public Observed start(String operation, String cacheName) {
    Observation observation;
    if (operation.startsWith("l2.")) {
      String call = operation.substring(3);
      observation = Observation.createNotStarted("hybridcache.l2", registry)
          .contextualName("hybridcache l2 " + call).lowCardinalityKeyValue("operation", call)
          .lowCardinalityKeyValue("cache", String.valueOf(cacheName));
    } else {
      observation = Observation.createNotStarted("hybridcache." + operation, registry)
          .contextualName("hybridcache " + operation + " " + cacheName)
          .lowCardinalityKeyValue("cache", String.valueOf(cacheName));
    }
    Observation started = observation.start();
    return new Observed() {
      @Override
      public Scope openScope() {
        Observation.Scope scope = started.openScope();
        return scope::close;
      }

      @Override
      public void result(String result) {
        started.lowCardinalityKeyValue("result", result);
      }

      @Override
      public void failed(Throwable error) {
        started.error(error);
      }

      @Override
      public void stop() {
        started.stop();
      }
    };
  }
}

package io.hybridcache.spi;

/**
 * Observes the slow operations of a cache, for tracing: factory runs ({@value #FACTORY}) and the distributed level's
 * calls ({@code l2.get}, {@code l2.set}, {@code l2.remove}, {@code l2.compareAndSet}, {@code l2.compareAndRemove},
 * {@code l2.keys}, and the bulk calls {@code l2.getAll}, {@code l2.setAll}, {@code l2.removeAll}, each one
 * observation for the whole batch). Hits are never observed. {@link #NONE} observes nothing, at no cost; a manager
 * gets an observer through its {@code io.hybridcache.observer} property
 * ({@code HybridCacheManager.OBSERVER_PROPERTY}).
 *
 * <p>{@link #start} runs on the thread that starts the operation, before it starts; the {@link Observed} may be ended
 * on another thread. An observer must be quick and must not throw (what it throws reaches the cache's caller).
 */
@FunctionalInterface
public interface OperationObserver {
  /** The operation name of a factory run. */
  String FACTORY = "factory";

  /** Observes nothing. */
  OperationObserver NONE = (operation, cacheName) -> Observed.NONE;

  /**
   * An operation starts.
   *
   * @param operation what runs: {@value #FACTORY} or {@code l2.<call>}
   * @param cacheName the cache it runs for, or null for a distributed-level call (its key names the cache)
   * @return what the end of the operation is told to
   */
  Observed start(String operation, String cacheName);

  /** One operation in progress. */
  interface Observed {
    /** Ends nothing. */
    Observed NONE = new Observed() {
      @Override
      public void failed(Throwable error) {}

      @Override
      public void stop() {}
    };

    /** The operation failed with {@code error}; {@link #stop()} follows. */
    void failed(Throwable error);

    /** The operation ended (once). */
    void stop();
  }
}

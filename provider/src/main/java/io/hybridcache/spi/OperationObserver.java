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
 * on another thread. A factory that runs on the caller's thread runs inside the scope {@link Observed#openScope()}
 * opens there, so what it observes itself (a database call) is a child of the factory run; a factory offloaded to a
 * background thread (a factory timeout) runs outside it. An observer must be quick and must not throw (what it
 * throws reaches the cache's caller).
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
   * @param cacheName the cache it runs for (for a distributed-level call, the cache its key belongs to; for a bulk
   *     call, its first key's), or null when no cache can be named (the sequence counter, a lock)
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

    /**
     * Makes the operation the current one on this thread until the scope is closed (on this thread), so that what the
     * operation observes itself nests under it. By default nothing is made current.
     *
     * @return the scope to close
     */
    default Scope openScope() {
      return Scope.NONE;
    }

    /**
     * The result of a read that succeeded, before {@link #stop()}: {@code hit} (the level held bytes for the key) or
     * {@code miss}. Not told for writes, bulk calls or failures. By default ignored.
     *
     * @param result {@code hit} or {@code miss}
     */
    default void result(String result) {}

    /**
     * The operation failed with {@code error}; {@link #stop()} follows.
     *
     * @param error what the operation failed with
     */
    void failed(Throwable error);

    /** The operation ended (once). */
    void stop();
  }

  /** The operation current on a thread, until closed on that thread. */
  @FunctionalInterface
  interface Scope extends AutoCloseable {
    /** Makes nothing current. */
    Scope NONE = () -> {};

    /** Restores what was current before the scope opened. */
    @Override
    void close();
  }
}

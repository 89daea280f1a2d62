package io.hybridcache.engine;

import io.hybridcache.DistributedCacheException;

/** A call refused at once because the component's circuit breaker is open after a recent failure. */
final class CircuitOpenException extends DistributedCacheException {
  private static final long serialVersionUID = 1L;

  CircuitOpenException(String component, long remainingMillis) {
    super(component + " is skipped for " + remainingMillis + " ms more after a failure (circuit breaker open)", null);
  }
}

package io.hybridcache.engine;

import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.BackplaneMessage;
import java.util.concurrent.CompletableFuture;

/**
 * A backplane whose publishing is behind a {@link CircuitBreaker}: while it is open, a publish fails at once.
 * Subscribing is not guarded, and the node closes the breaker when a message arrives (the bus is back).
 */
final class GuardedBackplane implements Backplane {
  private final Backplane backplane;
  private final CircuitBreaker breaker;

  GuardedBackplane(Backplane backplane, CircuitBreaker breaker) {
    this.backplane = backplane;
    this.breaker = breaker;
  }

  @Override
  public void subscribe(String channel, Listener listener) {
    backplane.subscribe(channel, listener);
  }

  @Override
  public CompletableFuture<Void> publish(String channel, BackplaneMessage message) {
    if (!breaker.allows()) {
      return CompletableFuture.failedFuture(new CircuitOpenException("the backplane", breaker.remainingMillis()));
    }
    CompletableFuture<Void> published;
    try {
      published = backplane.publish(channel, message);
    } catch (RuntimeException e) {
      breaker.failed(e);
      throw e;
    }
    return published.whenComplete((v, error) -> {
      if (error == null) {
        breaker.succeeded();
      } else {
        breaker.failed(error);
      }
    });
  }

  @Override
  public void close() {
    backplane.close();
  }
}

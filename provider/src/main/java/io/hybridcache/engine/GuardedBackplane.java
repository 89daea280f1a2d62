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
    return breaker.guard(() -> backplane.publish(channel, message));
  }

  @Override
  public void close() {
    backplane.close();
  }
}

package io.hybridcache.benchmarks;

import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.BackplaneMessage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Backplane} whose publishes take {@code delay} in all: the message goes out at once, and the future
 * completes once {@code delay} has passed since the call and the real publish completed, without blocking a thread. Subscriptions are the wrapped one's.
 */
final class DelayedBackplane implements Backplane {
  private final Backplane delegate;
  private final Duration later;

  DelayedBackplane(Backplane delegate, Duration delay) {
    this.delegate = delegate;
    this.later = delay;
  }

  @Override
  public void subscribe(String channel, Listener listener) {
    delegate.subscribe(channel, listener);
  }

  @Override
  public CompletableFuture<Void> publish(String channel, BackplaneMessage message) {
    return DelayedLevel.delayed(delegate.publish(channel, message), later);
  }

  @Override
  public void close() {
    delegate.close();
  }
}

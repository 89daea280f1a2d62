package io.hybridcache.benchmarks;

import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.BackplaneMessage;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A {@link Backplane} that tells {@code applied} about each message once the node it serves has handled it: the
 * node's listener (which updates that node's L1 on the calling thread) runs first, then the callback. This is how the
 * propagation benchmark sees the moment the other node's memory level changed, without polling it.
 */
final class SignallingBackplane implements Backplane {
  private final Backplane delegate;
  private final Consumer<BackplaneMessage> applied;

  SignallingBackplane(Backplane delegate, Consumer<BackplaneMessage> applied) {
    this.delegate = delegate;
    this.applied = applied;
  }

  @Override
  public void subscribe(String channel, Listener listener) {
    delegate.subscribe(channel, new Listener() {
      @Override
      public void onMessage(BackplaneMessage message) {
        listener.onMessage(message);
        applied.accept(message);
      }

      @Override
      public void onResubscribed() {
        listener.onResubscribed();
      }
    });
  }

  @Override
  public CompletableFuture<Void> publish(String channel, BackplaneMessage message) {
    return delegate.publish(channel, message);
  }

  @Override
  public void close() {
    delegate.close();
  }
}

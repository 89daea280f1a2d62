package io.hybridcache.spi;

import java.util.concurrent.CompletableFuture;

/**
 * The contract of the notification bus that keeps every node's memory level coherent. Messages carry no values, only
 * what changed ("lazy" invalidation). Delivery is at most once: a receiver must be told when its subscription was lost
 * and re-established, because it cannot know what it missed.
 */
public interface Backplane extends AutoCloseable {

  /**
   * Subscribes to {@code channel}; messages and reconnections are reported to {@code listener} on the backplane's own
   * threads, in the order received.
   */
  void subscribe(String channel, Listener listener);

  /** Publishes {@code message} to its channel; a failure completes the future exceptionally. */
  CompletableFuture<Void> publish(String channel, BackplaneMessage message);

  /** Unsubscribes and releases the connections. */
  @Override
  void close();

  /** Receives what arrives on a subscribed channel. */
  interface Listener {

    /** A message from any node, this one included (the engine ignores its own). */
    void onMessage(BackplaneMessage message);

    /** The subscription was lost and is active again: messages may have been missed in between. */
    void onResubscribed();
  }
}

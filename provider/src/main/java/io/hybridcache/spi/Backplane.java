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
   * threads (possibly the one that read the message: see {@link Listener}), in the order received.
   *
   * @param channel the channel
   * @param listener the listener
   */
  void subscribe(String channel, Listener listener);

  /**
   * Publishes {@code message} to its channel; a failure completes the future exceptionally.
   *
   * @param channel the channel
   * @param message the message
   * @return a future completing once the message is published, exceptionally when that failed
   */
  CompletableFuture<Void> publish(String channel, BackplaneMessage message);

  /** Unsubscribes and releases the connections. */
  @Override
  void close();

  /**
   * Receives what arrives on a subscribed channel. A backplane may call it on the thread that read the message (the
   * Redis backplane does: a Netty I/O thread, which also reads the replies to commands), one call at a time per
   * subscription, in the order received: an implementation returns at once and hands anything that may wait (a lock,
   * a call to Redis, a sweep of a cache) to a thread of its own.
   */
  interface Listener {

    /**
     * A message from any node, this one included (the engine ignores its own).
     *
     * @param message the message
     */
    void onMessage(BackplaneMessage message);

    /** The subscription was lost and is active again: messages may have been missed in between. */
    void onResubscribed();
  }
}

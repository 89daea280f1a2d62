package io.hybridcache.distributed;

import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.BackplaneMessage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener subscribed to one channel, with its own delivery thread: what it receives arrives in the order offered,
 * never on the offering thread. While disconnected, or once cancelled, offered messages are lost. A listener that throws
 * is logged and keeps receiving.
 */
final class Subscription {
  private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);

  private final String channel;
  private final Backplane.Listener listener;
  private final ExecutorService deliveryThread;
  private volatile boolean connected;

  Subscription(String nodeName, String channel, Backplane.Listener listener, boolean connected) {
    this.channel = channel;
    this.listener = listener;
    this.connected = connected;
    this.deliveryThread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "in-memory-backplane-" + nodeName + "-" + channel);
      t.setDaemon(true);
      return t;
    });
  }

  String channel() {
    return channel;
  }

  /** Queues {@code message} for delivery, or drops it when disconnected or cancelled. */
  void offer(BackplaneMessage message) {
    if (connected) {
      deliver(() -> listener.onMessage(message));
    }
  }

  /** Stops delivery of later messages until {@link #reconnect()}. */
  void disconnect() {
    connected = false;
  }

  /** Resumes delivery and tells the listener, in order with its messages, that it was resubscribed. */
  void reconnect() {
    connected = true;
    deliver(listener::onResubscribed);
  }

  /** Drops later messages; those already queued are still delivered. */
  void cancel() {
    connected = false;
    deliveryThread.shutdown();
  }

  private void deliver(Runnable call) {
    try {
      deliveryThread.execute(() -> {
        try {
          call.run();
        } catch (RuntimeException e) {
          LOG.warn("backplane listener on {} failed", channel, e);
        }
      });
    } catch (RejectedExecutionException cancelled) {
      // cancelled meanwhile: the message is lost, as on a closed connection
    }
  }
}

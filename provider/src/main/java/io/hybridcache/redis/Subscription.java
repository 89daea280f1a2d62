package io.hybridcache.redis;

import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.BackplaneMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.redisson.api.RTopic;
import org.redisson.api.listener.MessageListener;
import org.redisson.api.listener.StatusListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscription of one client to one channel, shared by the listeners subscribed to it through that client: decodes
 * what arrives, hands it to each listener in turn, and tells a re-subscription from the first subscription.
 *
 * <p>Messages and confirmations arrive on the Netty thread that read them ({@link InlineExecutor}), one at a time, in
 * order; the listeners are told there (see {@link Backplane.Listener}).
 *
 * <p>Redisson confirms each {@code SUBSCRIBE} it makes to the status listener: the first one, and every one after a
 * lost connection. {@link #start} waits for the first, so any confirmation after it returned is a re-subscription.
 */
final class Subscription {
  private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);

  private final String channel;
  /** Checks the messages received; null when they are unsigned. */
  private final MessageSigner signer;
  /** Counts the frames received that were longer than {@link BackplaneWire#MAX_FRAME_BYTES}. */
  private final LongAdder oversized;
  private final List<Backplane.Listener> listeners = new CopyOnWriteArrayList<>();
  private final CountDownLatch subscribed = new CountDownLatch(1);
  private RTopic topic;
  private int statusId = -1;
  private int messageId = -1;
  private volatile boolean started;
  private volatile boolean stopped;

  Subscription(String channel, MessageSigner signer, LongAdder oversized) {
    this.oversized = oversized;
    this.channel = channel;
    this.signer = signer;
  }

  /** Adds a listener: it gets the messages that arrive from now on (before or after {@link #start}). */
  void add(Backplane.Listener listener) {
    listeners.add(listener);
  }

  /**
   * Subscribes and waits until Redis confirmed it.
   *
   * @throws IllegalStateException if Redis does not confirm within {@code timeout} (or the thread is interrupted);
   *     the listeners are removed again
   */
  void start(RTopic topic, Duration timeout) {
    this.topic = topic;
    statusId = topic.addListener(new StatusListener() {
      @Override
      public void onSubscribe(String name) {
        subscribedAgain();
      }

      @Override
      public void onUnsubscribe(String name) {
        LOG.debug("unsubscribed from {}", name);
      }
    });
    messageId = topic.addListener(byte[].class, (MessageListener<byte[]>) (name, frame) -> received(frame));
    boolean confirmed;
    try {
      confirmed = subscribed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      confirmed = false;
    }
    if (!confirmed) {
      stop();
      throw new IllegalStateException("Redis did not confirm the subscription to " + channel + " within " + timeout);
    }
    started = true;
  }

  /** Removes the listeners; later messages and confirmations are ignored. */
  void stop() {
    stopped = true;
    if (topic != null) {
      try {
        topic.removeListener(statusId, messageId);
      } catch (RuntimeException e) {
        LOG.debug("could not remove the listeners of {} (the client may be shutting down)", channel, e);
      }
    }
  }

  private void subscribedAgain() {
    if (!started) {
      subscribed.countDown();
      LOG.debug("subscribed to {}", channel);
      return;
    }
    if (stopped) {
      return;
    }
    LOG.warn("the subscription to {} was lost and is back; messages published meanwhile were missed", channel);
    for (Backplane.Listener listener : listeners) {
      try {
        listener.onResubscribed();
      } catch (RuntimeException e) {
        LOG.warn("a listener of {} failed on re-subscription", channel, e);
      }
    }
  }

  private void received(byte[] frame) {
    if (stopped) {
      return;
    }
    if (frame != null && frame.length > BackplaneWire.MAX_FRAME_BYTES) { // not even looked into
      oversized.increment();
      LOG.debug("ignored a message of {} bytes on {}: longer than a backplane message can be ({} bytes)",
          frame.length, channel, BackplaneWire.MAX_FRAME_BYTES);
      return;
    }
    BackplaneMessage message = BackplaneWire.decode(frame, signer, channel);
    if (message == null) { // a refused signature is logged by the signer
      LOG.debug("ignored a message on {} that is not a HybridCache v{} backplane message ({} bytes)", channel,
          BackplaneMessage.FORMAT_VERSION, frame == null ? 0 : frame.length);
      return;
    }
    for (Backplane.Listener listener : listeners) {
      try {
        listener.onMessage(message);
      } catch (RuntimeException e) {
        LOG.warn("a listener of {} failed on a {} message for cache '{}'", channel, message.type(),
            message.cacheName(), e);
      }
    }
  }
}

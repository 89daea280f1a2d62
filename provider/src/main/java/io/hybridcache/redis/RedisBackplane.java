package io.hybridcache.redis;

import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.BackplaneMessage;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backplane on Redis pub/sub, through one node's {@link RedissonClient}: one topic per channel, with a byte
 * codec, carrying {@link BackplaneWire} frames.
 *
 * <ul>
 *   <li>{@link #subscribe} returns once the subscription is active (or throws when Redis does not confirm it within
 *       {@code timeout}). Messages reach the listener on Redisson's listener threads, one at a time and in the order
 *       the server sent them (Redisson serializes the messages of one channel).
 *   <li>A frame that does not decode (another program's message on the channel, corrupt bytes, another version) is
 *       logged at debug and dropped; an exception thrown by the listener is logged at warn; neither stops the
 *       messages that follow.
 *   <li>When Redisson re-subscribes after losing the connection (a restarted or failed-over server), the listener is
 *       told through {@link Listener#onResubscribed()}: Redisson confirms every subscription it makes to a status
 *       listener, and every confirmation after the first is a re-subscription.
 *   <li>A frame longer than {@link BackplaneWire#MAX_FRAME_BYTES} is neither published ({@link #publish} fails with an
 *       {@link IllegalArgumentException}; the engine never asks, it announces a too long key otherwise) nor decoded
 *       when it arrives; both counted.
 *   <li>{@link #publish} sends the message as it is, with the sequence it carries (0 from the engine: only a write of
 *       the level, whose script counts, assigns one).
 * </ul>
 *
 * <p>{@link #close()} removes this backplane's listeners; it does not close the client, which {@link RedisConnection}
 * owns. Afterwards {@link #publish} fails and {@link #subscribe} throws {@link IllegalStateException}.
 */
final class RedisBackplane implements Backplane {
  private static final Logger LOG = LoggerFactory.getLogger(RedisBackplane.class);

  private final RedissonClient client;
  private final Callbacks callbacks;
  private final Duration timeout;
  /** Signs what is published and checks what arrives; null for unsigned messages. */
  private final MessageSigner signer;
  private final Map<String, RTopic> topics = new ConcurrentHashMap<>();
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final LongAdder oversizedReceived = new LongAdder();
  private final LongAdder oversizedRefused = new LongAdder();
  private volatile boolean closed;

  RedisBackplane(RedissonClient client, Callbacks callbacks, Duration timeout, MessageSigner signer) {
    this.client = client;
    this.callbacks = callbacks;
    this.timeout = timeout;
    this.signer = signer;
  }

  /**
   * Subscribes {@code listener} to {@code channel}. The first listener of a channel makes the subscription, and waits
   * for Redis to confirm it; later ones join it (Redisson confirms a channel once per connection, not per listener).
   *
   * @throws IllegalStateException if this backplane is closed, or Redis did not confirm the subscription in time
   */
  @Override
  public synchronized void subscribe(String channel, Listener listener) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(listener, "listener");
    if (closed) {
      throw new IllegalStateException("the Redis backplane is closed");
    }
    Subscription existing = subscriptions.get(channel);
    if (existing != null) {
      existing.add(listener);
      return;
    }
    Subscription subscription = new Subscription(channel, signer, oversizedReceived);
    subscription.add(listener);
    subscription.start(topic(channel), timeout);
    subscriptions.put(channel, subscription);
  }

  @Override
  public CompletableFuture<Void> publish(String channel, BackplaneMessage message) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(message, "message");
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("the Redis backplane is closed"));
    }
    byte[] frame = BackplaneWire.frame(message, signer, channel);
    if (frame.length > BackplaneWire.MAX_FRAME_BYTES) {
      oversizedRefused.increment();
      LOG.warn("refused to publish a {} message of {} bytes for cache '{}' on {}: longer than {} bytes, it could make "
          + "Redis drop every subscriber (client-output-buffer-limit pubsub)", message.type(), frame.length,
          message.cacheName(), channel, BackplaneWire.MAX_FRAME_BYTES);
      return CompletableFuture.failedFuture(new IllegalArgumentException("a backplane message of " + frame.length
          + " bytes is longer than the " + BackplaneWire.MAX_FRAME_BYTES + " bytes allowed; not published"));
    }
    return callbacks.of(topic(channel).publishAsync(frame)).<Void>thenApply(receivers -> null)
        .whenComplete((v, error) -> {
          if (error != null) {
            LOG.debug("publishing {} of '{}' on {} failed", message.type(), message.key(), channel, error);
          }
        });
  }

  /** How many frames longer than {@link BackplaneWire#MAX_FRAME_BYTES} arrived; each ignored before decoding. */
  long oversizedFramesReceived() {
    return oversizedReceived.sum();
  }

  /** How many messages {@link #publish} refused for a frame longer than {@link BackplaneWire#MAX_FRAME_BYTES}. */
  long oversizedMessagesRefused() {
    return oversizedRefused.sum();
  }

  /** Removes this backplane's listeners; idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    for (Subscription subscription : subscriptions.values()) {
      subscription.stop();
    }
    subscriptions.clear();
  }

  private RTopic topic(String channel) {
    return topics.computeIfAbsent(channel, name -> client.getTopic(name, ByteArrayCodec.INSTANCE));
  }
}

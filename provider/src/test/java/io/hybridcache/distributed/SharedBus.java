package io.hybridcache.distributed;

import io.hybridcache.spi.BackplaneMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The pub/sub server every {@link InMemoryBackplane} of one simulated cluster points at: it hands a published message
 * to every subscription of its channel, the publisher's own included. Handing over only queues the message on each
 * subscription's delivery thread, so it never blocks nor runs a listener on the publisher's thread.
 */
public final class SharedBus {
  private final Map<String, List<Subscription>> byChannel = new ConcurrentHashMap<>();

  /** A bus with no subscriptions. */
  public SharedBus() {}

  void add(Subscription subscription) {
    byChannel.computeIfAbsent(subscription.channel(), c -> new CopyOnWriteArrayList<>()).add(subscription);
  }

  void remove(Subscription subscription) {
    List<Subscription> subscriptions = byChannel.get(subscription.channel());
    if (subscriptions != null) {
      subscriptions.remove(subscription);
    }
  }

  /** Offers {@code message} to every current subscription of {@code channel}; none is fine. */
  synchronized void deliver(String channel, BackplaneMessage message) {
    for (Subscription s : byChannel.getOrDefault(channel, List.of())) {
      s.offer(message);
    }
  }

  /** The number of subscriptions to {@code channel}, connected or not. */
  public int subscribers(String channel) {
    return byChannel.getOrDefault(channel, List.of()).size();
  }
}

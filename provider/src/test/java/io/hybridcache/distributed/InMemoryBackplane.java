package io.hybridcache.distributed;

import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.BackplaneMessage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node's connection to a {@link SharedBus}: a {@link Backplane} that behaves like Redis pub/sub, for tests.
 *
 * <ul>
 *   <li>{@link #publish} reaches every subscriber of the channel, this node's included, each on its own delivery thread
 *       in publish order; its future completes once the message is handed to the bus, not when it is received.
 *   <li>Delivery is at most once: {@link #dropNext} loses messages silently (the publish succeeds), and messages published
 *       while this node is {@link #disconnect() disconnected} never reach it; {@link #reconnect()} then calls every
 *       listener's {@link Backplane.Listener#onResubscribed()} on its delivery thread.
 *   <li>Faults ({@link #failNext}, {@link #failAll}, {@link #delay}, {@link #blockUntil}) apply to this instance's
 *       publishes; a failed publish delivers nothing, a gated one is handed over when released.
 *   <li>After {@link #close()}, this node's subscriptions are gone, {@link #publish} fails with
 *       {@link IllegalStateException} and {@link #subscribe} throws it.
 * </ul>
 */
public final class InMemoryBackplane implements Backplane {
  private final SharedBus bus;
  private final String nodeName;
  private final Faults faults = new Faults();
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private final AtomicLong publishes = new AtomicLong();
  private int dropsLeft;
  private boolean connected = true;
  private boolean closed;

  /** A connection of the node {@code nodeName} (used in thread names) to {@code bus}. */
  public InMemoryBackplane(SharedBus bus, String nodeName) {
    this.bus = Objects.requireNonNull(bus, "bus");
    this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
  }

  @Override
  public synchronized void subscribe(String channel, Listener listener) {
    if (closed) {
      throw new IllegalStateException("backplane closed");
    }
    Subscription s = new Subscription(nodeName, Objects.requireNonNull(channel, "channel"),
        Objects.requireNonNull(listener, "listener"), connected);
    subscriptions.add(s);
    bus.add(s);
  }

  @Override
  public CompletableFuture<Void> publish(String channel, BackplaneMessage message) {
    publishes.incrementAndGet();
    return faults.run(() -> {
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(message, "message");
      if (takeDropOrCheckOpen()) {
        bus.deliver(channel, message);
      }
      return null;
    });
  }

  /** Unsubscribes this node; messages already queued for its listeners are still delivered. Idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    for (Subscription s : subscriptions) {
      bus.remove(s);
      s.cancel();
    }
    subscriptions.clear();
  }

  /** The next {@code n} messages this node publishes are lost silently. */
  public synchronized void dropNext(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n < 0: " + n);
    }
    dropsLeft = n;
  }

  /** This node's subscriptions stop receiving until {@link #reconnect()}; what is published meanwhile is lost to it. */
  public synchronized void disconnect() {
    connected = false;
    subscriptions.forEach(Subscription::disconnect);
  }

  /** This node's subscriptions receive again, and each listener is told through {@code onResubscribed()}. */
  public synchronized void reconnect() {
    connected = true;
    subscriptions.forEach(Subscription::reconnect);
  }

  /** The next {@code n} publishes of this node fail with {@code failure}. */
  public void failNext(int n, RuntimeException failure) {
    faults.failNext(n, failure);
  }

  /** While on, every publish of this node fails. */
  public void failAll(boolean on) {
    faults.failAll(on);
  }

  /** Publishes called from now on are handed over {@code delay} (real time) later, on another thread. */
  public void delay(Duration delay) {
    faults.delay(delay);
  }

  /** Publishes called from now on are handed over only once {@code gate} opens; {@code null} removes the gate. */
  public void blockUntil(CountDownLatch gate) {
    faults.blockUntil(gate);
  }

  /** The number of {@link #publish} calls, failed and dropped ones included. */
  public long publishes() {
    return publishes.get();
  }

  /** Whether the message about to be handed over survives; throws when closed. */
  private synchronized boolean takeDropOrCheckOpen() {
    if (closed) {
      throw new IllegalStateException("backplane closed");
    }
    if (dropsLeft > 0) {
      dropsLeft--;
      return false;
    }
    return true;
  }
}

package io.hybridcache.engine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The distributed operations of one cache that failed and are to be made again when the component answers: at most
 * one per key (the newest wins), replayed after a delay, again and again until each succeeds, turns out obsolete, or
 * has used up its retries. A replay itself decides whether it is still wanted (a write is not replayed over a newer
 * entry in L2); a newer change of the key announced by another node cancels the queued one. The queue is bounded: when
 * it is full the oldest operation is dropped. Every drop is logged and counted.
 *
 * @param <K> the key type
 */
final class AutoRecoveryQueue<K> {
  private static final Logger LOG = LoggerFactory.getLogger(AutoRecoveryQueue.class);

  /** One queued operation's replay: completes with true when done (made, or no longer wanted), false to retry. */
  @FunctionalInterface
  interface Replay {
    CompletableFuture<Boolean> run();
  }

  private record Pending<K>(K key, long timestamp, Replay replay, int attempts) {}

  private final String cacheName;
  private final TimeSource time;
  private final Consumer<Runnable> handOff;
  private final CacheEvents<K> events;
  private final int maxItems;
  private final int maxRetries;
  private final long delayNanos;
  private final long reconnectBarrierNanos;
  private final Map<K, Pending<K>> pending = new LinkedHashMap<>();
  /** The round due, or null when none is (none is queued, or a round runs now). */
  private TimeSource.Cancellable scheduled;
  /** Whether a round runs now (it schedules the next when it ends). */
  private boolean running;

  AutoRecoveryQueue(String cacheName, AutoRecovery settings, TimeSource time, Consumer<Runnable> handOff,
      CacheEvents<K> events) {
    this.cacheName = cacheName;
    this.time = time;
    this.handOff = handOff;
    this.events = events;
    this.maxItems = settings.maxItems();
    this.maxRetries = settings.maxRetries();
    this.delayNanos = TimeMath.nanos(settings.delay());
    this.reconnectBarrierNanos = TimeMath.nanos(settings.reconnectBarrier());
  }

  /**
   * Queues the operation of {@code key} made at {@code timestamp}, unless a newer one of that key is queued already;
   * it replaces an older one.
   */
  void add(K key, long timestamp, Replay replay) {
    put(key, timestamp, earlier -> replay);
  }

  /**
   * Queues the operation of {@code key} made at {@code timestamp} to run after the one of that key already queued, if
   * any (both then form one operation, stamped {@code timestamp}): for an expiry, which changes what an earlier
   * failed write leaves in L2 but must not replace it.
   */
  void addAfterPending(K key, long timestamp, Replay replay) {
    put(key, timestamp, earlier -> earlier == null ? replay : () -> earlier.run().thenCompose(done ->
        Boolean.TRUE.equals(done) ? replay.run() : CompletableFuture.completedFuture(false)));
  }

  private void put(K key, long timestamp, UnaryOperator<Replay> afterEarlier) {
    K dropped = null;
    synchronized (this) {
      Pending<K> current = pending.get(key);
      if (current != null && current.timestamp() > timestamp) {
        return;
      }
      pending.remove(key);
      if (pending.size() >= maxItems) {
        Iterator<K> oldest = pending.keySet().iterator();
        dropped = oldest.next();
        oldest.remove();
      }
      Replay replay = afterEarlier.apply(current == null ? null : current.replay());
      pending.put(key, new Pending<>(key, timestamp, replay, 0));
      scheduleLocked();
    }
    if (dropped != null) {
      events.autoRecoveryDropped();
      LOG.warn("cache '{}': auto-recovery queue full ({} operations); dropped the oldest, of key '{}'", cacheName,
          maxItems, dropped);
    }
  }

  /** A change of {@code key} made at {@code timestamp} elsewhere: a queued operation not newer is no longer wanted. */
  void cancelIfOlder(K key, long timestamp) {
    synchronized (this) {
      Pending<K> current = pending.get(key);
      if (current != null && current.timestamp() <= timestamp) {
        pending.remove(key);
      }
    }
  }

  /** How many operations wait to be replayed. */
  synchronized int size() {
    return pending.size();
  }

  /**
   * The backplane subscription is back: the round due is moved to the reconnect barrier from now, so the queued
   * operations are made again as soon as the other nodes listen again, rather than at the next regular round (earlier
   * or later). A round under way is left alone.
   */
  synchronized void reconnected() {
    if (scheduled != null) {
      scheduled.cancel();
      scheduled = null;
      scheduleLocked(reconnectBarrierNanos);
    }
  }

  private void scheduleLocked() {
    scheduleLocked(delayNanos);
  }

  private void scheduleLocked(long inNanos) {
    if (scheduled == null && !running && !pending.isEmpty()) {
      TimeSource.Cancellable[] self = new TimeSource.Cancellable[1];
      self[0] = time.schedule(() -> handOff.accept(() -> replayAll(self)), inNanos);
      scheduled = self[0];
    }
  }

  /** Runs the round {@code round[0]} unless a reconnect moved it (set by the time the lock is held). */
  private void replayAll(TimeSource.Cancellable[] round) {
    List<Pending<K>> batch;
    synchronized (this) {
      if (scheduled != round[0]) {
        return; // moved by a reconnect
      }
      scheduled = null;
      running = true;
      batch = new ArrayList<>(pending.values());
    }
    CompletableFuture<?>[] runs = new CompletableFuture<?>[batch.size()];
    for (int i = 0; i < runs.length; i++) {
      Pending<K> op = batch.get(i);
      CompletableFuture<Boolean> run;
      try {
        run = op.replay().run();
      } catch (RuntimeException e) {
        run = CompletableFuture.failedFuture(e);
      }
      runs[i] = run.handle((done, error) -> {
        if (error != null) {
          events.replayFailed("replay the operation of key '" + op.key() + "'", error);
        }
        finish(op, error == null && Boolean.TRUE.equals(done));
        return null;
      });
    }
    CompletableFuture.allOf(runs).whenComplete((v, e) -> {
      synchronized (this) {
        running = false;
        scheduleLocked();
      }
    });
  }

  private void finish(Pending<K> op, boolean done) {
    boolean exhausted = false;
    synchronized (this) {
      if (pending.get(op.key()) != op) {
        return; // replaced or cancelled meanwhile
      }
      if (done) {
        pending.remove(op.key());
      } else if (op.attempts() + 1 >= maxRetries) {
        pending.remove(op.key());
        exhausted = true;
      } else {
        pending.put(op.key(), new Pending<>(op.key(), op.timestamp(), op.replay(), op.attempts() + 1));
      }
    }
    if (done) {
      events.autoRecoveryReplayed();
    } else if (exhausted) {
      events.autoRecoveryDropped();
      LOG.warn("cache '{}': gave up replaying the operation of key '{}' after {} attempts", cacheName, op.key(),
          maxRetries);
    }
  }
}

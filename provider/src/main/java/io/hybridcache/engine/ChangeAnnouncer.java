package io.hybridcache.engine;

import io.hybridcache.BackplaneException;
import io.hybridcache.EntryOptions;
import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.BackplaneMessage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one cache tells the other nodes on the backplane: the notice of each change (none when the backplane is off,
 * skipped by the options, or pointless for the change), published on its own or after the L2 write that it announces.
 *
 * <p>A publication that fails is logged and counted, and, with auto-recovery, queued to be published again when it is
 * about one entry of this cache; its caller sees a {@link BackplaneException} only when it waits for the backplane and
 * the options re-throw.
 *
 * <p>A change whose key (or tag) is longer than {@link BackplaneMessage#MAX_KEY_BYTES} is announced as a {@code CLEAR}
 * of kind {@link DistributedOperations#CLEAR_STALE}: the others mark their memory level of the cache stale (a sweep,
 * rate-limited as for a lost message) instead of the one entry, and no message large enough to hurt the bus is sent.
 */
final class ChangeAnnouncer<K> {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeAnnouncer.class);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final String cacheName;
  private final String nodeId;
  private final String channel;
  /** Null when the cache does not use the backplane. */
  private final Backplane backplane;
  /** Whether the cache has a distributed level: without one, factory results are not announced. */
  private final boolean withLevel;
  private final LevelKeyspace<K> keyspace;
  private final TimeSource time;
  /** Stamps the notices of removals and expiries, so they order after the entries this node wrote. */
  private final EntryClock clock;
  private final CacheEvents<K> events;
  /** The failed writes and notifications to make again; null when auto-recovery is off. */
  private final AutoRecoveryQueue<K> recovery;
  /** Counts a change whose key was too long to announce (on the node). */
  private final Runnable keyTooLong;

  ChangeAnnouncer(String cacheName, String nodeId, String channel, Backplane backplane, boolean withLevel,
      LevelKeyspace<K> keyspace, TimeSource time, EntryClock clock, CacheEvents<K> events,
      AutoRecoveryQueue<K> recovery, Runnable keyTooLong) {
    this.keyTooLong = keyTooLong;
    this.cacheName = cacheName;
    this.nodeId = nodeId;
    this.channel = channel;
    this.backplane = backplane;
    this.withLevel = withLevel;
    this.keyspace = keyspace;
    this.time = time;
    this.clock = clock;
    this.events = events;
    this.recovery = recovery;
  }

  /** Whether the cache uses a backplane. */
  boolean hasBackplane() {
    return backplane != null;
  }

  /** The notification of a change, or null when the backplane is off, skipped, or pointless for this change. */
  BackplaneMessage noticeOf(BackplaneMessage.Type type, String encodedKey, long timestamp, EntryOptions options,
      boolean toLevel, boolean explicit) {
    if (backplane == null || options.skipBackplaneNotifications()) {
      return null;
    }
    if (withLevel ? !toLevel : !explicit) {
      return null;
    }
    if (BackplaneMessage.keyTooLong(encodedKey)) {
      // a message that large could make Redis drop every subscriber; the others learn that something changed
      keyTooLong.run();
      LOG.warn("cache '{}': the key of a {} is {} characters long, past what a backplane message carries ({} bytes); "
          + "announced instead as a CLEAR of kind '{}', which marks the other nodes' memory level of the cache stale",
          cacheName, type, encodedKey.length(), BackplaneMessage.MAX_KEY_BYTES, DistributedOperations.CLEAR_STALE);
      return new BackplaneMessage(BackplaneMessage.FORMAT_VERSION, nodeId, timestamp, 0L, BackplaneMessage.Type.CLEAR,
          cacheName, DistributedOperations.CLEAR_STALE);
    }
    return new BackplaneMessage(BackplaneMessage.FORMAT_VERSION, nodeId, timestamp, 0L, type, cacheName, encodedKey);
  }

  /**
   * The notice of a conditional change of {@code key} to {@code next} (null: a removal): an {@code ENTRY_SET} stamped
   * with the entry, or an expiry or removal stamped now; null when nothing is to be announced.
   */
  <V> BackplaneMessage noticeOfChange(K key, CacheEntry<V> next, EntryOptions options) {
    BackplaneMessage.Type type = next == null ? BackplaneMessage.Type.ENTRY_REMOVE
        : next.isFresh(time.wallMillis()) ? BackplaneMessage.Type.ENTRY_SET : BackplaneMessage.Type.ENTRY_EXPIRE;
    return noticeOf(type, keyspace.encode(key),
        type == BackplaneMessage.Type.ENTRY_SET ? next.timestamp : clock.stamp(), options, true, true);
  }

  /** Publishes a notification on its own (no L2 write to carry it). */
  CompletableFuture<Void> announce(BackplaneMessage notice, EntryOptions options) {
    CompletableFuture<Void> published;
    try {
      published = backplane.publish(channel, notice);
    } catch (RuntimeException e) {
      published = CompletableFuture.failedFuture(e);
    }
    boolean wait = !options.backgroundBackplaneOperations();
    CompletableFuture<Void> outcome = published.handle((v, error) -> {
      if (error == null) {
        events.backplaneSent();
      } else {
        events.backplaneError("announce " + notice.type() + " of '" + notice.key() + "'", error);
        recoverAnnouncement(notice);
        if (wait && options.reThrowBackplaneExceptions()) {
          throw new CompletionException(backplaneFailure(notice, error));
        }
      }
      return null;
    });
    return wait ? outcome : DONE;
  }

  /**
   * Publishes {@code notice} once {@code written}, the L2 operation it announces, succeeded; nothing when that failed.
   * A failed publication fails the future only when {@code callerWaits} for the level and the options wait for the
   * backplane and re-throw.
   */
  CompletableFuture<Void> announceAfter(CompletableFuture<Void> written, BackplaneMessage notice,
      EntryOptions options, boolean callerWaits) {
    return written.thenCompose(v -> backplane.publish(channel, notice)).handle((v, error) -> {
      if (error == null) {
        events.backplaneSent();
      } else if (!written.isCompletedExceptionally()) {
        events.backplaneError("announce " + notice.type() + " of '" + notice.key() + "'", error);
        recoverAnnouncement(notice);
        if (callerWaits && !options.backgroundBackplaneOperations() && options.reThrowBackplaneExceptions()) {
          throw new CompletionException(backplaneFailure(notice, error));
        }
      }
      return null;
    });
  }

  /**
   * Publishes {@code notice} as it is, counted as sent once published; no logging, counting or recovery of its
   * failure: for its caller to do.
   */
  CompletableFuture<Void> publish(BackplaneMessage notice) {
    return backplane.publish(channel, notice).thenApply(v -> {
      events.backplaneSent();
      return v;
    });
  }

  /** Publishes {@code notice} again for a replay (counted as sent): true once published, which ends the replay. */
  CompletableFuture<Boolean> publishReplay(BackplaneMessage notice) {
    return publish(notice).thenApply(v -> true);
  }

  /**
   * Queues a notification that could not be published, to publish it again (keyed by the entry it is about; messages
   * about tags and clears, not tied to one key of this cache's type, are not queued).
   */
  private void recoverAnnouncement(BackplaneMessage notice) {
    BackplaneMessage.Type type = notice.type();
    if (recovery == null || (type != BackplaneMessage.Type.ENTRY_SET && type != BackplaneMessage.Type.ENTRY_REMOVE
        && type != BackplaneMessage.Type.ENTRY_EXPIRE)) {
      return;
    }
    K key;
    try {
      key = keyspace.decode(notice.key());
    } catch (RuntimeException e) {
      return;
    }
    recovery.add(key, notice.timestamp(), () -> publishReplay(notice));
  }

  private BackplaneException backplaneFailure(BackplaneMessage notice, Throwable error) {
    Throwable cause = Failures.unwrap(error);
    return new BackplaneException("cache '" + cacheName + "': could not announce " + notice.type() + " of '"
        + notice.key() + "' on " + channel + ": " + cause, cause);
  }
}

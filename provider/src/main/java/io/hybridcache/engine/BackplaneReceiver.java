package io.hybridcache.engine;

import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.KeyCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the other nodes' notifications about one cache to this node's memory level (lazy invalidation: no value
 * travels). A set elsewhere marks the local copy expired, kept as a fail-safe fallback, so the next read fetches the
 * new value from L2; a remove evicts it; an expire marks it stale. A message older than the local entry is ignored:
 * that entry was written after the change the message reports. A factory run of the key still going on this node is
 * superseded, as by a local write: its value is returned to its callers but not cached. A read of the distributed
 * level still going is superseded only if it finds an entry written before the change (one written after it already
 * holds the change; one written in its millisecond is kept stale, since nothing tells which came first).
 *
 * <p>When messages may have been missed (the subscription was lost, the sequence skipped a number), every entry is
 * marked stale. So it is when a message names a key this node cannot decode (a class its allow-list refuses, a class
 * it cannot load): the message cannot be applied to the entry it is about, so it counts as lost for this cache. So it
 * is, too, when its time lies further ahead of this node's clock than the maximum clock skew ({@link FutureTimes}): a
 * forged clear or tag removal dated years ahead would otherwise hide every entry until then and push this node's entry
 * timestamps there; refused, it moves no barrier and no clock. These sweeps are rate-limited per cache
 * ({@link SweepLimiter}, {@link ClusterNodeBuilder#sweepInterval}): one inside the window of the last is made, with
 * every other asked for meanwhile, when the window ends.
 */
final class BackplaneReceiver<K, V> implements ClusterNode.Receiver {
  private static final Logger LOG = LoggerFactory.getLogger(BackplaneReceiver.class);

  private final String cacheName;
  private final MemoryLevel<K, V> memory;
  private final RunRegistry<K> runs;
  private final KeyCodec<K> keys;
  private final TimeSource time;
  private final CacheEvents<K> events;
  private final TagStore tags;
  private final Barriers barriers;
  private final EntryClock clock;
  private final DistributedOperations<K, V> distributed;
  /** Counts a message whose key could not be decoded (on the node). */
  private final Runnable undecodable;
  /** Refuses messages dated too far ahead of this node's clock. */
  private final FutureTimes futureTimes;
  /** At most one sweep of the memory level per window; the requests inside it are made as one at its end. */
  private final SweepLimiter sweeps;

  BackplaneReceiver(String cacheName, MemoryLevel<K, V> memory, RunRegistry<K> runs, KeyCodec<K> keys,
      TimeSource time, CacheEvents<K> events, TagStore tags, Barriers barriers, EntryClock clock,
      DistributedOperations<K, V> distributed, ClusterNode node) {
    this.futureTimes = node.futureTimes();
    this.undecodable = node::undecodableMessage;
    this.sweeps = node.sweepLimiter(cacheName, time, this::sweep);
    this.distributed = distributed;
    this.cacheName = cacheName;
    this.memory = memory;
    this.runs = runs;
    this.keys = keys;
    this.time = time;
    this.events = events;
    this.tags = tags;
    this.barriers = barriers;
    this.clock = clock;
  }

  @Override
  public void onMessage(BackplaneMessage message) {
    if (futureTimes.refuses(FutureTimes.Cause.MESSAGE, message.timestamp(), time.wallMillis(), "a " + message.type()
        + " message of cache '" + cacheName + "' from node " + message.sourceNodeId())) {
      // not applied, so taken as lost: what it was about is read again from L2
      sweeps.request("a " + message.type() + " message dated too far ahead was refused");
      return;
    }
    switch (message.type()) {
      case ENTRY_SET, ENTRY_EXPIRE -> apply(message, true);
      case ENTRY_REMOVE -> apply(message, false);
      case CLEAR -> cleared(message);
      case TAG_REMOVED -> tagRemoved(message);
      default -> LOG.debug("cache '{}': ignored a {} message", cacheName, message.type());
    }
  }

  /** Another node cleared the cache: the barrier moves straight from the message, and L1 follows at once. */
  private void cleared(BackplaneMessage message) {
    if (DistributedOperations.CLEAR_STALE.equals(message.key())) {
      events.backplaneMessage();
      sweeps.request("node " + message.sourceNodeId() + " changed a key too long to announce");
      return;
    }
    boolean keepFallbacks = DistributedOperations.CLEAR_EXPIRE.equals(message.key());
    if (!keepFallbacks && !DistributedOperations.CLEAR_REMOVE.equals(message.key())) {
      LOG.debug("cache '{}': ignored a CLEAR message of unknown kind '{}'", cacheName, message.key());
      return;
    }
    long at = message.timestamp();
    events.backplaneMessage();
    clock.observe(at);
    barriers.cleared(keepFallbacks, at);
    tags.learn(barriers.clearTag(keepFallbacks), at);
    runs.supersedeAll(at);
    memory.clearWrittenBefore(at, keepFallbacks, time.wallMillis());
  }

  /** Another node removed a tag: its time is stored straight from the message (no L2 read); reads do the rest. */
  private void tagRemoved(BackplaneMessage message) {
    if (message.key().isEmpty()) {
      LOG.debug("cache '{}': ignored a TAG_REMOVED message without a tag", cacheName);
      return;
    }
    long at = message.timestamp();
    events.backplaneMessage();
    clock.observe(at);
    tags.learn(message.key(), at);
    runs.supersedeAll(at);
  }

  private void apply(BackplaneMessage message, boolean keepAsFallback) {
    K key;
    try {
      key = keys.decode(message.key());
    } catch (RuntimeException | LinkageError e) {
      events.serializationError(SerializationCause.Site.MESSAGE_KEY, "decode the key '" + message.key() + "' of a "
          + message.type() + " message from node " + message.sourceNodeId() + "; the message is taken as lost: every"
          + " entry of the cache is marked stale and read again from the distributed level", e);
      undecodable.run();
      sweeps.request("the key of a " + message.type() + " message could not be decoded");
      return;
    }
    events.backplaneMessage();
    distributed.changedElsewhere(key, message.timestamp()); // a queued older write of ours is no longer wanted
    runs.supersede(key, message.timestamp());
    long now = time.wallMillis();
    memory.compute(key, (k, e) -> {
      if (e == null || e.timestamp > message.timestamp()) {
        return e;
      }
      if (!keepAsFallback) {
        return null;
      }
      CacheEntry<V> expired = e.expiredAt(now);
      return expired.physicalExpiration() > now ? expired : null;
    });
  }

  @Override
  public void onResubscribed() {
    sweeps.request("the backplane subscription was lost and is back");
    distributed.reconnected();
  }

  @Override
  public void onMessagesMissed() {
    sweeps.request("backplane messages were lost (a gap in the sequence)");
  }

  /** Calls off a sweep still to be made: the cache is closed. */
  void close() {
    sweeps.close();
  }

  /** Marks every entry stale: what messages that were missed (or could not be applied) were about is read again. */
  private void sweep() {
    tags.forgetRecent();
    barriers.forgetRecent();
    Iterable<K> running = runs.supersedeAll();
    memory.expireAll(time.wallMillis());
    long now = time.wallMillis();
    for (K key : running) {
      memory.expire(key, now);
    }
  }
}

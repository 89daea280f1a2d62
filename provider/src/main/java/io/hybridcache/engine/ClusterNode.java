package io.hybridcache.engine;

import io.hybridcache.HybridCacheNodeStats;
import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.DistributedLocker;
import io.hybridcache.spi.OperationObserver;
import io.hybridcache.spi.ValueSerializer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process as one node of a cluster of caches: its id, the key prefix the nodes share, and the distributed level
 * and backplane they use. Engines built with {@link HybridCacheEngineBuilder#cluster(ClusterNode)} read and write
 * through it; one node subscribes to the backplane once, on {@link BackplaneMessage#channel(String) its channel}, and
 * hands each message to the engine of the cache it names.
 *
 * <p>A node ignores its own messages and messages of another wire format. When the backplane reports that its
 * subscription was lost and is back, every engine marks its memory-level entries stale: whatever changed meanwhile is
 * re-read from the distributed level on next access, and the old values stay as fail-safe fallbacks. A silent loss
 * (no disconnect seen) is caught by the sequence the level numbers its writes' messages with: a gap does the same.
 *
 * <p>The backplane's listener runs on the thread that received the message (for Redis, a Netty I/O thread): there the
 * node only checks the sequence and drops its own messages. Applying another node's message, and marking entries
 * stale, happen on the node's {@link MessageLane}, in the order received.
 *
 * <p>The node does not own the level or the backplane: {@link #close()} detaches the engines, and the caller closes
 * the connections afterwards.
 */
public final class ClusterNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

  private final String nodeId;
  private final String keyPrefix;
  private final String channel;
  private final DistributedLevel level;
  private final Backplane backplane;
  private final DistributedLocker locker;
  private final ValueSerializer serializer;
  private final InternalKeys internalKeys;
  private final Duration memoryDurationCeiling;
  private final int maxEntrySize;
  private final AutoRecovery autoRecovery;
  private final CircuitBreaker levelBreaker;
  private final CircuitBreaker backplaneBreaker;
  /** Signs and checks the envelopes in L2; null when none are configured (unsigned envelopes). */
  private final EnvelopeSigner signer;
  private final Map<String, Receiver> receivers = new ConcurrentHashMap<>();
  /** How many failed operations each engine of this node has queued for auto-recovery, by engine. */
  private final Map<Object, IntSupplier> recoveryQueues = new ConcurrentHashMap<>();
  private final LongAdder gaps = new LongAdder();
  private final LongAdder undecodable = new LongAdder();
  private final FutureTimes futureTimes;
  private final UntrustedEntries untrustedEntries = new UntrustedEntries();
  private final Duration sweepInterval;
  private final LongAdder sweeps = new LongAdder();
  private final LongAdder coalescedSweeps = new LongAdder();
  private final LongAdder keysTooLong = new LongAdder();
  private final LongAdder restoredRecords = new LongAdder();
  private final LongAdder forgottenRemovals = new LongAdder();
  private final Duration removalCheckInterval;
  /** Where the messages of other nodes are applied, in the order received, off the receiving thread. */
  private final MessageLane lane = new MessageLane();
  /** The sequence of the last numbered message received (0: none yet, or the count was restarted). */
  private long lastSequence;
  private volatile boolean closed;

  ClusterNode(ClusterNodeBuilder b) {
    this.nodeId = b.nodeId;
    this.keyPrefix = b.keyPrefix;
    this.channel = BackplaneMessage.channel(keyPrefix);
    this.levelBreaker = new CircuitBreaker("the distributed level of node " + b.nodeId, b.levelBreak, b.time);
    this.backplaneBreaker = new CircuitBreaker("the backplane of node " + b.nodeId, b.backplaneBreak, b.time);
    // Inside the breaker: a call it skips is not observed.
    DistributedLevel observed = b.level == null || b.observer == OperationObserver.NONE ? b.level
        : new ObservedLevel(b.level, b.observer, b.keyPrefix, b.internalKeys);
    // Guarded even with a zero break, which never opens: the breakers record whether the last call failed (health).
    this.level = observed == null ? null : new GuardedLevel(observed, levelBreaker);
    this.backplane = b.backplane == null ? null : new GuardedBackplane(b.backplane, backplaneBreaker);
    this.locker = b.locker;
    this.serializer = b.serializer;
    this.internalKeys = b.internalKeys;
    this.memoryDurationCeiling = b.memoryDurationCeiling;
    this.maxEntrySize = b.maxEntrySize;
    this.autoRecovery = b.autoRecovery;
    this.signer = b.signer;
    this.futureTimes = new FutureTimes(b.maximumClockSkew);
    this.sweepInterval = b.sweepInterval;
    this.removalCheckInterval = b.removalCheckInterval;
    if (backplane != null) {
      b.backplane.subscribe(channel, new Backplane.Listener() {
        @Override
        public void onMessage(BackplaneMessage message) {
          deliver(message);
        }

        @Override
        public void onResubscribed() {
          resubscribed();
        }
      });
    }
  }

  /**
   * Starts building a node whose keys and channel start with {@code keyPrefix} (non-empty, no whitespace, none of the
   * separator's characters: {@code :} by default).
   *
   * @param keyPrefix the key prefix the nodes share
   * @return a builder of a node with that key prefix
   */
  public static ClusterNodeBuilder builder(String keyPrefix) {
    return new ClusterNodeBuilder(keyPrefix);
  }

  /** {@return this node's id, carried by its messages (random unless set)} */
  public String nodeId() {
    return nodeId;
  }

  /**
   * A snapshot of this node's counters and the state of its circuit breakers.
   *
   * @return the node's counters and breaker states now
   */
  public HybridCacheNodeStats stats() {
    return new HybridCacheNodeStats(nodeId, level != null, backplane != null, level != null && levelBreaker.isOpen(),
        backplane != null && backplaneBreaker.isOpen(), level != null && levelBreaker.lastCallFailed(),
        backplane != null && backplaneBreaker.lastCallFailed(), sequenceGaps(), undecodableMessages(), messageSweeps(),
        refusedFutureTimes(), rejectedEnvelopes(), pendingRecoveries());
  }

  /** The failed operations the engines of this node have queued for auto-recovery now. */
  long pendingRecoveries() {
    long sum = 0;
    for (IntSupplier queue : recoveryQueues.values()) {
      sum += queue.getAsInt();
    }
    return sum;
  }

  /** Counts what {@code owner} (an engine) queues for auto-recovery in {@link #pendingRecoveries()}, until forgotten */
  void trackRecoveries(Object owner, IntSupplier queued) {
    recoveryQueues.put(owner, queued);
  }

  void forgetRecoveries(Object owner) {
    recoveryQueues.remove(owner);
  }

  /** {@return the prefix of every key this node writes in the distributed level, and of its backplane channel} */
  public String keyPrefix() {
    return keyPrefix;
  }

  /** {@return the backplane channel, {@code {keyPrefix}:backplane:v{N}}} */
  public String channel() {
    return channel;
  }

  /** {@return the strings the level's keys are built from (separator, tag prefix, clear tags)} */
  public InternalKeys internalKeys() {
    return internalKeys;
  }

  /**
   * The longest an entry stays fresh in a memory level of this node after it was written or read from L2, or null
   * for none (see {@link ClusterNodeBuilder#memoryDurationCeiling}).
   *
   * @return the longest an entry stays fresh in a memory level of this node after it was written or read from L2, or
   *     null for none
   */
  public Duration memoryDurationCeiling() {
    return memoryDurationCeiling;
  }

  /** {@return how failed distributed operations are made again, or null when they are not} */
  public AutoRecovery autoRecovery() {
    return autoRecovery;
  }

  /** {@return the largest entry, in bytes, the caches of this node write to or read from the distributed level} */
  public int maxEntrySize() {
    return maxEntrySize;
  }

  /**
   * {@return whether this node signs the envelopes it writes and reads only signed ones ({@link
   * ClusterNodeBuilder#envelopeKeys})}
   */
  public boolean signsEnvelopes() {
    return signer != null;
  }

  /**
   * How many envelopes read from the distributed level this node refused because they were unsigned (or not an
   * envelope of this format at all) or their MAC matched none of its keys (each also a serialization error of its
   * cache); 0 without envelope keys.
   *
   * @return the count
   */
  public long rejectedEnvelopes() {
    return signer == null ? 0 : signer.rejected();
  }

  EnvelopeSigner envelopeSigner() {
    return signer;
  }

  DistributedLevel level() {
    return level;
  }

  Backplane backplane() {
    return backplane;
  }

  ValueSerializer serializer() {
    return serializer;
  }

  void register(String cacheName, Receiver receiver) {
    if (closed) {
      throw new IllegalStateException("cluster node " + nodeId + " is closed");
    }
    if (receivers.putIfAbsent(cacheName, receiver) != null) {
      throw new IllegalStateException("cache '" + cacheName + "' already runs on cluster node " + nodeId
          + "; close it before building another engine with that name");
    }
  }

  void unregister(String cacheName, Receiver receiver) {
    receivers.remove(cacheName, receiver);
  }

  /** {@return how many times a gap in the message sequence showed that messages were lost silently (each logged)} */
  public long sequenceGaps() {
    return gaps.sum();
  }

  /**
   * How many backplane messages named a key this node could not decode (a class its allow-list refuses or it cannot
   * load, a key codec of another version): each was taken as a lost message of its cache, whose memory-level entries
   * were all marked stale, and counted as a serialization error of that cache.
   *
   * @return the count
   */
  public long undecodableMessages() {
    return undecodable.sum();
  }

  /**
   * How many times from outside this node it refused for lying further ahead of its clock than the maximum clock skew
   * (see {@link ClusterNodeBuilder#maximumClockSkew}): backplane messages (each taken as lost: the memory-level entries
   * of its cache marked stale), entries read from the distributed level (each a miss) and tag removal or clear times
   * read from it (each taken as never removed). None of them moved a barrier or a clock. Logged at warn once per cause.
   *
   * @return the count
   */
  public long refusedFutureTimes() {
    return futureTimes.refused();
  }

  FutureTimes futureTimes() {
    return futureTimes;
  }

  /**
   * How many entries or tombstones in the distributed level the writes and removals of this node's caches replaced
   * after the level had refused them on the strength of a header this node could not trust: with envelope keys, an
   * unsigned or forged entry or tombstone; any bytes it cannot read; a time further ahead than the maximum clock skew;
   * a value above the maximum entry size. A write refused by an entry it can trust, genuinely written later, is not
   * counted and stays refused. Logged at warn once per cause.
   *
   * @return the count since the node started
   */
  public long untrustedEntriesReplaced() {
    return untrustedEntries.replaced();
  }

  UntrustedEntries untrustedEntries() {
    return untrustedEntries;
  }

  /**
   * How many times a cache of this node marked its whole memory level stale because of messages (a gap in the
   * sequence, a message it could not decode or refused, a re-subscription): at most one per cache per
   * {@link ClusterNodeBuilder#sweepInterval sweep interval}.
   *
   * @return the count
   */
  public long messageSweeps() {
    return sweeps.sum();
  }

  /**
   * How many requests to mark a cache's whole memory level stale came within the sweep interval of its last sweep and
   * were made together, as one sweep, when the interval ended (that sweep is counted in {@link #messageSweeps()}).
   *
   * @return the count
   */
  public long coalescedSweeps() {
    return coalescedSweeps.sum();
  }

  /**
   * How many changes of this node's caches had a key (or tag) longer than a backplane message carries
   * ({@link BackplaneMessage#MAX_KEY_BYTES}) and were announced as a {@code CLEAR} of kind {@code stale} instead,
   * which marks the other nodes' memory level of the cache stale. Each logged at warn.
   *
   * @return the count
   */
  public long keysTooLongToAnnounce() {
    return keysTooLong.sum();
  }

  void keyTooLongToAnnounce() {
    keysTooLong.increment();
  }

  /**
   * How many tag removal or clear records this node found missing in the distributed level, or holding an earlier
   * time than it knew, and wrote again (deleted or replaced in Redis by someone, or lost with a flush). Each round
   * that writes some is logged at warn.
   *
   * @return the count since the node started
   */
  public long restoredRemovalRecords() {
    return restoredRecords.sum();
  }

  /**
   * How many removal times this node forgot because a cache had more than {@link RemovalRecords#MAX_TAGS} tags
   * removed within {@link TagStore#DURATION}: their records are no longer written again by this node if deleted.
   *
   * @return the count since the node started
   */
  public long forgottenRemovalTimes() {
    return forgottenRemovals.sum();
  }

  void restoredRemovalRecord() {
    restoredRecords.increment();
  }

  void forgotRemovalTime() {
    forgottenRemovals.increment();
  }

  /**
   * How often each cache checks its removal records in L2 ({@link ClusterNodeBuilder#removalCheckInterval}).
   *
   * @return the interval; zero: never checked
   */
  public Duration removalCheckInterval() {
    return removalCheckInterval;
  }

  /** {@return the sweep interval ({@link ClusterNodeBuilder#sweepInterval})} */
  public Duration sweepInterval() {
    return sweepInterval;
  }

  /** A limiter of the sweeps of one cache, whose delayed sweeps run on this node's message lane. */
  SweepLimiter sweepLimiter(String cacheName, TimeSource time, Runnable sweep) {
    return new SweepLimiter(cacheName, time, sweepInterval, sweep, lane::run, sweeps, coalescedSweeps);
  }

  /** A cache could not decode the key of a message: counted in {@link #undecodableMessages()}. */
  void undecodableMessage() {
    undecodable.increment();
  }

  private void deliver(BackplaneMessage message) {
    if (closed) {
      return;
    }
    backplaneBreaker.succeeded(); // a message arrived: the bus works again
    checkSequence(message.sequence()); // this node's own messages too: they take numbers from the same count
    if (nodeId.equals(message.sourceNodeId())) {
      return;
    }
    if (message.formatVersion() != BackplaneMessage.FORMAT_VERSION) {
      LOG.debug("node {}: ignored a backplane message of format {}", nodeId, message.formatVersion());
      return;
    }
    if (!receivers.containsKey(message.cacheName())) {
      return;
    }
    lane.run(() -> {
      Receiver receiver = receivers.get(message.cacheName());
      if (receiver == null) {
        return;
      }
      try {
        receiver.onMessage(message);
      } catch (RuntimeException e) {
        LOG.warn("node {}: could not apply a backplane message for cache '{}'", nodeId, message.cacheName(), e);
      }
    });
  }

  /**
   * Detects silent message loss: numbered messages (the level's writes) arrive in the order of the per-prefix count,
   * so a number more than one past the last means some were lost on the way, and every engine then marks its memory
   * level stale, as after a lost subscription. A number at or below the last means the count started again (the
   * counter key was flushed, or Redis restarted empty): numbering restarts from it, with nothing marked, since no
   * write was missed by that alone (a restart also drops the subscription, which is handled as such). Unnumbered
   * messages (sequence 0: cluster mode, or a notification with no L2 write) are not checked.
   */
  private void checkSequence(long sequence) {
    if (sequence <= 0) {
      return;
    }
    long last;
    synchronized (this) {
      last = lastSequence;
      lastSequence = sequence;
    }
    if (last == 0 || sequence == last + 1) {
      return;
    }
    if (sequence <= last) {
      LOG.debug("node {}: the backplane sequence on {} started again at {} (after {})", nodeId, channel, sequence,
          last);
      return;
    }
    // logged at debug: each cache warns when it sweeps, at most once per sweep interval (a flood of gaps is cheap here)
    LOG.debug("node {}: {} backplane message(s) on {} were lost (sequence {} after {}); marking every cached entry "
        + "stale", nodeId, sequence - last - 1, channel, sequence, last);
    lane.run(() -> {
      receivers.values().forEach(Receiver::onMessagesMissed);
      gaps.increment();
    });
  }

  private void resubscribed() {
    synchronized (this) {
      lastSequence = 0; // whatever was missed is handled below; numbering restarts from the next message
    }
    LOG.info("node {}: the backplane subscription on {} was lost and is back; marking every cached entry stale",
        nodeId, channel);
    lane.run(() -> receivers.values().forEach(Receiver::onResubscribed));
  }

  /**
   * The locker of distributed locking, or null when it is off: with it, a cache's {@code getOrSet} misses and atomic
   * operations take a lock of their key that every node shares, unless their options skip it.
   */
  DistributedLocker locker() {
    return locker;
  }

  /** Whether the distributed level's circuit breaker lets calls through (always, without a breaker). */
  boolean levelAllows() {
    return levelBreaker.allows();
  }

  /** Detaches every engine from the backplane; idempotent. The level and the backplane stay open. */
  @Override
  public void close() {
    closed = true;
    receivers.clear();
    lane.close();
  }

  @Override
  public String toString() {
    return "ClusterNode{id=" + nodeId + ", keyPrefix=" + keyPrefix + ", level=" + (level != null) + ", backplane="
        + (backplane != null) + ", signed=" + (signer != null) + '}';
  }

  /** What an engine does with the messages of its cache. */
  interface Receiver {
    void onMessage(BackplaneMessage message);

    /** Messages were lost silently (a gap in the sequence). */
    void onMessagesMissed();

    /** The subscription was lost and is back: messages may have been missed, and the backplane answers again. */
    void onResubscribed();
  }
}

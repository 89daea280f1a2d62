package io.hybridcache.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The removal times of one cache's tags (the two clear tags included) that this node made or learnt, from its own
 * removals, the other nodes' messages and the records it read from L2: kept in memory, apart from the tag times'
 * L1 (which evicts), so that a record deleted from L2 or replaced there by an older one can be written again
 * ({@link TagStore}), and so that this node never takes a removal back because L2 no longer holds it. Removal times
 * only grow: the later of two times of one tag is its time.
 *
 * <p>Bounded: at most {@link #MAX_TAGS} tags; past it the one removed longest ago is forgotten (counted on the node,
 * logged at warn once per cache). A time older than {@link TagStore#DURATION} is forgotten too: its record has expired
 * in L2 anyway.
 */
final class RemovalRecords {
  private static final Logger LOG = LoggerFactory.getLogger(RemovalRecords.class);
  /** The most tags whose removal time one cache keeps here. */
  static final int MAX_TAGS = 10_000;

  private final String cacheName;
  private final Map<String, Long> times = new ConcurrentHashMap<>();
  private final Runnable forgotten;
  private final AtomicBoolean warned = new AtomicBoolean();
  private final Runnable firstNoted;
  private final AtomicBoolean noted = new AtomicBoolean();

  /**
   * @param forgotten counts one removal time forgotten because the bound was reached
   * @param firstNoted called (once) when the first removal time is noted
   */
  RemovalRecords(String cacheName, Runnable forgotten, Runnable firstNoted) {
    this.cacheName = cacheName;
    this.forgotten = forgotten;
    this.firstNoted = firstNoted;
  }

  /** Notes that {@code tag} was removed at {@code at} (kept unless a later time is known); {@code NEVER} is ignored. */
  void note(String tag, long at) {
    if (at == TagStore.NEVER) {
      return;
    }
    times.merge(tag, at, Math::max);
    if (!noted.get() && noted.compareAndSet(false, true)) {
      firstNoted.run();
    }
    if (times.size() > MAX_TAGS) {
      forgetOldest();
    }
  }

  /** The latest removal time of {@code tag} known here, or {@link TagStore#NEVER}. */
  long known(String tag) {
    Long at = times.get(tag);
    return at == null ? TagStore.NEVER : at;
  }

  /** The tags known here with their times, after forgetting those removed more than {@code maxAgeMillis} ago. */
  List<Map.Entry<String, Long>> current(long now, long maxAgeMillis) {
    times.entrySet().removeIf(e -> now - e.getValue() > maxAgeMillis);
    List<Map.Entry<String, Long>> held = new ArrayList<>(times.size());
    times.forEach((tag, at) -> held.add(Map.entry(tag, at)));
    return held;
  }

  /** How many tags are known here. */
  int size() {
    return times.size();
  }

  private void forgetOldest() {
    while (times.size() > MAX_TAGS) {
      Map.Entry<String, Long> oldest = null;
      for (Map.Entry<String, Long> e : times.entrySet()) {
        if (oldest == null || e.getValue() < oldest.getValue()) {
          oldest = e;
        }
      }
      if (oldest == null || !times.remove(oldest.getKey(), oldest.getValue())) {
        continue;
      }
      forgotten.run();
      if (warned.compareAndSet(false, true)) {
        LOG.warn("cache '{}': more than {} tags were removed within {} days; the oldest removal times are forgotten "
            + "here, and a record of one of them deleted from the distributed level is not written again by this node "
            + "(logged once; counted in ClusterNode.forgottenRemovalTimes())", cacheName, MAX_TAGS,
            TagStore.DURATION.toDays());
      }
    }
  }
}

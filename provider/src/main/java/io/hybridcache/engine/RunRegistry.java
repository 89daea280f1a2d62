package io.hybridcache.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Orders factory results against explicit writes, so the last writer wins: every factory run (foreground, background
 * after a timeout, eager refresh) is registered under its key while it runs. An explicit write ({@code set},
 * {@code remove}, {@code expire}, {@code clear}) marks every registered run of its key superseded before it touches the
 * memory level, and a run that completes saves only if it was not superseded (see {@link MemoryLevel#saveFromRun}). A
 * run that saves supersedes the runs of the same key that started before it, so an old, slow factory never overwrites
 * a newer one's value.
 *
 * <p>An atomic change ({@link ConditionalWrite}) registers a run too, to hear of the changes other nodes announce
 * while it is under way.
 *
 * <p>The cost for a key with no run in progress is one hash lookup per explicit write.
 */
final class RunRegistry<K> {
  private final ConcurrentHashMap<K, List<Run>> runs = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  /** The supersede time of a local write: newer than anything a run can have read. */
  private static final long ALWAYS = Long.MAX_VALUE;
  private static final long NEVER = Long.MIN_VALUE;

  /** Registers a new run of {@code key}; call {@link Run#close()} when it has saved (or given up). */
  Run start(K key) {
    Run run = new Run(key, sequence.incrementAndGet());
    runs.compute(key, (k, list) -> {
      List<Run> next = list == null ? new ArrayList<>(1) : new ArrayList<>(list);
      next.add(run);
      return next;
    });
    return run;
  }

  /** Whether a run of {@code key} is registered. */
  boolean isRunning(K key) {
    return runs.containsKey(key);
  }

  /** Marks every run of {@code key} superseded; call before an explicit write lands. */
  void supersede(K key) {
    supersede(key, ALWAYS);
  }

  /**
   * Marks every run of {@code key} superseded by a change another node made at {@code timestamp}: a factory result is
   * then not cached, and neither is an entry read from the distributed level that was written before that change (one
   * written after it already holds the change, so it is kept; one written in the same millisecond is kept stale, as
   * nothing tells whether it is the change or another write the change replaced).
   */
  void supersede(K key, long timestamp) {
    List<Run> list = runs.get(key);
    if (list != null) {
      for (Run r : list) {
        r.supersededAt(timestamp);
      }
    }
  }

  /** Marks every registered run superseded (clear); returns the keys those runs are for. */
  Set<K> supersedeAll() {
    return supersedeAll(ALWAYS);
  }

  /** Like {@link #supersedeAll()}, for a change another node made at {@code timestamp} (see {@link #supersede(Object,
   * long)}). */
  Set<K> supersedeAll(long timestamp) {
    Set<K> keys = new HashSet<>();
    for (Map.Entry<K, List<Run>> e : runs.entrySet()) {
      for (Run r : e.getValue()) {
        r.supersededAt(timestamp);
      }
      keys.add(e.getKey());
    }
    return keys;
  }

  /** One factory run of a key. */
  final class Run implements AutoCloseable {
    private final K key;
    private final long order;
    /** The time of the newest change that superseded this run; {@link #NEVER} while none did. */
    private volatile long supersededAt = NEVER;

    private Run(K key, long order) {
      this.key = key;
      this.order = order;
    }

    /** Whether any write superseded this run: its factory result must not be cached. */
    boolean isSuperseded() {
      return supersededAt != NEVER;
    }

    /**
     * Whether a write newer than {@code writtenAt} superseded this run: an entry written then, read from the
     * distributed level, is older than that write and must not be cached.
     */
    boolean isSupersededAfter(long writtenAt) {
      return supersededAt > writtenAt;
    }

    /**
     * Whether the newest change that superseded this run was made in millisecond {@code writtenAt}: an entry written
     * then, read from the distributed level, may be that change or another write it replaced.
     */
    boolean isSupersededAt(long writtenAt) {
      return supersededAt == writtenAt;
    }

    private synchronized void supersededAt(long timestamp) {
      if (timestamp > supersededAt) {
        supersededAt = timestamp;
      }
    }

    /** Marks the runs of the same key that started before this one superseded. */
    void supersedeOlder() {
      List<Run> list = runs.get(key);
      if (list != null) {
        for (Run r : list) {
          if (r.order < order) {
            r.supersededAt(ALWAYS);
          }
        }
      }
    }

    @Override
    public void close() {
      runs.computeIfPresent(key, (k, list) -> {
        if (list.size() == 1 && list.get(0) == this) {
          return null;
        }
        List<Run> next = new ArrayList<>(list);
        next.remove(this);
        return next.isEmpty() ? null : next;
      });
    }
  }
}

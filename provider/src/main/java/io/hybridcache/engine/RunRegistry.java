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
 * <p>The cost for a key with no run in progress is one hash lookup per explicit write.
 */
final class RunRegistry<K> {
  private final ConcurrentHashMap<K, List<Run>> runs = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();

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

  /** Marks every run of {@code key} superseded; call before an explicit write lands. */
  void supersede(K key) {
    List<Run> list = runs.get(key);
    if (list != null) {
      for (Run r : list) {
        r.superseded = true;
      }
    }
  }

  /** Marks every registered run superseded (clear); returns the keys those runs are for. */
  Set<K> supersedeAll() {
    Set<K> keys = new HashSet<>();
    for (Map.Entry<K, List<Run>> e : runs.entrySet()) {
      for (Run r : e.getValue()) {
        r.superseded = true;
      }
      keys.add(e.getKey());
    }
    return keys;
  }

  /** One factory run of a key. */
  final class Run implements AutoCloseable {
    private final K key;
    private final long order;
    private volatile boolean superseded;

    private Run(K key, long order) {
      this.key = key;
      this.order = order;
    }

    boolean isSuperseded() {
      return superseded;
    }

    /** Marks the runs of the same key that started before this one superseded. */
    void supersedeOlder() {
      List<Run> list = runs.get(key);
      if (list != null) {
        for (Run r : list) {
          if (r.order < order) {
            r.superseded = true;
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

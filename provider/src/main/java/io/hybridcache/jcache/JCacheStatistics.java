package io.hybridcache.jcache;

import io.hybridcache.engine.EntryAccess;
import io.hybridcache.engine.PerThreadCounter;
import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * The JSR's statistics of one cache, as its {@code CacheStatistics} MXBean shows them. Counting is skipped while
 * statistics are disabled (the JSR default), so a disabled cache pays one volatile read per operation. Times are
 * reported in microseconds, averaged over the operations counted. The two counts a hit adds to, hits and get time,
 * are {@link PerThreadCounter}s (a plain write, no atomic add); {@link #clear()} sets their zero at their sum then.
 *
 * <p>Hits, misses, puts and removals are also counted, enabled or not, in the cache's
 * {@link io.hybridcache.HybridCacheStats} (through {@link #countInto}), so that those count every path.
 */
final class JCacheStatistics implements CacheStatisticsMXBean {
  private final PerThreadCounter hits = new PerThreadCounter();
  /** What {@link #hits} summed at the last {@link #clear()}. */
  private volatile long hitsCleared;
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final PerThreadCounter getNanos = new PerThreadCounter();
  /** What {@link #getNanos} summed at the last {@link #clear()}. */
  private volatile long getNanosCleared;
  private final LongAdder putNanos = new LongAdder();
  private final LongAdder removeNanos = new LongAdder();
  private volatile boolean enabled;
  private EntryAccess<?, ?> engine;

  /** Where the hits, misses, puts and removals are counted too: the cache's engine; set once, before any operation. */
  void countInto(EntryAccess<?, ?> engine) {
    this.engine = engine;
  }

  boolean isEnabled() {
    return enabled;
  }

  void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** A start time for {@link #recordGetTime} and friends: 0 when disabled, so the clock is not read. */
  long start() {
    return enabled ? System.nanoTime() : 0L;
  }

  /** One hit: {@link #recordHits recordHits(1)}, counted in the engine with a plain write (the get's hit path). */
  void recordHit() {
    engine.countHit();
    if (enabled) {
      hits.increment();
    }
  }

  void recordHits(long n) {
    engine.count(n, 0, 0, 0);
    if (enabled && n > 0) {
      hits.increment(n);
    }
  }

  void recordMisses(long n) {
    engine.count(0, n, 0, 0);
    recordJsrMisses(n);
  }

  /** Misses the engine counted already (a read-through {@code get} is a {@code getOrSet}): the JSR's count alone. */
  void recordJsrMisses(long n) {
    if (enabled && n > 0) {
      misses.add(n);
    }
  }

  void recordPuts(long n) {
    engine.count(0, 0, n, 0);
    if (enabled && n > 0) {
      puts.add(n);
    }
  }

  void recordRemovals(long n) {
    engine.count(0, 0, 0, n);
    if (enabled && n > 0) {
      removals.add(n);
    }
  }

  void recordEvictions(long n) {
    if (enabled && n > 0) {
      evictions.add(n);
    }
  }

  void recordGetTime(long start) {
    if (enabled && start != 0L) {
      getNanos.increment(System.nanoTime() - start);
    }
  }

  void recordPutTime(long start) {
    if (enabled && start != 0L) {
      putNanos.add(System.nanoTime() - start);
    }
  }

  void recordRemoveTime(long start) {
    if (enabled && start != 0L) {
      removeNanos.add(System.nanoTime() - start);
    }
  }

  @Override
  public void clear() {
    for (LongAdder a : new LongAdder[] {misses, puts, removals, evictions, putNanos, removeNanos}) {
      a.reset();
    }
    hitsCleared = hits.sum();
    getNanosCleared = getNanos.sum();
  }

  @Override
  public long getCacheHits() {
    return hitCount();
  }

  @Override
  public float getCacheHitPercentage() {
    long h = hitCount();
    long total = h + misses.sum();
    return total == 0 ? 0f : 100f * h / total;
  }

  @Override
  public long getCacheMisses() {
    return misses.sum();
  }

  @Override
  public float getCacheMissPercentage() {
    long m = misses.sum();
    long total = m + hitCount();
    return total == 0 ? 0f : 100f * m / total;
  }

  @Override
  public long getCacheGets() {
    return hitCount() + misses.sum();
  }

  @Override
  public long getCachePuts() {
    return puts.sum();
  }

  @Override
  public long getCacheRemovals() {
    return removals.sum();
  }

  @Override
  public long getCacheEvictions() {
    return evictions.sum();
  }

  @Override
  public float getAverageGetTime() {
    return averageMicros(getNanosSum(), getCacheGets());
  }

  @Override
  public float getAveragePutTime() {
    return averageMicros(putNanos.sum(), puts.sum());
  }

  @Override
  public float getAverageRemoveTime() {
    return averageMicros(removeNanos.sum(), removals.sum());
  }

  private long hitCount() {
    return hits.sum() - hitsCleared;
  }

  private long getNanosSum() {
    return getNanos.sum() - getNanosCleared;
  }

  private static float averageMicros(long nanos, long count) {
    return count == 0 ? 0f : (nanos / 1_000f) / count;
  }
}

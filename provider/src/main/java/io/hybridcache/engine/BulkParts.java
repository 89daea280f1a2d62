package io.hybridcache.engine;

import java.util.List;
import java.util.Map;

/**
 * The parts of one cache that its bulk loads share ({@link BulkLoads}, {@link BulkLoad}, {@link BulkRefresh}), and
 * the checks of a bulk factory's map.
 */
final class BulkParts<K, V> {
  /** The outcome of a flight whose key the factory left out: its followers load it on their own. */
  static final Exception LEFT_OUT = new RuntimeException("left out by the bulk factory", null, false, false) { };

  final String name;
  final TimeSource time;
  final BackgroundTasks background;
  final MemoryLevel<K, V> memory;
  final RunRegistry<K> runs;
  final CacheEvents<K> events;
  final DistributedOperations<K, V> distributed;
  final Barriers barriers;
  final EntryClock clock;
  final ReadOnlyLookup<K, V> lookup;
  final GetOrSetPipeline<K, V> pipeline;
  final StampedeGuard<K, V> guard;
  final ClusterLocks<K> locks;

  BulkParts(String name, TimeSource time, BackgroundTasks background, MemoryLevel<K, V> memory, RunRegistry<K> runs,
      CacheEvents<K> events, DistributedOperations<K, V> distributed, Barriers barriers, EntryClock clock,
      ReadOnlyLookup<K, V> lookup, GetOrSetPipeline<K, V> pipeline, ClusterLocks<K> locks) {
    this.name = name;
    this.time = time;
    this.background = background;
    this.memory = memory;
    this.runs = runs;
    this.events = events;
    this.distributed = distributed;
    this.barriers = barriers;
    this.clock = clock;
    this.lookup = lookup;
    this.pipeline = pipeline;
    this.guard = pipeline.guard();
    this.locks = locks;
  }

  /** A NullPointerException naming the first of {@code keys} whose value {@code made} holds as null; else null. */
  Throwable nullIn(List<K> keys, Map<K, V> made) {
    if (made == null) {
      return new NullPointerException("the bulk factory of cache '" + name + "' returned a null map; return an "
          + "empty map when it found nothing");
    }
    for (K key : keys) {
      if (made.get(key) == null && made.containsKey(key)) {
        return new NullPointerException("the bulk factory of cache '" + name + "' returned null for key '" + key
            + "'; a cache cannot store null: leave the key out of the map");
      }
    }
    return null;
  }

  /** Runs timer work off the timer thread, so callers' continuations never run on it. */
  void handOff(Runnable work) {
    if (!background.tryExecute(work)) {
      work.run();
    }
  }
}

package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import io.hybridcache.spi.KeyRead;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the distributed level held for some keys, read in one bulk read ahead of a series of atomic changes of those
 * keys ({@link EntryAccess#readAhead}). Each {@link EntryAccess#computeAcrossNodes(Object,
 * java.util.function.BiFunction, Runnable, ReadAhead) computeAcrossNodes} of one of them then starts from what was
 * read instead of reading on its own. Its compare-and-set still checks that the level holds what was read, so a
 * change made in between (by another node, or by this one) costs that key one more attempt, never a lost update. Each
 * key's read serves one change. Close it once the changes are made or abandoned: the keys not changed stop listening
 * for other nodes' notices.
 *
 * @param <K> the key type
 */
public final class ReadAhead<K> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReadAhead.class);
  private static final ReadAhead<?> NONE = new ReadAhead<>(Map.of());

  private final Map<K, Read<K>> reads;

  private ReadAhead(Map<K, Read<K>> reads) {
    this.reads = reads;
  }

  /** A read-ahead of nothing: every change reads on its own. */
  @SuppressWarnings("unchecked")
  static <K> ReadAhead<K> none() {
    return (ReadAhead<K>) NONE;
  }

  /**
   * Reads {@code keys} from the level in one bulk read. Each key's watch ({@link RunRegistry}) starts before the read,
   * as a {@link ConditionalWrite}'s does, so that a change another node announces meanwhile is heard. When the read
   * fails or times out (logged and counted by the reader) the result is empty, and each change reads on its own; a
   * value above the maximum entry size is left out for the same reason (its own read clears it).
   */
  static <K, V> ReadAhead<K> read(List<K> keys, DistributedOperations<K, V> distributed, RunRegistry<K> runs,
      EntryOptions options, String cacheName) {
    if (keys.isEmpty() || !distributed.hasLevel()) {
      return none();
    }
    List<String> levelKeys = new ArrayList<>(keys.size());
    List<RunRegistry<K>.Run> watches = new ArrayList<>(keys.size());
    for (K key : keys) {
      levelKeys.add(distributed.levelKey(key));
      watches.add(runs.start(key));
    }
    List<KeyRead> found;
    try {
      found = Failures.await(() -> distributed.readRawAll(levelKeys, options), "keys", cacheName);
    } catch (RuntimeException e) {
      LOG.debug("cache '{}': the read ahead of {} atomic changes failed; each reads on its own", cacheName,
          keys.size(), e);
      watches.forEach(RunRegistry.Run::close);
      return none();
    }
    Map<K, Read<K>> reads = new ConcurrentHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      KeyRead read = found.get(i);
      if (read.refused() == null) {
        reads.put(keys.get(i), new Read<>(read.envelope(), watches.get(i)));
      } else {
        watches.get(i).close();
      }
    }
    return new ReadAhead<>(reads);
  }

  /** The read of {@code key}, handed over once: null when there is none (the change reads on its own). */
  Read<K> take(K key) {
    return reads.isEmpty() ? null : reads.remove(key);
  }

  /** Stops the watches of the keys whose read was not taken. A second call does nothing. */
  @Override
  public void close() {
    for (K key : List.copyOf(reads.keySet())) {
      Read<K> read = reads.remove(key);
      if (read != null) {
        read.watch.close();
      }
    }
  }

  /** One key's bytes as read (null: absent), and its watch, started before the read. */
  record Read<K>(byte[] raw, RunRegistry<K>.Run watch) { }
}

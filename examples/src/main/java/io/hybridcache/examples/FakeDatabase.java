package io.hybridcache.examples;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A stand-in for a slow, unreliable data source: every query counts itself, takes {@link #latency(Duration) latency}
 * and returns a row for the key at a new version ({@code "product:42 v3"}), or throws while the database is down.
 *
 * @param <V> the type of its rows
 */
final class FakeDatabase<V> {
  private final AtomicInteger queries = new AtomicInteger();
  private final Map<String, Integer> versions = new ConcurrentHashMap<>();
  private final BiFunction<String, Integer, V> row;
  private volatile Duration latency;
  private volatile boolean down;

  /** A database whose rows are built by {@code row} from a key and its version. */
  FakeDatabase(Duration latency, BiFunction<String, Integer, V> row) {
    this.latency = latency;
    this.row = row;
  }

  /** A database whose rows are strings: the key and its version. */
  static FakeDatabase<String> ofStrings(Duration latency) {
    return new FakeDatabase<>(latency, (key, version) -> key + " v" + version);
  }

  /** Queries {@code key}: the factory (or loader) every scene hands to the cache. */
  V query(String key) throws InterruptedException {
    queries.incrementAndGet();
    Thread.sleep(latency.toMillis());
    if (down) {
      throw new IllegalStateException("database unreachable");
    }
    return row.apply(key, versions.merge(key, 1, Integer::sum));
  }

  /** How many queries were made, successful or not. */
  int queries() {
    return queries.get();
  }

  void latency(Duration latency) {
    this.latency = latency;
  }

  void goDown() {
    down = true;
  }
}

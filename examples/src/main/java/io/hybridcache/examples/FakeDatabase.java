package io.hybridcache.examples;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a slow, unreliable data source: every query counts itself, takes {@link #latency(Duration) latency}
 * and returns the key with a new version number ({@code "product:42 v3"}), or throws while the database is down.
 */
final class FakeDatabase {
  private final AtomicInteger queries = new AtomicInteger();
  private final AtomicInteger versions = new AtomicInteger();
  private volatile Duration latency;
  private volatile boolean down;

  FakeDatabase(Duration latency) {
    this.latency = latency;
  }

  /** Queries {@code key}: the factory every scene hands to the cache. */
  String query(String key) throws InterruptedException {
    queries.incrementAndGet();
    Thread.sleep(latency.toMillis());
    if (down) {
      throw new IllegalStateException("database unreachable");
    }
    return key + " v" + versions.incrementAndGet();
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

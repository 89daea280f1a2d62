package io.hybridcache.examples;

import io.hybridcache.EntryOptions;
import io.hybridcache.HybridCache;
import io.hybridcache.HybridCacheStats;
import java.time.Duration;

/** Scene 2: the database goes down after a value expired, and fail-safe keeps answering with the stale value. */
final class FailSafeScene {
  private static final String KEY = "user:7";

  private FailSafeScene() {}

  static String run(HybridCache<String, String> cache) throws Exception {
    Console.title(2, "Fail-safe");
    FakeDatabase db = new FakeDatabase(Duration.ofMillis(20));
    EntryOptions options = EntryOptions.builder().duration(Duration.ofSeconds(1)).failSafe(true).build();
    HybridCacheStats before = cache.stats();

    String cached = cache.getOrSet(KEY, ctx -> db.query(ctx.key()), options);
    Console.line("cached %s for 1 s (failSafe on)", cached);
    db.goDown();
    Thread.sleep(1_100);
    Console.line("database down, entry expired 100 ms ago");

    long start = System.nanoTime();
    String answer = cache.getOrSet(KEY, ctx -> db.query(ctx.key()), options);
    Console.line("getOrSet -> %s (stale, factory threw) in %s", answer, Console.ms(System.nanoTime() - start));
    String again = cache.getOrSet(KEY, ctx -> db.query(ctx.key()), options);
    Console.line("getOrSet again -> %s without a query (throttled): %d queries in all", again, db.queries());

    HybridCacheStats d = Console.delta(before, cache.stats());
    Console.line("stats: factoryRuns=%d, factoryErrors=%d, failSafeActivations=%d, staleHits=%d",
        d.factoryRuns(), d.factoryErrors(), d.failSafeActivations(), d.staleHits());
    return "stale value served while the database was down";
  }
}

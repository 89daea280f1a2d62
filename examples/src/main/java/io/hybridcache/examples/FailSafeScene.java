package io.hybridcache.examples;

import io.hybridcache.EntryOptions;
import io.hybridcache.HybridCache;
import io.hybridcache.HybridCacheConfiguration;
import io.hybridcache.HybridCacheStats;
import java.time.Duration;
import javax.cache.Cache;
import javax.cache.CacheManager;

/** Scene 3: the database goes down after a value expired, and fail-safe keeps answering with the stale value. */
final class FailSafeScene {
  private static final String KEY = "user:7";

  private FailSafeScene() {}

  static String run(CacheManager manager) throws Exception {
    Console.title(3, "Fail-safe");
    FakeDatabase<String> db = FakeDatabase.ofStrings(Duration.ofMillis(20));
    Cache<String, String> users = manager.createCache("users", new HybridCacheConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setDefaultEntryOptions(EntryOptions.builder().duration(Duration.ofSeconds(1)).failSafe(true).build()));
    @SuppressWarnings("unchecked")
    HybridCache<String, String> cache = users.unwrap(HybridCache.class);

    String cached = cache.getOrSet(KEY, ctx -> db.query(ctx.key()));
    Console.line("cached %s for 1 s (failSafe on)", cached);
    db.goDown();
    Thread.sleep(1_100);
    Console.line("database down, entry expired 100 ms ago");

    long start = System.nanoTime();
    String answer = cache.getOrSet(KEY, ctx -> db.query(ctx.key()));
    Console.line("getOrSet -> %s (stale, factory threw) in %s", answer, Console.ms(System.nanoTime() - start));
    String again = cache.getOrSet(KEY, ctx -> db.query(ctx.key()));
    Console.line("getOrSet again -> %s without a query (throttled): %d queries in all", again, db.queries());

    HybridCacheStats s = cache.stats();
    Console.line("stats: factoryRuns=%d, factoryErrors=%d, failSafeActivations=%d, staleHits=%d",
        s.factoryRuns(), s.factoryErrors(), s.failSafeActivations(), s.staleHits());
    return "stale value served while the database was down";
  }
}

package io.hybridcache.examples;

import io.hybridcache.EntryOptions;
import io.hybridcache.HybridCache;
import io.hybridcache.HybridCacheConfiguration;
import io.hybridcache.HybridCacheStats;
import java.time.Duration;
import java.util.Optional;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * Scene 4: the database turns slow; after the soft timeout the caller gets the stale value, and the slow query goes on
 * in the background and then updates the cache.
 */
final class SoftTimeoutScene {
  private static final String KEY = "stock:AAPL";

  private SoftTimeoutScene() {}

  static String run(CacheManager manager) throws Exception {
    Console.title(4, "Soft timeout");
    FakeDatabase<String> db = FakeDatabase.ofStrings(Duration.ZERO);
    Cache<String, String> stocks = manager.createCache("stocks", new HybridCacheConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setDefaultEntryOptions(EntryOptions.builder()
            .duration(Duration.ofSeconds(30))
            .failSafe(true)
            .factorySoftTimeout(Duration.ofMillis(100))
            .build()));
    @SuppressWarnings("unchecked")
    HybridCache<String, String> cache = stocks.unwrap(HybridCache.class);

    String stale = cache.getOrSet(KEY, ctx -> db.query(ctx.key()));
    cache.expire(KEY);
    db.latency(Duration.ofSeconds(2));
    Console.line("cached %s, then expired it; the query now takes 2 s (soft timeout 100 ms)", stale);

    long start = System.nanoTime();
    String answer = cache.getOrSet(KEY, ctx -> db.query(ctx.key()));
    long answered = System.nanoTime() - start;
    Console.line("getOrSet -> %s (stale) in %s", answer, Console.ms(answered));

    Optional<String> fresh = Polling.awaitChange(cache, KEY, stale, Duration.ofSeconds(5));
    Console.line("tryGet -> %s, %s after the call (the query finished in the background)",
        fresh.orElse("still " + stale + " (gave up waiting)"), Console.ms(System.nanoTime() - start));

    HybridCacheStats s = cache.stats();
    Console.line("stats: factoryTimeouts=%d, failSafeActivations=%d, backgroundFactorySuccesses=%d",
        s.factoryTimeouts(), s.failSafeActivations(), s.backgroundFactorySuccesses());
    return "a 2 s query answered in " + Console.ms(answered);
  }
}

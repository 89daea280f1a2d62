package io.hybridcache.examples;

import io.hybridcache.EntryOptions;
import io.hybridcache.HybridCache;
import io.hybridcache.HybridCacheStats;
import java.time.Duration;
import java.util.Optional;

/**
 * Scene 3: the database turns slow; after the soft timeout the caller gets the stale value, and the slow query goes on
 * in the background and then updates the cache.
 */
final class SoftTimeoutScene {
  private static final String KEY = "stock:AAPL";

  private SoftTimeoutScene() {}

  static String run(HybridCache<String, String> cache) throws Exception {
    Console.title(3, "Soft timeout");
    FakeDatabase db = new FakeDatabase(Duration.ZERO);
    EntryOptions options = EntryOptions.builder()
        .duration(Duration.ofSeconds(30))
        .failSafe(true)
        .factorySoftTimeout(Duration.ofMillis(100))
        .build();
    HybridCacheStats before = cache.stats();

    String stale = cache.getOrSet(KEY, ctx -> db.query(ctx.key()), options);
    cache.expire(KEY);
    db.latency(Duration.ofSeconds(2));
    Console.line("cached %s, then expired it; the query now takes 2 s (soft timeout 100 ms)", stale);

    long start = System.nanoTime();
    String answer = cache.getOrSet(KEY, ctx -> db.query(ctx.key()), options);
    long answered = System.nanoTime() - start;
    Console.line("getOrSet -> %s (stale) in %s", answer, Console.ms(answered));

    Optional<String> fresh = Polling.awaitChange(cache, KEY, stale, Duration.ofSeconds(5));
    Console.line("tryGet -> %s, %s after the call (the query finished in the background)",
        fresh.orElse("still " + stale + " (gave up waiting)"), Console.ms(System.nanoTime() - start));

    HybridCacheStats d = Console.delta(before, cache.stats());
    Console.line("stats: factoryTimeouts=%d, failSafeActivations=%d, backgroundFactorySuccesses=%d",
        d.factoryTimeouts(), d.failSafeActivations(), d.backgroundFactorySuccesses());
    return "a 2 s query answered in " + Console.ms(answered);
  }
}

package io.hybridcache.examples;

import io.hybridcache.EntryOptions;
import io.hybridcache.HybridCache;
import io.hybridcache.HybridCacheConfiguration;
import io.hybridcache.HybridCacheStats;
import java.time.Duration;
import java.util.Optional;
import javax.cache.Cache;
import javax.cache.CacheManager;

/** Scene 5: a hit past half the duration returns at once and refreshes the value in the background. */
final class EagerRefreshScene {
  private static final String KEY = "weather:Oslo";

  private EagerRefreshScene() {}

  static String run(CacheManager manager) throws Exception {
    Console.title(5, "Eager refresh");
    FakeDatabase<String> db = FakeDatabase.ofStrings(Duration.ofMillis(100));
    Cache<String, String> weather = manager.createCache("weather", new HybridCacheConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setDefaultEntryOptions(EntryOptions.builder()
            .duration(Duration.ofSeconds(1))
            .eagerRefreshThreshold(0.5)
            .build()));
    @SuppressWarnings("unchecked")
    HybridCache<String, String> cache = weather.unwrap(HybridCache.class);

    String first = cache.getOrSet(KEY, ctx -> db.query(ctx.key()));
    Console.line("cached %s for 1 s, eager refresh after 50%% (the query takes 100 ms)", first);
    Thread.sleep(600);

    long start = System.nanoTime();
    String hit = cache.getOrSet(KEY, ctx -> db.query(ctx.key()));
    long hitNanos = System.nanoTime() - start;
    Console.line("at 0.6 s getOrSet -> %s in %s, and a background refresh started", hit, Console.ms(hitNanos));

    Optional<String> refreshed = Polling.awaitChange(cache, KEY, first, Duration.ofSeconds(3));
    Console.line("tryGet -> %s, %s after the hit", refreshed.orElse("still " + first + " (gave up waiting)"),
        Console.ms(System.nanoTime() - start));
    Console.line("factory ran %d time in the background", db.queries() - 1);

    HybridCacheStats s = cache.stats();
    Console.line("stats: eagerRefreshes=%d, backgroundFactorySuccesses=%d", s.eagerRefreshes(),
        s.backgroundFactorySuccesses());
    return "refreshed in the background behind a " + Console.ms(hitNanos) + " hit";
  }
}

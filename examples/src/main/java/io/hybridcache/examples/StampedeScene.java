package io.hybridcache.examples;

import io.hybridcache.EntryOptions;
import io.hybridcache.HybridCache;
import io.hybridcache.HybridCacheConfiguration;
import io.hybridcache.HybridCacheStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * Scene 2: a hundred callers miss the same cold key at once, and the slow query runs once for all of them. The cache
 * is created through JCache with a {@link HybridCacheConfiguration} and unwrapped to the extended API.
 */
final class StampedeScene {
  private static final int CALLERS = 100;
  private static final String KEY = "product:42";

  private StampedeScene() {}

  static String run(CacheManager manager) throws Exception {
    Console.title(2, "Stampede protection");
    FakeDatabase<Product> db = new FakeDatabase<>(Duration.ofMillis(200), Product::new);
    Cache<String, Product> products = manager.createCache("products", new HybridCacheConfiguration<String, Product>()
        .setTypes(String.class, Product.class)
        .setDefaultEntryOptions(EntryOptions.builder().duration(Duration.ofMinutes(5)).build())
        .setMaximumSize(10_000));
    @SuppressWarnings("unchecked")
    HybridCache<String, Product> cache = products.unwrap(HybridCache.class);
    Console.line("createCache(\"products\", HybridCacheConfiguration: 5 min, 10,000 entries), unwrap(HybridCache.class)");

    CountDownLatch ready = new CountDownLatch(CALLERS);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    Set<Product> answers = new HashSet<>();
    long start;
    try {
      List<Future<Product>> futures = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        futures.add(callers.submit(() -> {
          ready.countDown();
          go.await();
          return cache.getOrSet(KEY, ctx -> db.query(ctx.key()));
        }));
      }
      ready.await();
      start = System.nanoTime();
      go.countDown();
      for (Future<Product> f : futures) {
        answers.add(f.get());
      }
    } finally {
      callers.shutdown();
    }
    long elapsed = System.nanoTime() - start;

    Console.line("%d threads called getOrSet(\"%s\") at once; the query takes 200 ms", CALLERS, KEY);
    Console.line("factory ran %d time for %d callers, all answered %s in %s", db.queries(), CALLERS, answers,
        Console.ms(elapsed));
    HybridCacheStats s = cache.stats();
    Console.line("stats: misses=%d, factoryRuns=%d, sets=%d", s.misses(), s.factoryRuns(), s.sets());
    return db.queries() + " query for " + CALLERS + " callers";
  }
}

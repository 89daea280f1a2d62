package io.hybridcache.examples;

import io.hybridcache.EntryOptions;
import io.hybridcache.HybridCache;
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

/** Scene 1: a hundred callers miss the same cold key at once, and the slow query runs once for all of them. */
final class StampedeScene {
  private static final int CALLERS = 100;
  private static final String KEY = "product:42";

  private StampedeScene() {}

  static String run(HybridCache<String, String> cache) throws Exception {
    Console.title(1, "Stampede protection");
    FakeDatabase db = new FakeDatabase(Duration.ofMillis(200));
    EntryOptions options = EntryOptions.builder().duration(Duration.ofMinutes(5)).build();
    HybridCacheStats before = cache.stats();

    CountDownLatch ready = new CountDownLatch(CALLERS);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    Set<String> answers = new HashSet<>();
    long start;
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        futures.add(callers.submit(() -> {
          ready.countDown();
          go.await();
          return cache.getOrSet(KEY, ctx -> db.query(ctx.key()), options);
        }));
      }
      ready.await();
      start = System.nanoTime();
      go.countDown();
      for (Future<String> f : futures) {
        answers.add(f.get());
      }
    } finally {
      callers.shutdown();
    }
    long elapsed = System.nanoTime() - start;

    Console.line("%d threads called getOrSet(\"%s\") at once; the query takes 200 ms", CALLERS, KEY);
    Console.line("factory ran %d time for %d callers, all answered %s in %s", db.queries(), CALLERS, answers,
        Console.ms(elapsed));
    HybridCacheStats d = Console.delta(before, cache.stats());
    Console.line("stats: misses=%d, factoryRuns=%d, sets=%d", d.misses(), d.factoryRuns(), d.sets());
    return db.queries() + " query for " + CALLERS + " callers";
  }
}

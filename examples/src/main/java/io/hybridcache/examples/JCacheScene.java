package io.hybridcache.examples;

import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.integration.CacheLoader;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Scene 1: the standard JCache API, nothing HybridCache-specific: put, get and getAll; read-through with a
 * {@link CacheLoader}, where concurrent misses of one key make one load; an entry listener; the statistics MXBean.
 */
final class JCacheScene {
  private static final String CACHE = "catalog";
  private static final int CALLERS = 20;
  private static final String COLD_KEY = "product:42";

  private JCacheScene() {}

  static String run(CacheManager manager) throws Exception {
    Console.title(1, "Plain JCache");
    FakeDatabase<Product> db = new FakeDatabase<>(Duration.ofMillis(200), Product::new);
    MutableConfiguration<String, Product> config = new MutableConfiguration<String, Product>()
        .setTypes(String.class, Product.class)
        .setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(new DatabaseLoader(db)))
        .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(new Listener()), null, true, true));
    Cache<String, Product> cache = manager.createCache(CACHE, config);
    manager.enableStatistics(CACHE, true);
    Console.line("createCache(\"%s\", MutableConfiguration: read-through, a listener), enableStatistics", CACHE);

    Product v1 = new Product("product:1", 1);
    Console.line("put %s", v1);
    cache.put(v1.id(), v1);
    Product v2 = new Product("product:1", 2);
    Console.line("put %s", v2);
    cache.put(v2.id(), v2);
    Console.line("get(\"%s\") -> %s", v2.id(), cache.get(v2.id()));

    Set<String> keys = Set.of("product:1", "product:2", "product:3");
    Set<String> missing = new TreeSet<>();
    keys.stream().filter(k -> !cache.containsKey(k)).forEach(missing::add);
    Console.line("getAll(%s); %s not cached: the loader loads them", new TreeSet<>(keys), missing);
    Map<String, Product> all = cache.getAll(keys);
    Console.line("getAll -> %s, %d queries", new TreeMap<>(all).values(), db.queries());

    int queriesBefore = db.queries();
    Console.line("%d threads call get(\"%s\") at once on a cold key; the loader takes 200 ms", CALLERS, COLD_KEY);
    long start = System.nanoTime();
    Set<Product> answers = getConcurrently(cache, COLD_KEY);
    int loads = db.queries() - queriesBefore;
    Console.line("loader ran %d time for %d callers, all answered %s in %s", loads, CALLERS, answers,
        Console.ms(System.nanoTime() - start));

    ObjectName name = new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
        + manager.getURI().toString().replaceAll("[,:=\n]", ".") + ",Cache=" + CACHE);
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    Console.line("statistics MXBean %s:", name);
    Console.line("  gets=%s, hits=%s, misses=%s, puts=%s", server.getAttribute(name, "CacheGets"),
        server.getAttribute(name, "CacheHits"), server.getAttribute(name, "CacheMisses"),
        server.getAttribute(name, "CachePuts"));
    return loads + " load for " + CALLERS + " read-through gets";
  }

  /** Calls {@code cache.get(key)} from {@link #CALLERS} threads released at once; returns the distinct answers. */
  private static Set<Product> getConcurrently(Cache<String, Product> cache, String key) throws Exception {
    CountDownLatch ready = new CountDownLatch(CALLERS);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    Set<Product> answers = new HashSet<>();
    try {
      List<Future<Product>> futures = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        futures.add(callers.submit(() -> {
          ready.countDown();
          go.await();
          return cache.get(key);
        }));
      }
      ready.await();
      go.countDown();
      for (Future<Product> f : futures) {
        answers.add(f.get());
      }
    } finally {
      callers.shutdown();
    }
    return answers;
  }

  /** Prints the events it hears (synchronous: each line shows up before the operation returns). */
  private static final class Listener implements CacheEntryCreatedListener<String, Product>,
      CacheEntryUpdatedListener<String, Product>, Serializable {
    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends Product>> events) {
      events.forEach(e -> Console.line("  listener: CREATED %s", e.getValue()));
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends Product>> events) {
      events.forEach(e -> Console.line("  listener: UPDATED %s (was %s)", e.getValue(), e.getOldValue()));
    }
  }
}

package io.hybridcache.jcache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * What Spring's {@code JCacheCache.get(key, Callable)} ({@code @Cacheable(sync = true)}) sends to {@code invoke}: the
 * cached value when there is one, else the value loader's result, stored. Counts the loads.
 */
final class ValueLoaderProcessor implements EntryProcessor<String, Integer, Integer> {
  final AtomicInteger loads = new AtomicInteger();

  @Override
  public Integer process(MutableEntry<String, Integer> entry, Object... arguments) {
    if (entry.exists()) {
      return entry.getValue();
    }
    int value = 100 + loads.incrementAndGet();
    LockSupport.parkNanos(5_000_000); // a method worth caching takes a while
    entry.setValue(value);
    return value;
  }

  /**
   * Has {@code threads} threads, spread over {@code nodes} in turn, call {@code invoke(key)} with this processor at
   * once; returns what each got.
   */
  List<Integer> invokeAtOnce(List<Cache<String, Integer>> nodes, int threads, String key) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> calls = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Cache<String, Integer> node = nodes.get(t % nodes.size());
        calls.add(pool.submit(() -> {
          start.await();
          return node.invoke(key, this);
        }));
      }
      start.countDown();
      List<Integer> results = new ArrayList<>();
      for (Future<Integer> call : calls) {
        results.add(call.get(30, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}

package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridcache.HybridCacheConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Entry processors run here, on the caller's thread, atomically per key. */
class EntryProcessorTest extends JCacheFixture {
  private static final EntryProcessor<String, Integer, Void> INCREMENT = (entry, args) -> {
    entry.setValue(entry.exists() ? entry.getValue() + 1 : 1);
    return null;
  };

  @ParameterizedTest(name = "storeByValue={0}")
  @ValueSource(booleans = {true, false})
  void concurrentIncrementsThroughInvokeLoseNoUpdate(boolean storeByValue) throws Exception {
    Cache<String, Integer> cache = create(new HybridCacheConfiguration<String, Integer>()
        .setTypes(String.class, Integer.class).setStoreByValue(storeByValue));
    int threads = 8;
    int increments = 1_000;

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < increments; i++) {
            cache.invoke("counter", INCREMENT);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(cache.get("counter")).isEqualTo(threads * increments);
  }

  @Test
  void aLoadingProcessorCalledByTwentyThreadsLoadsOnce() throws Exception {
    Cache<String, Integer> cache = create(new HybridCacheConfiguration<String, Integer>()
        .setTypes(String.class, Integer.class));
    ValueLoaderProcessor loader = new ValueLoaderProcessor();

    List<Integer> results = loader.invokeAtOnce(List.of(cache), 20, "cold");

    assertThat(loader.loads).as("the value loader ran once (Spring's @Cacheable(sync = true))").hasValue(1);
    assertThat(results).containsOnly(101);
  }

  @Test
  void processorRunsOnTheCallersThreadAndMayHoldStateThatCannotBeSerialized() {
    Cache<String, Integer> cache = create(new HybridCacheConfiguration<String, Integer>()
        .setTypes(String.class, Integer.class));
    Thread caller = Thread.currentThread();
    Object notSerializable = new Object();

    Thread ranOn = cache.invoke("k", (entry, args) -> {
      entry.setValue(notSerializable.hashCode());
      return Thread.currentThread();
    });

    assertThat(ranOn).isSameAs(caller);
    assertThat(cache.get("k")).isEqualTo(notSerializable.hashCode());
  }
}

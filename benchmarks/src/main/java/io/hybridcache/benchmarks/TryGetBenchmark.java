package io.hybridcache.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hybridcache.EntryOptions;
import io.hybridcache.engine.HybridCacheEngine;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code HybridCache.tryGet} against raw Caffeine's {@code getIfPresent}, alone in their JVM: the same 1,024 keys and
 * round-robin reads as {@link L1HitBenchmark}, without its peers. There, the peers' Caffeine caches (the JCache
 * adapter's, JetCache's, with expiry and other node classes) share Caffeine's code with these two, so the JIT compiles
 * Caffeine's lookup for all of them at once, and which shape it picks first decides both figures by up to 2x from one
 * fork to the next. Here only HybridCache's own caches share it: what a service that caches with HybridCache has.
 * {@code caffeineExpireAfterWriteGetIfPresent} is raw Caffeine with the same bound and a one-hour
 * {@code expireAfterWrite} (the target's baseline: a cache that expires entries, as HybridCache's does); its cache is
 * filled in every fork, but read only in its own.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(3)
public class TryGetBenchmark {
  /** How many keys are read round-robin: 1,024 as in {@link L1HitBenchmark}; 16 fit in the first-level data cache. */
  @Param({"16", "1024"})
  public int keys;

  private String[] key;
  private Cache<String, Product> caffeine;
  private Cache<String, Product> caffeineExpiring;
  private HybridCacheEngine<String, Product> engine;

  @Setup
  public void setUp() {
    caffeine = Caffeine.newBuilder().maximumSize(10_000).build();
    caffeineExpiring = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(1)).build();
    engine = HybridCacheEngine.<String, Product>builder("try-get").maximumSize(10_000)
        .defaultEntryOptions(EntryOptions.builder().duration(Duration.ofHours(1)).build()).build();
    key = new String[keys];
    for (int i = 0; i < keys; i++) {
      key[i] = "key-" + i;
      Product p = new Product(i);
      caffeine.put(key[i], p);
      caffeineExpiring.put(key[i], p);
      engine.set(key[i], p);
    }
  }

  @TearDown
  public void tearDown() {
    engine.close();
  }

  /** Each thread walks the keys from its own place. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  private String next(Cursor c) {
    return key[c.next++ & (keys - 1)];
  }

  @Benchmark
  public Product caffeineGetIfPresent(Cursor c) {
    return caffeine.getIfPresent(next(c));
  }

  /** Raw Caffeine, then one field of the value read, as a caller does with what it gets. */
  @Benchmark
  public long caffeineGetIfPresentAndReadTheValue(Cursor c) {
    return caffeine.getIfPresent(next(c)).id();
  }

  /** Raw Caffeine with the same bound and a fixed expiry ({@code expireAfterWrite} of one hour, as the engine's). */
  @Benchmark
  public Product caffeineExpireAfterWriteGetIfPresent(Cursor c) {
    return caffeineExpiring.getIfPresent(next(c));
  }

  @Benchmark
  public Object hybridTryGet(Cursor c) {
    return engine.tryGet(next(c));
  }

  @Benchmark
  public long hybridTryGetAndReadTheValue(Cursor c) {
    return engine.tryGet(next(c)).orElseThrow().id();
  }
}

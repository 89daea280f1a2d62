package io.hybridcache.benchmarks;

import io.hybridcache.EntryOptions;
import io.hybridcache.Factory;
import io.hybridcache.engine.HybridCacheEngine;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What tags cost on the hit path: {@code getOrSet} on an L1 hit whose entry carries two tags (each read checks the
 * entry against its tags' removal times) against the same call on an untagged entry of another cache of the same
 * engine configuration ({@code untaggedHit}, the baseline). 1,024 fresh keys read round-robin, L1 only; throughput.
 * A tag was removed once before the run (on a third tag), so the engines hold a non-empty tag store.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class TaggedHitBenchmark {
  private static final Set<String> TAGS = Set.of("tenant:7", "category:lamps");
  private static final EntryOptions OPTIONS = EntryOptions.builder().duration(Duration.ofHours(1)).build();
  private static final Factory<String, Product> FACTORY = ctx -> new Product(ctx.key().length());

  private HybridCacheEngine<String, Product> tagged;
  private HybridCacheEngine<String, Product> untagged;

  @Setup
  public void setUp() {
    tagged = HybridCacheEngine.<String, Product>builder("tagged").maximumSize(10_000).defaultEntryOptions(OPTIONS)
        .build();
    untagged = HybridCacheEngine.<String, Product>builder("untagged").maximumSize(10_000)
        .defaultEntryOptions(OPTIONS).build();
    tagged.removeByTag("unrelated");
    untagged.removeByTag("unrelated");
    for (String key : L1HitBenchmark.KEY) {
      tagged.getOrSet(key, FACTORY, OPTIONS, TAGS);
      untagged.getOrSet(key, FACTORY, OPTIONS);
    }
  }

  @TearDown
  public void tearDown() {
    tagged.close();
    untagged.close();
  }

  @Benchmark
  public Product untaggedHit(L1HitBenchmark.Cursor c) {
    return untagged.getOrSet(c.key(), FACTORY, OPTIONS);
  }

  @Benchmark
  public Product taggedHit(L1HitBenchmark.Cursor c) {
    return tagged.getOrSet(c.key(), FACTORY, OPTIONS, TAGS);
  }
}

package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.ForwardingLevel;
import io.hybridcache.distributed.Topology;
import io.hybridcache.kryo.KryoValueSerializer;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.KeyRead;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The bounds on an entry's tags (issue 18, item 7): how many one entry may carry ({@code maxTagsPerEntry}) and how
 * long one may be, refused on write and as bad data on read, and the removal times of an entry's tags read in one
 * round trip however many they are. Written once; each subclass runs it on one {@link Topology}.
 */
abstract class TagBoundsBehaviour extends MultiNodeFixture {
  static final EntryOptions OPTIONS = EntryOptions.builder().duration(Duration.ofMinutes(1)).build();
  private final Map<String, CountingLevel> levels = new HashMap<>();

  @Override
  DistributedLevel level(String name, String prefix, boolean publishing) {
    CountingLevel level = new CountingLevel(super.level(name, prefix, publishing));
    levels.put(name, level);
    return level;
  }

  static Set<String> tags(int count) {
    return IntStream.range(0, count).mapToObj(i -> "tag-" + i).collect(Collectors.toSet());
  }

  byte[] inLevel(String key) {
    return topology.level("raw-reader", keyPrefix, false).get(keyPrefix + ":products:" + key).join();
  }

  @Test
  void aWriteWithMoreTagsThanTheBoundIsRefusedNamingTheCountTheBoundAndTheSettingBeforeAnyLevelChanges() {
    var writer = node("writer");
    var reader = node("reader");
    AtomicInteger runs = new AtomicInteger();

    assertThatThrownBy(() -> writer.set("p1", "v", OPTIONS, tags(20_000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 100 tags (maxTagsPerEntry)").hasMessageContaining("given 20000");
    assertThatThrownBy(() -> writer.getOrSet("p1", ctx -> "v#" + runs.incrementAndGet(), OPTIONS, tags(101)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("given 101");
    assertThatThrownBy(() -> writer.setAsync("p1", "v", OPTIONS, tags(101)))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(runs).hasValue(0);
    assertThat(inLevel("p1")).isNull();
    assertThat(writer.tryGet("p1")).isEmpty();
    assertThat(reader.tryGet("p1")).isEmpty();
  }

  @Test
  void tagsAFactorySetsPastTheBoundFailTheFactoryAndNothingIsCached() {
    var writer = node("writer");

    assertThatThrownBy(() -> writer.getOrSet("p1", ctx -> {
      ctx.tags(tags(101));
      return "v";
    }, OPTIONS, Set.of())).as("the factory's failure, thrown as it threw it")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 100 tags (maxTagsPerEntry), was given 101");

    assertThat(inLevel("p1")).isNull();
    assertThat(writer.tryGet("p1")).isEmpty();
    assertThat(writer.getOrSet("p1", ctx -> {
      ctx.tags(tags(100));
      return "v";
    }, OPTIONS, Set.of())).isEqualTo("v");
  }

  @Test
  void aBoundSetOnTheBuilderIsHonouredOnWriteAndOnRead() {
    var wide = node("wide");
    var narrow = HybridCacheEngine.<String, String>builder("products").timeSource(time).maxTagsPerEntry(3)
        .cluster(cluster("narrow", keyPrefix, Mode.LEVEL_AND_BACKPLANE)).build();
    try {
      narrow.set("three", "v", OPTIONS, tags(3));
      assertThatThrownBy(() -> narrow.set("four", "v", OPTIONS, tags(4)))
          .hasMessageContaining("at most 3 tags (maxTagsPerEntry), was given 4");
      wide.set("four", "v", OPTIONS, tags(4));

      assertThat(narrow.tryGet("four")).as("more tags than its bound: bad data").isEmpty();
      assertThat(narrow.stats().serializationErrors()).isEqualTo(1);
      assertThat(wide.tryGet("three")).contains("v");
      assertThatThrownBy(() -> HybridCacheEngine.builder("x").maxTagsPerEntry(0))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTagsPerEntry must be at least 1");
    } finally {
      narrow.close();
    }
  }

  @Test
  void aTagLongerThanTheBoundIsRefusedOnWrite() {
    var writer = node("writer");
    String longest = "t".repeat(Tags.MAX_LENGTH);

    writer.set("p1", "v", OPTIONS, Set.of(longest));
    assertThatThrownBy(() -> writer.set("p2", "v", OPTIONS, Set.of(longest + "t")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1024 characters");
    assertThatThrownBy(() -> writer.removeByTag(longest + "t")).isInstanceOf(IllegalArgumentException.class);
    assertThat(writer.tryGet("p1")).contains("v");
  }

  @Test
  void anEntryPlantedWithTwentyThousandTagsIsACountedMissWithinATimeBoundAndGetOrSetReplacesIt() {
    var reader = node("reader");
    long now = time.wallMillis();
    CacheEntry<String> planted = CacheEntry.of("planted", now, now + 60_000, CacheEntry.NO_EAGER_REFRESH,
        now + 60_000, false, tags(20_000), null, null, 1);
    byte[] bytes = EntryEnvelope.encode(planted, new KryoValueSerializer(getClass().getClassLoader())
        .serialize("planted"));
    topology.level("raw-writer", keyPrefix, false).set(keyPrefix + ":products:p1", bytes, Duration.ofMinutes(5), null)
        .join();

    long started = System.nanoTime();
    assertThat(reader.tryGet("p1")).isEmpty();
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).isLessThan(Duration.ofSeconds(2));
    assertThat(reader.stats().serializationErrors()).isEqualTo(1);
    assertThat(levels.get("reader").bulkReads).as("no tag time was read").isEmpty();
    assertThat(reader.getOrSet("p1", ctx -> "computed", OPTIONS)).isEqualTo("computed");
    assertThat(node("late").tryGet("p1")).contains("computed");
  }

  @Test
  void aColdNodeReadsTheRemovalTimesOfAnEntrysFiftyTagsInOneRoundTrip() {
    var writer = node("writer");
    writer.set("p1", "v1", OPTIONS, tags(50));
    writer.removeByTag("tag-7");
    time.advance(Duration.ofMillis(1));
    writer.set("p2", "v2", OPTIONS, tags(50)); // written after the removal: visible
    var cold = node("cold");
    CountingLevel level = levels.get("cold");
    level.reset();

    assertThat(cold.tryGet("p2")).contains("v2");

    String tagStart = keyPrefix + ":~tag:products:";
    assertThat(level.gets).as("single reads").noneMatch(k -> k.startsWith(tagStart));
    assertThat(level.bulkReads).as("bulk reads").hasSize(1);
    assertThat(level.bulkReads.get(0)).hasSize(50).allMatch(k -> k.startsWith(tagStart));
    assertThat(cold.tryGet("p1")).as("hidden by the removal of tag-7").isEmpty();
    assertThat(cold.tryGet("p2")).contains("v2");
    assertThat(level.bulkReads).as("the times are held now").hasSize(1);
  }

  @Test
  void concurrentReadersOfTheSameColdTagsReadThemOnceAndAFailedBulkReadUsesTheTimesKnown() throws Exception {
    var writer = node("writer");
    writer.set("p1", "v1", OPTIONS, tags(20));
    var cold = node("cold");
    CountingLevel level = levels.get("cold");
    level.reset();
    level.failBulk = true;

    assertThat(cold.tryGet("p1")).as("no tag known removed: served").contains("v1");
    level.failBulk = false;
    cold.tryGet("p1");
    assertThat(level.bulkReads).as("a failed read keeps nothing: read again").hasSize(2);
    assertThat(cold.tryGet("p1")).contains("v1");
    assertThat(level.bulkReads).hasSize(2);
  }

  /** Counts the reads of a node: single ones by key, bulk ones by their key lists; bulk reads can be made to fail. */
  static final class CountingLevel extends ForwardingLevel {
    final List<String> gets = new CopyOnWriteArrayList<>();
    final List<List<String>> bulkReads = new CopyOnWriteArrayList<>();
    volatile boolean failBulk;

    CountingLevel(DistributedLevel delegate) {
      super(delegate);
    }

    void reset() {
      gets.clear();
      bulkReads.clear();
    }

    @Override
    public CompletableFuture<byte[]> get(String key) {
      gets.add(key);
      return delegate.get(key);
    }

    @Override
    public CompletableFuture<byte[]> get(String key, int maxBytes) {
      gets.add(key);
      return delegate.get(key, maxBytes);
    }

    @Override
    public CompletableFuture<List<KeyRead>> getAll(List<String> keys, int maxBytes) {
      bulkReads.add(List.copyOf(keys));
      if (failBulk) {
        return CompletableFuture.failedFuture(new IllegalStateException("level down"));
      }
      return delegate.getAll(keys, maxBytes);
    }
  }
}

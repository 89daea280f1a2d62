package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridcache.EntryOptions;
import io.hybridcache.HybridCache;
import io.hybridcache.distributed.Topology;
import io.hybridcache.engine.FakeTimeSource;
import io.hybridcache.spi.DistributedLevel;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the entries a node reads from the distributed level, with the default options: random bytes, every
 * truncation of a valid envelope and every single-bit change of one, with and without envelope keys, written straight
 * into the level under the entry's key. For each, {@code tryGet}, JCache {@code get} (plain and read-through) and
 * {@code getOrSet} never throw; what the node cannot read is a miss, {@code getOrSet} returns its factory's value and
 * read-through its loader's, and both overwrite the bad bytes with an entry another node reads. Bytes that still decode
 * (a changed time, a changed character of an unsigned value) are an entry like any other: served as read by every
 * call. Seeded, so a failure repeats; each case names what it wrote. Written once; each subclass runs it on one
 * {@link Topology}.
 */
abstract class EntryFuzzBehaviour {
  private static final AtomicInteger RUNS = new AtomicInteger();
  private static final long SEED = 0x5eed_17L;
  private static final String KEY = Base64.getEncoder()
      .encodeToString("fuzzing-envelope-key-of-32-bytes".getBytes(StandardCharsets.US_ASCII));
  private static final EntryOptions FROM_L2 = EntryOptions.builder().skipMemoryCache(true).build();
  /** How the writer makes the valid envelopes: unannounced, so no message of it can supersede the reader's calls. */
  private static final EntryOptions QUIETLY = EntryOptions.builder().duration(Duration.ofMinutes(5))
      .skipBackplaneNotifications(true).build();

  final FakeTimeSource time = new FakeTimeSource();
  final String keyPrefix = "fz" + RUNS.incrementAndGet() + "x" + System.nanoTime() % 100_000;
  private final List<CacheManager> managers = new ArrayList<>();
  private Topology topology;
  private DistributedLevel raw;
  /** The number of the last case's key: each case has keys of its own. */
  private int lastKey;

  @TempDir
  Path dir;

  abstract Topology topology(FakeTimeSource time);

  /** How many random byte strings to try per key mode; truncations and bit flips are all tried. */
  abstract int randomCases();

  @BeforeEach
  void start() {
    topology = topology(time);
    raw = topology.level("raw", keyPrefix, false);
  }

  @AfterEach
  void stop() {
    managers.forEach(CacheManager::close);
    topology.close();
  }

  /** One node's caches: "fuzz" (plain) and "fuzzrt" (read-through, loading {@code loaded:<key>}). */
  record Node(Cache<String, String> plain, HybridCache<String, String> hybrid, Cache<String, String> readThrough,
      HybridCache<String, String> hybridReadThrough) {}

  private Node node(String name, boolean signed) throws IOException {
    Path file = Files.writeString(dir.resolve(name + ".yaml"), "keyPrefix: " + keyPrefix + "\n"
        + (signed ? "security:\n  envelopeKeys: [\"" + KEY + "\"]\n" : ""));
    Properties properties = new Properties();
    properties.put(HybridCacheManager.TIME_SOURCE_PROPERTY, time);
    properties.put(HybridCacheManager.NODE_ID_PROPERTY, name);
    properties.put(HybridCacheManager.DISTRIBUTED_LEVEL_PROPERTY, topology.level(name, keyPrefix, true));
    properties.put(HybridCacheManager.BACKPLANE_PROPERTY, topology.backplane(name, keyPrefix));
    CacheManager manager = Caching.getCachingProvider(HybridCachingProvider.class.getName())
        .getCacheManager(URI.create(file.toUri().toString()), getClass().getClassLoader(), properties);
    managers.add(manager);
    Cache<String, String> plain = manager.createCache("fuzz",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    Cache<String, String> readThrough = manager.createCache("fuzzrt",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class).setReadThrough(true)
            .setCacheLoaderFactory(Loader::new));
    return new Node(plain, hybrid(plain), readThrough, hybrid(readThrough));
  }

  @SuppressWarnings("unchecked")
  private static HybridCache<String, String> hybrid(Cache<String, String> cache) {
    return cache.unwrap(HybridCache.class);
  }

  private String levelKey(String cacheName, String key) {
    return keyPrefix + ":" + cacheName + ":" + key;
  }

  /** Writes {@code bytes} under {@code key} of {@code cacheName} as anyone who can write to the level could. */
  private void plant(String cacheName, String key, byte[] bytes) {
    raw.remove(levelKey(cacheName, key), null).join();
    raw.set(levelKey(cacheName, key), bytes, Duration.ofMinutes(5), null).join();
  }

  @Test
  @Timeout(240)
  void unsignedEntriesInEveryShapeNeverBreakACallerAndWhatCannotBeReadIsOverwritten() throws IOException {
    fuzz(false);
  }

  @Test
  @Timeout(240)
  void signedEntriesInEveryShapeNeverBreakACallerAndEveryChangedBitIsOverwritten() throws IOException {
    fuzz(true);
  }

  private void fuzz(boolean signed) throws IOException {
    Node writer = node("writer", signed);
    Node reader = node("reader", signed);
    Node checker = node("checker", signed);
    Random random = new Random(SEED + (signed ? 1 : 0));
    List<String> failures = new ArrayList<>();
    int[] outcomes = new int[3]; // [unreadable, served as an entry, absent (a tombstone's flag, an empty string)]
    int cases = 0;

    byte[] base = envelopeOf(writer, "fuzz", "base", "a small value");
    for (int length = 0; length < base.length; length++) {
      int at = length;
      run(writer, reader, checker, "truncated to " + length, (cache, key) -> Arrays.copyOf(envelopeOf(writer, cache,
          key, "a small value"), at), failures, outcomes);
      cases++;
    }
    for (int bit = 0; bit < base.length * 8; bit++) {
      int at = bit;
      run(writer, reader, checker, "bit " + bit + " flipped", (cache, key) -> {
        byte[] bytes = envelopeOf(writer, cache, key, "a small value");
        bytes[at / 8] ^= (byte) (1 << (at % 8));
        return bytes;
      }, failures, outcomes);
      cases++;
    }
    for (int i = 0; i < randomCases(); i++) {
      byte[] bytes = new byte[random.nextInt(160)];
      random.nextBytes(bytes);
      if (i % 2 == 0 && bytes.length >= 4) { // past the magic and version check, into the header and the value
        bytes[0] = 'H';
        bytes[1] = 'C';
        bytes[2] = 1;
      }
      run(writer, reader, checker, "random " + Base64.getEncoder().encodeToString(bytes),
          (cache, key) -> bytes, failures, outcomes);
      cases++;
    }

    assertThat(failures).as("%d of %d cases failed", failures.size(), cases).isEmpty();
    assertThat(outcomes[0]).as("cases whose bytes could not be read, of %d", cases).isGreaterThan(cases / 4);
    if (signed) {
      assertThat(outcomes[1]).as("signed: no changed or cut envelope is served").isZero();
    }
  }

  /** Writes {@code value} under {@code key} of {@code cacheName} on {@code writer}, and returns the bytes in L2. */
  private byte[] envelopeOf(Node writer, String cacheName, String key, String value) {
    (cacheName.equals("fuzz") ? writer.hybrid() : writer.hybridReadThrough()).set(key, value, QUIETLY);
    return raw.get(levelKey(cacheName, key)).join();
  }

  /** What a case writes under {@code key} of the cache named first. */
  @FunctionalInterface
  interface Bytes {
    byte[] under(String cacheName, String key);
  }

  private void run(Node writer, Node reader, Node checker, String name, Bytes bytes, List<String> failures,
      int[] outcomes) {
    String k = "c" + ++lastKey;
    try {
      plant("fuzz", k, bytes.under("fuzz", k));
      plant("fuzzrt", k, bytes.under("fuzzrt", k));
      time.advance(Duration.ofMillis(1)); // the reader's writes come after the writer's
      long errors = reader.hybrid().stats().serializationErrors();

      Optional<String> read = reader.hybrid().tryGet(k);
      boolean unreadable = reader.hybrid().stats().serializationErrors() > errors;
      String got = reader.plain().get(k);
      String set = reader.hybrid().getOrSet(k, ctx -> "factory:" + k);
      long rtErrors = reader.hybridReadThrough().stats().serializationErrors();
      String loaded = reader.readThrough().get(k);
      boolean rtUnreadable = reader.hybridReadThrough().stats().serializationErrors() > rtErrors;

      outcomes[unreadable ? 0 : read.isPresent() ? 1 : 2]++;
      List<String> wrong = new ArrayList<>();
      if (unreadable && read.isPresent()) {
        wrong.add("tryGet served " + read.get() + " from bytes it counted as unreadable");
      }
      if (!read.map(v -> v.equals(got)).orElse(got == null)) {
        wrong.add("tryGet read " + read + " but JCache get " + got);
      }
      if (!set.equals(read.orElse("factory:" + k))) {
        wrong.add("getOrSet returned " + set + " after tryGet read " + read);
      }
      if (unreadable && !checker.hybrid().tryGet(k, FROM_L2).equals(Optional.of("factory:" + k))) {
        wrong.add("L2 does not hold the factory's value for another node: " + checker.hybrid().tryGet(k, FROM_L2));
      }
      if (rtUnreadable && !("loaded:" + k).equals(loaded)) {
        wrong.add("read-through get returned " + loaded + " from unreadable bytes");
      }
      if (rtUnreadable && !checker.hybridReadThrough().tryGet(k, FROM_L2).equals(Optional.of("loaded:" + k))) {
        wrong.add("L2 does not hold the loaded value for another node");
      }
      if (!wrong.isEmpty()) {
        failures.add(name + ": " + wrong);
      }
    } catch (RuntimeException | AssertionError e) {
      failures.add(name + ": threw " + e);
    }
  }

  /** Loads {@code loaded:<key>}. */
  private static final class Loader implements CacheLoader<String, String> {
    @Override
    public String load(String key) {
      return "loaded:" + key;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      throw new UnsupportedOperationException("not used");
    }
  }
}

package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.EntryOptions;
import io.hybridcache.distributed.Topology;
import io.hybridcache.kryo.KryoValueSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tags and clear with internal keys restricted to {@code [A-Za-z0-9_-]}, for a level that refuses other characters.
 * Written once; each subclass runs it on one {@link Topology}.
 */
abstract class RestrictedKeysBehaviour {
  private static final EntryOptions OPTIONS = EntryOptions.builder().duration(Duration.ofMinutes(1)).build();
  private final FakeTimeSource time = new FakeTimeSource();
  private final Topology topology = topology(time);
  private final String prefix = MultiNodeFixture.newKeyPrefix();
  private final InternalKeys keys = InternalKeys.builder().separator("_").tagPrefix("T_")
      .clearExpireTag("CLEAR_EXPIRE").clearRemoveTag("CLEAR_REMOVE").build();
  private final List<AutoCloseable> opened = new ArrayList<>();

  abstract Topology topology(FakeTimeSource time);

  /**
   * Every key the engine stored under this test's prefix, as a fresh connection lists it; the Redis level's own
   * sequence counter ({@code {prefix}:~seq}, Redis accepting any character) is not one of them.
   */
  private List<String> storedKeys() {
    return topology.level("lister", prefix, false).keys(prefix).join().stream()
        .filter(k -> !k.equals(prefix + ":~seq")).toList();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    topology.close();
  }

  private HybridCacheEngine<String, String> node(String name) {
    ClusterNode node = ClusterNode.builder(prefix).internalKeys(keys).nodeId(name)
        .valueSerializer(new KryoValueSerializer(getClass().getClassLoader()))
        .distributedLevel(topology.level(name, prefix, true)).backplane(topology.backplane(name, prefix)).build();
    opened.add(node);
    HybridCacheEngine<String, String> engine = HybridCacheEngine.<String, String>builder("products")
        .timeSource(time).defaultEntryOptions(OPTIONS).cluster(node).build();
    opened.add(engine);
    return engine;
  }

  @Test
  void tagsAndClearWorkAcrossNodesAndEveryStoredKeyUsesOnlyTheConfiguredStrings() {
    var n1 = node("n1");
    var n2 = node("n2");
    n1.set("foo", "1", OPTIONS, Set.of("tag-1"));
    n1.set("bar", "2", OPTIONS, Set.of("tag-2"));
    assertThat(n2.tryGet("foo")).contains("1");

    n1.removeByTag("tag-1");

    assertThat(node("late").tryGet("foo")).as("through the tag's entry in L2").isEmpty();
    await().atMost(Duration.ofSeconds(10)).until(() -> n2.tryGet("foo").isEmpty());
    assertThat(n2.tryGet("bar")).contains("2");
    List<String> afterRemoval = storedKeys();
    assertThat(afterRemoval).contains(prefix + "_products_foo", prefix + "_products_bar",
        prefix + "_T__products_tag-1");

    n2.clear(true);
    time.advance(Duration.ofMillis(1));

    assertThat(node("later").tryGet("bar")).as("through the clear's entry in L2").isEmpty();
    await().atMost(Duration.ofSeconds(10)).until(() -> n1.tryGet("bar").isEmpty());
    n1.set("baz", "3", OPTIONS, Set.of("tag-1"));
    assertThat(n2.tryGet("baz")).contains("3");
    List<String> stored = storedKeys();
    assertThat(stored).contains(prefix + "_T__products_CLEAR_EXPIRE")
        .allSatisfy(k -> assertThat(k).startsWith(prefix + "_").doesNotContain(":").matches("[A-Za-z0-9_-]+"));
  }

  @Test
  void aCacheNameHoldingTheSeparatorIsEscapedSoItsKeysNeverRunIntoAnotherCachesKeys() {
    assertThat(keys.escaped("price_list")).isEqualTo("price%5Flist");
    assertThat(keys.escaped("100%")).isEqualTo("100%25");
    assertThat(InternalKeys.defaults().escaped("a:b")).isEqualTo("a%3Ab");
  }

  @Test
  void aCacheWhoseKeysWouldRunIntoTheTagTimesIsRefused() {
    ClusterNode node = ClusterNode.builder(prefix).internalKeys(keys).nodeId("n1")
        .valueSerializer(new KryoValueSerializer(getClass().getClassLoader()))
        .distributedLevel(topology.level("n1", prefix, true)).backplane(topology.backplane("n1", prefix)).build();
    opened.add(node);

    // tag prefix T_ and separator _: cache T, key _products_tag-1 would be the time of tag-1 of cache products
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HybridCacheEngine.<String, String>builder("T")
            .timeSource(time).defaultEntryOptions(OPTIONS).cluster(node).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tag prefix 'T_'");
  }

  @Test
  void userTagsMayNotTakeTheNamesOfTheClearTags() {
    var n1 = node("n1");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> n1.removeByTag("CLEAR_REMOVE"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
  }
}

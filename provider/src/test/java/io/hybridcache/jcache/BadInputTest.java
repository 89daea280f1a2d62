package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;

import io.hybridcache.HybridCacheConfiguration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Wrong input is refused with a message that says what was wrong. */
class BadInputTest extends JCacheFixture {
  private static final EntryProcessor<Object, Object, Object> NOTHING = (entry, args) -> null;

  static Stream<Arguments> operationsWithANullKey() {
    Map<Object, Object> nullKeyMap = new HashMap<>();
    nullKeyMap.put(null, 1);
    Set<Object> nullKeySet = new HashSet<>();
    nullKeySet.add(null);
    return Stream.of(
        op("get", c -> c.get(null)),
        op("getAll", c -> c.getAll(nullKeySet)),
        op("containsKey", c -> c.containsKey(null)),
        op("put", c -> c.put(null, 1)),
        op("getAndPut", c -> c.getAndPut(null, 1)),
        op("putAll", c -> c.putAll(nullKeyMap)),
        op("putIfAbsent", c -> c.putIfAbsent(null, 1)),
        op("remove", c -> c.remove(null)),
        op("conditional remove", c -> c.remove(null, 1)),
        op("getAndRemove", c -> c.getAndRemove(null)),
        op("replace", c -> c.replace(null, 1)),
        op("conditional replace", c -> c.replace(null, 1, 2)),
        op("getAndReplace", c -> c.getAndReplace(null, 1)),
        op("removeAll", c -> c.removeAll(nullKeySet)),
        op("invoke", c -> c.invoke(null, NOTHING)),
        op("invokeAll", c -> c.invokeAll(nullKeySet, NOTHING)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operationsWithANullKey")
  void nullKeyIsRefusedWithAMessageAboutTheKey(Consumer<Cache<Object, Object>> operation) {
    Cache<Object, Object> cache = create(new HybridCacheConfiguration<>());

    assertThatThrownBy(() -> operation.accept(cache))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("key");
  }

  static Stream<Arguments> operationsWithAWrongType() {
    return Stream.of(
        op("get of an Integer key", c -> c.get(1)),
        op("getAll of an Integer key", c -> c.getAll(Set.of(1))),
        op("containsKey of an Integer key", c -> c.containsKey(1)),
        op("put of an Integer key", c -> c.put(1, 1)),
        op("put of a String value", c -> c.put("k", "v")),
        op("getAndPut of a String value", c -> c.getAndPut("k", "v")),
        op("putAll of a String value", c -> c.putAll(Map.of("k", "v"))),
        op("putIfAbsent of a String value", c -> c.putIfAbsent("k", "v")),
        op("remove of an Integer key", c -> c.remove(1)),
        op("conditional remove of a String old value", c -> c.remove("k", "v")),
        op("replace with a String value", c -> c.replace("k", "v")),
        op("conditional replace with a String new value", c -> c.replace("k", 1, "v")),
        op("getAndReplace with a String value", c -> c.getAndReplace("k", "v")),
        op("invoke on an Integer key", c -> c.invoke(1, NOTHING)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operationsWithAWrongType")
  void wrongTypeThroughARawCacheIsRefusedNamingBothTypes(Consumer<Cache<Object, Object>> operation) {
    @SuppressWarnings({"unchecked", "rawtypes"})
    Cache<Object, Object> raw = (Cache) create(
        new HybridCacheConfiguration<String, Integer>().setTypes(String.class, Integer.class));

    assertThatThrownBy(() -> operation.accept(raw))
        .isInstanceOf(ClassCastException.class)
        .hasMessageContaining(String.class.getName())
        .hasMessageContaining(Integer.class.getName());
    assertThat(engineOf(raw).memoryEntryCount()).as("nothing stored").isZero();
  }

  static Stream<Arguments> everyOperation() {
    return Stream.of(
        op("get", c -> c.get("k")),
        op("getAll", c -> c.getAll(Set.of("k"))),
        op("containsKey", c -> c.containsKey("k")),
        op("put", c -> c.put("k", 1)),
        op("getAndPut", c -> c.getAndPut("k", 1)),
        op("putAll", c -> c.putAll(Map.of("k", 1))),
        op("putIfAbsent", c -> c.putIfAbsent("k", 1)),
        op("remove", c -> c.remove("k")),
        op("conditional remove", c -> c.remove("k", 1)),
        op("getAndRemove", c -> c.getAndRemove("k")),
        op("replace", c -> c.replace("k", 1)),
        op("conditional replace", c -> c.replace("k", 1, 2)),
        op("getAndReplace", c -> c.getAndReplace("k", 1)),
        op("removeAll of keys", c -> c.removeAll(Set.of("k"))),
        op("removeAll", Cache::removeAll),
        op("clear", Cache::clear),
        op("loadAll", c -> c.loadAll(Set.of("k"), false, null)),
        op("invoke", c -> c.invoke("k", NOTHING)),
        op("invokeAll", c -> c.invokeAll(Set.of("k"), NOTHING)),
        op("iterator", Cache::iterator),
        op("registerCacheEntryListener", c -> c.registerCacheEntryListener(listenerConfiguration())),
        op("deregisterCacheEntryListener", c -> c.deregisterCacheEntryListener(listenerConfiguration())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyOperation")
  void operationOnAClosedCacheIsRefusedNamingTheCache(Consumer<Cache<Object, Object>> operation) {
    Cache<Object, Object> cache = create("orders", new HybridCacheConfiguration<>());
    cache.close();

    assertThatThrownBy(() -> operation.accept(cache))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("orders");
  }

  @Test
  void creatingACacheThatExistsIsRefusedNamingIt() {
    create("orders", strings());

    assertThatThrownBy(() -> create("orders", strings()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("orders");
  }

  @Test
  void gettingACacheWithOtherTypesThanItsOwnIsRefusedNamingIt() {
    create("orders", strings());

    assertThatThrownBy(() -> manager.getCache("orders", String.class, Integer.class))
        .isInstanceOf(ClassCastException.class)
        .hasMessageContaining("orders");
  }

  private static Arguments op(String name, Consumer<Cache<Object, Object>> operation) {
    return Arguments.of(named(name, operation));
  }

  private static MutableCacheEntryListenerConfiguration<Object, Object> listenerConfiguration() {
    return new MutableCacheEntryListenerConfiguration<>(
        () -> new EventRecorder<>(), null, false, true);
  }
}

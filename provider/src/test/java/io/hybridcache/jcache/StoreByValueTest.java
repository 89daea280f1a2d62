package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Store-by-reference hands out what was put; store-by-value (the JSR default) keeps its own copy. */
class StoreByValueTest extends JCacheFixture {

  /** A mutable value, and a change to it. */
  record Mutable(Supplier<Object> create, Consumer<Object> mutate) {}

  @SuppressWarnings("unchecked")
  static Stream<Arguments> mutableValues() {
    return Stream.of(
        Arguments.of(Named.of("ArrayList", new Mutable(
            () -> new ArrayList<>(List.of("a")), v -> ((List<Object>) v).add("changed")))),
        Arguments.of(Named.of("Date", new Mutable(
            () -> new Date(0), v -> ((Date) v).setTime(42)))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutableValues")
  void storeByReferenceGetReturnsTheInstanceThatWasPut(Mutable value) {
    Cache<String, Object> cache = create(new MutableConfiguration<String, Object>().setStoreByValue(false));
    Object put = value.create().get();

    cache.put("k", put);

    assertThat(cache.get("k")).isSameAs(put);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutableValues")
  void storeByValueCacheIsNotChangedByMutatingTheValueAfterPut(Mutable value) {
    Cache<String, Object> cache = create(new MutableConfiguration<>());
    Object put = value.create().get();

    cache.put("k", put);
    value.mutate().accept(put);

    assertThat(cache.get("k")).isEqualTo(value.create().get()).isNotSameAs(put);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutableValues")
  void storeByValueCacheIsNotChangedByMutatingTheValueGetReturned(Mutable value) {
    Cache<String, Object> cache = create(new MutableConfiguration<>());
    cache.put("k", value.create().get());

    value.mutate().accept(cache.get("k"));

    assertThat(cache.get("k")).isEqualTo(value.create().get());
  }

  @Test
  void storeByValueIsTheDefault() {
    Cache<String, Object> cache = create(new MutableConfiguration<>());

    @SuppressWarnings("unchecked")
    MutableConfiguration<String, Object> configuration = cache.getConfiguration(MutableConfiguration.class);
    assertThat(configuration.isStoreByValue()).isTrue();
  }
}

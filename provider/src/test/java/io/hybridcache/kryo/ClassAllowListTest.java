package io.hybridcache.kryo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridcache.spi.SerializationException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which classes the distributed level's bytes may name, and what a refused one becomes. */
class ClassAllowListTest {
  record Order(String id, List<Line> lines) {
    record Line(String sku, int quantity) {}
  }

  @Test
  void theDefaultsHoldTheJdkValueTypesAndCollectionsAndHibernatesCacheItemsButNoApplicationClass() {
    ClassAllowList defaults = ClassAllowList.defaults();
    assertThat(defaults).accepts("java.lang.String", "java.time.LocalDate", "java.math.BigDecimal",
        "java.util.ArrayList", "java.util.ImmutableCollections$ListN", "java.util.Collections$UnmodifiableMap",
        "org.hibernate.cache.spi.entry.StandardCacheEntryImpl",
        "org.hibernate.cache.spi.support.AbstractReadWriteAccess$Item");
    assertThat(defaults).rejects("com.example.Order", "java.lang.ProcessBuilder", "java.lang.Runtime",
        "org.springframework.context.support.ClassPathXmlApplicationContext",
        "javax.management.BadAttributeValueExpException",
        "org.hibernate.engine.internal.Anything");
  }

  @Test
  void theDefaultsHoldSpringsCachedNullPlaceholderAndItsKeyOfSeveralParametersButNoOtherSpringClass() {
    ClassAllowList defaults = ClassAllowList.defaults();
    assertThat(defaults).accepts("org.springframework.cache.support.NullValue",
        "org.springframework.cache.interceptor.SimpleKey");
    assertThat(defaults).rejects("org.springframework.cache.support.SimpleValueWrapper",
        "org.springframework.cache.interceptor.SimpleKeyGenerator", "org.springframework.cache.interceptor.SimpleKeys",
        "org.springframework.beans.factory.ObjectFactory");
  }

  @Test
  void aPackageEntryAllowsItsSubpackagesAndAClassEntryItsNestedClassesOnly() {
    ClassAllowList list = ClassAllowList.defaults().allowing(List.of("com.example.", "org.shop.Order"));
    assertThat(list).accepts("com.example.A", "com.example.deep.B$C", "org.shop.Order", "org.shop.Order$Line");
    assertThat(list).rejects("com.examples.A", "org.shop.OrderService", "org.shop.Other");
  }

  @Test
  void aBlankOrSpacedEntryIsRefusedWithTheForms() {
    assertThatThrownBy(() -> ClassAllowList.defaults().allowing(List.of("com.example. Order")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("com.example.");
    assertThatThrownBy(() -> ClassAllowList.defaults().allowing(List.of(".")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bytesNamingAClassOffTheListAreRefusedBeforeItIsLoadedAndAllowedOnesRoundTrip() {
    ClassLoader loader = getClass().getClassLoader();
    KryoValueSerializer writer = new KryoValueSerializer(loader);
    byte[] order = writer.serialize(new Order("o1", List.of(new Order.Line("sku", 2))));
    byte[] plain = writer.serialize(new ArrayList<>(List.of(Map.of("day", LocalDate.of(2026, 12, 1)))));

    KryoValueSerializer strict = new KryoValueSerializer(loader, ClassAllowList.defaults());
    assertThatThrownBy(() -> strict.deserialize(order)).isInstanceOf(SerializationException.class)
        .hasMessageContaining(Order.class.getName());
    assertThat(strict.deserialize(plain)).isEqualTo(List.of(Map.of("day", LocalDate.of(2026, 12, 1))));

    KryoValueSerializer allowing = new KryoValueSerializer(loader,
        ClassAllowList.defaults().allowing(List.of(Order.class.getName())));
    assertThat(allowing.deserialize(order)).isEqualTo(new Order("o1", List.of(new Order.Line("sku", 2))));
  }
}

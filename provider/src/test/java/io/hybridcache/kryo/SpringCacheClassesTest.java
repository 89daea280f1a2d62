package io.hybridcache.kryo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridcache.spi.SerializationException;
import java.io.Serializable;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.cache.interceptor.SimpleKeyGenerator;
import org.springframework.cache.support.NullValue;

/**
 * Spring's own cache classes (spring-context, a test dependency only) go through the serializer with the default
 * allow-list: the placeholder of a cached null comes back as Spring's singleton, and the keys of
 * {@link SimpleKeyGenerator} come back equal, with the same hash, as long as their parameters are allowed too. A
 * {@code SimpleKey} defines {@code readObject}, so it goes through Java serialization: its parameters must also be
 * {@link Serializable}, as Spring requires of keys it serializes.
 */
class SpringCacheClassesTest {
  record Customer(String id) implements Serializable {}

  private final KryoValueSerializer writer = new KryoValueSerializer(getClass().getClassLoader());
  private final KryoValueSerializer strict = new KryoValueSerializer(getClass().getClassLoader(),
      ClassAllowList.defaults());

  private Object roundTrip(Object value) {
    return strict.deserialize(writer.serialize(value));
  }

  @Test
  void nullValueComesBackAsSpringsSingleton() {
    assertThat(roundTrip(NullValue.INSTANCE)).isSameAs(NullValue.INSTANCE);
  }

  @Test
  void simpleKeysOfSeveralParametersOrNoneComeBackEqualWithTheSameHash() {
    Object key = SimpleKeyGenerator.generateKey("a", 2);
    Object none = SimpleKeyGenerator.generateKey();
    Object dated = new SimpleKey("a", LocalDate.of(2026, 12, 7), new int[] {1, 2}, null);

    assertThat(key).isEqualTo(new SimpleKey("a", 2));
    for (Object k : new Object[] {key, none, dated}) {
      Object back = roundTrip(k);
      assertThat(back).isInstanceOf(SimpleKey.class).isEqualTo(k).hasSameHashCodeAs(k);
    }
    assertThat(roundTrip(none)).isEqualTo(SimpleKey.EMPTY);
  }

  @Test
  void aSimpleKeyHoldingAParameterOffTheListIsRefused() {
    byte[] bytes = writer.serialize(new SimpleKey(new Customer("c1"), 2));

    assertThatThrownBy(() -> strict.deserialize(bytes)).isInstanceOf(SerializationException.class)
        .hasMessageContaining(Customer.class.getName());
  }
}

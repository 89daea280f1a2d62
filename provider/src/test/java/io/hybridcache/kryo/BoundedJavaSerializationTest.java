package io.hybridcache.kryo;

import static io.hybridcache.kryo.HostilePayloads.kryoBytes;
import static io.hybridcache.kryo.HostilePayloads.serialDos;
import static io.hybridcache.kryo.HostilePayloads.serialDosLists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridcache.spi.SerializationException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.cache.interceptor.SimpleKey;

/**
 * Objects Java serialization reads inside the Kryo stream (the checked views, {@code Collections.newSetFromMap},
 * classes with their own {@code readObject}, Spring's {@code SimpleKey}) are bounded in hashing work too: the nested
 * sets sharing references inside them, which their own {@code readObject} hashes where no Kryo hook sees it, are
 * refused as bad data within a wide bound of 5 s of CPU time (unbounded, 26 levels took 4.6 s and each level doubles it), and
 * legitimate values of these types still come back equal.
 */
class BoundedJavaSerializationTest {
  private static final ClassLoader LOADER = BoundedJavaSerializationTest.class.getClassLoader();
  private static final Duration WIDE = Duration.ofSeconds(5); // of CPU time (CpuBound): unbounded takes far longer

  private final KryoValueSerializer serializer = new KryoValueSerializer(LOADER,
      ClassAllowList.defaults().allowing(List.of(BoundedJavaSerializationTest.class.getName())));

  /** Goes through Java serialization inside the stream, as it defines readObject; holds whatever it is given. */
  static final class OwnSerialization implements Serializable {
    private static final long serialVersionUID = 1L;
    final Object held;

    OwnSerialization(Object held) {
      this.held = held;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof OwnSerialization other && Objects.equals(held, other.held);
    }

    @Override
    public int hashCode() {
      return Objects.hashCode(held);
    }
  }

  private void assertRefusedQuickly(byte[] bytes) {
    CpuBound.within(WIDE, () -> assertThatThrownBy(() -> serializer.deserialize(bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("past the bound on hashing work")
        .hasMessageContaining("inside an object Java serialization reads"));
  }

  @ParameterizedTest(name = "{0} levels")
  @ValueSource(ints = {26, 30, 60})
  void nestedSetsInsideACheckedSetAreRefusedWithinFiveCpuSeconds(int depth) {
    assertRefusedQuickly(kryoBytes(Collections.checkedSet(serialDos(depth), Object.class)));
  }

  @Test
  void nestedSetsInsideASetFromMapAreRefusedToo() {
    Set<Object> set = Collections.newSetFromMap(new HashMap<>());
    Set<Object> bomb = new HashSet<>();
    set.add(bomb); // while it is empty, so building the payload hashes nothing expensive
    serialDos(30, HashSet::new, bomb);

    assertRefusedQuickly(kryoBytes(set));
  }

  @Test
  void nestedSetsInsideAClassWithItsOwnReadObjectAreRefusedToo() {
    assertRefusedQuickly(kryoBytes(new OwnSerialization(serialDos(30))));
  }

  @Test
  void nestedSetsAsKeysOfACheckedMapAreRefusedToo() {
    Map<Object, Object> map = new HashMap<>();
    Set<Object> key = new HashSet<>();
    map.put(key, "v");
    serialDos(30, HashSet::new, key);

    assertRefusedQuickly(kryoBytes(Collections.checkedMap(map, Object.class, Object.class)));
  }

  @Test
  void nestedListsThatSimpleKeyHashesInItsReadObjectAreRefusedToo() {
    List<Object> parameter = new ArrayList<>();
    SimpleKey key = new SimpleKey(parameter, "b"); // hashed while the list is empty
    serialDosLists(30, parameter);

    assertRefusedQuickly(kryoBytes(key));
  }

  @Test
  void aSetWhoseBytesReferBackToOneLargeElementThousandsOfTimesIsRefusedToo() {
    // each reference hashes the 2^14 paths of the element again: unbounded, the 100,000 take about a minute
    assertRefusedQuickly(HostilePayloads.forgingHashSet(
        kryoBytes(new OwnSerialization(hc.forged.HashSet.repeating(serialDos(14), 100_000)))));
  }

  @Test
  void aSetOfManyDistinctElementsWithEqualHashCodesIsRefusedToo() {
    // 32,000 sets {i, -i}, all with hash code 0: unbounded, inserting 16,000 took 6 s (quadratic: 32,000 about 24 s)
    byte[] bytes = HostilePayloads.forgingHashSet(
        kryoBytes(new OwnSerialization(HostilePayloads.javaSerializedCollisionFlood(32_000))));

    CpuBound.within(WIDE, () -> assertThatThrownBy(() -> serializer.deserialize(bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("past the bound on hashing work")
        .hasMessageContaining("many distinct objects with equal hash codes"));
  }

  @Test
  void legitimateValuesOfTheseTypesStillComeBackEqual() {
    Map<Object, Object> index = new HashMap<>();
    for (int i = 0; i < 1_000; i++) {
      Set<String> words = new HashSet<>();
      for (int j = 0; j < 20; j++) {
        words.add("w" + i + "-" + j);
      }
      index.put("k" + i, words);
    }
    Map<Object, Object> lists = new LinkedHashMap<>(); // many objects of one class after heavy ones
    for (int i = 0; i < 1_000; i++) {
      List<Integer> numbers = new ArrayList<>();
      for (int j = 0; j < 100; j++) {
        numbers.add(i * 100 + j);
      }
      lists.put("k" + i, numbers);
    }
    List<Object> people = new ArrayList<>(); // one shared string, referred back to from every element
    String city = "Lisbon";
    for (int i = 0; i < 10_000; i++) {
      people.add(Arrays.asList("p" + i, city));
    }
    Set<Object> fromMap = Collections.newSetFromMap(new HashMap<>());
    fromMap.addAll(List.of("a", "b", new HashSet<>(List.of("c", "d"))));
    Set<Object> nested = new HashSet<>(); // sets of sets 12 deep, nothing shared
    nested.add("bottom");
    for (int i = 0; i < 12; i++) {
      Set<Object> outer = new HashSet<>();
      outer.add(i);
      outer.add(nested);
      nested = outer;
    }

    List<Object> values = List.of(
        Collections.checkedMap(index, Object.class, Object.class),
        Collections.checkedMap(lists, Object.class, Object.class),
        Collections.checkedList(people, Object.class),
        fromMap,
        Collections.checkedSet(nested, Object.class),
        new OwnSerialization(index),
        new SimpleKey("a", Arrays.asList(1, 2), new HashSet<>(List.of("x", "y"))));
    for (Object value : values) {
      assertThat(serializer.deserialize(serializer.serialize(value))).isEqualTo(value);
    }
  }
}

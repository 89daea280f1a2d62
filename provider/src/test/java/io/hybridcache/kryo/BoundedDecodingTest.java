package io.hybridcache.kryo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.hybridcache.kryo.HostilePayloads.serialDos;
import static io.hybridcache.kryo.HostilePayloads.wideBomb;

import io.hybridcache.spi.SerializationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Decoding is bounded in work: bytes whose hash-based collections would hash for hours (nested sets sharing
 * references, {@link HostilePayloads}) and objects nesting past the maximum depth are refused as bad data, within
 * milliseconds; real values still decode. The time bounds are wide: without the bounds these decodings take hours.
 */
class BoundedDecodingTest {
  private static final ClassLoader LOADER = BoundedDecodingTest.class.getClassLoader();
  private static final Duration WIDE = Duration.ofSeconds(5); // of CPU time (CpuBound): a loaded machine stretches wall time

  private final KryoValueSerializer serializer = new KryoValueSerializer(LOADER, ClassAllowList.defaults());

  private void assertRefusedQuickly(Object bomb) {
    byte[] bytes = serializer.serialize(bomb);
    CpuBound.within(WIDE, () -> assertThatThrownBy(() -> serializer.deserialize(bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("hash-based collections"));
  }

  @Test
  void nestedHashSetsSharingReferencesAreRefusedWithinMilliseconds() {
    Set<Object> bomb = serialDos(30);

    assertThat(serializer.serialize(bomb).length).isLessThan(2_000);
    assertRefusedQuickly(bomb);
  }

  @Test
  void nestedLinkedHashSetsAreRefusedToo() {
    assertRefusedQuickly(serialDos(30, LinkedHashSet::new, new LinkedHashSet<>()));
  }

  @Test
  void nestedSetsAsKeysOfHashMapsAndConcurrentHashMapsAreRefusedToo() {
    for (Map<Object, Object> map : List.<Map<Object, Object>>of(new HashMap<>(), new ConcurrentHashMap<>())) {
      Set<Object> key = new HashSet<>();
      map.put(key, "v"); // while it is empty, so building the map hashes nothing expensive
      serialDos(30, HashSet::new, key);
      assertRefusedQuickly(map);
    }
  }

  @Test
  void nestedSetOfSetsWhichHashTheirElementsOnlyOnceAllAreReadAreRefusedToo() {
    byte[] bytes = HostilePayloads.setOfBomb(30);

    CpuBound.within(WIDE, () -> assertThatThrownBy(() -> serializer.deserialize(bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("hash-based collections"));
  }

  @Test
  void wideSharingOnlyEightHashCollectionsDeepIsRefusedWithinMilliseconds() {
    assertRefusedQuickly(wideBomb(16, 8)); // 16^8 paths: a bound on nesting alone would let this hash for minutes
  }

  @Test
  void manyDistinctElementsWithEqualHashCodesInOneSetAreRefusedWithinMilliseconds() {
    byte[] bytes = HostilePayloads.collisionFlood(32_000); // 300 KB: unbounded, inserting them took 24 s

    CpuBound.within(WIDE, () -> assertThatThrownBy(() -> serializer.deserialize(bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("past the bound on hashing work")
        .hasMessageContaining("many distinct elements with equal hash codes"));
  }

  @Test
  void aLargeValueBuysNoMoreHashingWorkThanOneMegabyte() {
    byte[] small = serializer.serialize(List.of(new byte[1 << 20], serialDos(24)));
    byte[] large = serializer.serialize(List.of(new byte[10 << 20], serialDos(24)));

    assertThatThrownBy(() -> serializer.deserialize(small)).hasMessageContaining("more than 17777216 steps");
    assertThatThrownBy(() -> serializer.deserialize(large)).hasMessageContaining("more than 17777216 steps");
  }

  @Test
  void realValuesWithHashCollectionsStillDecode() {
    Map<String, Set<String>> index = new HashMap<>();
    for (int i = 0; i < 2_000; i++) {
      Set<String> words = new HashSet<>();
      for (int j = 0; j < 50; j++) {
        words.add("w" + i + "-" + j);
      }
      index.put("k" + i, words);
    }
    Set<Object> nested = new HashSet<>(); // sets of sets 12 deep, nothing shared (built from the bottom)
    nested.add("bottom");
    for (int i = 0; i < 12; i++) {
      Set<Object> outer = new HashSet<>();
      outer.add(i);
      outer.add(nested);
      nested = outer;
    }
    List<String> shared = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      shared.add("s" + i);
    }
    Map<Integer, Object> sharingValues = new HashMap<>(); // values are not hashed: sharing under them costs nothing
    for (int i = 0; i < 1_000; i++) {
      sharingValues.put(i, List.of(i, shared));
    }
    List<String> sharedThousand = new ArrayList<>(shared.subList(0, 1_000));
    Set<Object> sharingElements = new HashSet<>(); // elements sharing a list: hashed, within the budget
    for (int i = 0; i < 200; i++) {
      sharingElements.add(List.of(i, sharedThousand));
    }

    for (Object value : List.of(index, nested, sharingValues, sharingElements)) {
      assertThat(serializer.deserialize(serializer.serialize(value))).isEqualTo(value);
    }
  }

  private static Object nestedLists(int depth) {
    List<Object> top = new ArrayList<>();
    List<Object> list = top;
    for (int i = 1; i < depth; i++) {
      List<Object> next = new ArrayList<>();
      list.add(next);
      list = next;
    }
    list.add("bottom");
    return top;
  }

  @Test
  void objectsNestingPastTheMaximumDepthAreRefusedNamingTheSetting() {
    KryoValueSerializer unbounded = new KryoValueSerializer(LOADER, ClassAllowList.defaults(), Integer.MAX_VALUE);
    byte[] deep = unbounded.serialize(nestedLists(KryoValueSerializer.DEFAULT_MAX_DEPTH + 10));

    assertThatThrownBy(() -> serializer.deserialize(deep))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Refused").hasMessageContaining("maximum depth, 100 (serialization.maxDepth)");
    assertThat(unbounded.deserialize(deep)).isEqualTo(nestedLists(KryoValueSerializer.DEFAULT_MAX_DEPTH + 10));
    assertThat(serializer.deserialize(serializer.serialize(nestedLists(90)))).isEqualTo(nestedLists(90));
  }

  @Test
  void aValueTooDeepToBeReadBackIsRefusedWhenWritten() {
    KryoValueSerializer shallow = new KryoValueSerializer(LOADER, ClassAllowList.defaults(), 10);

    assertThatThrownBy(() -> shallow.serialize(nestedLists(20)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("maximum depth, 10 (serialization.maxDepth)");
    assertThat(shallow.deserialize(shallow.serialize(nestedLists(5)))).isEqualTo(nestedLists(5));
  }

  @Test
  void objectsJavaSerializationReadsNestAtMostTheMaximumDepth() {
    Object nested = "bottom"; // a checked list goes through Java serialization inside the stream, with its list
    for (int i = 0; i < 60; i++) {
      nested = Collections.checkedList(new ArrayList<>(List.of(nested)), Object.class);
    }
    KryoValueSerializer deep = new KryoValueSerializer(LOADER, ClassAllowList.defaults(), 1_000);
    byte[] bytes = deep.serialize(nested);

    assertThatThrownBy(() -> serializer.deserialize(bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Refused").hasMessageContaining("maximum depth, 100 (serialization.maxDepth)");
    assertThat(deep.deserialize(bytes)).isEqualTo(nested);
  }

  @Test
  void maxDepthBelowOneIsRefused() {
    assertThatThrownBy(() -> new KryoValueSerializer(LOADER, ClassAllowList.defaults(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDepth must be at least 1, was 0");
  }
}

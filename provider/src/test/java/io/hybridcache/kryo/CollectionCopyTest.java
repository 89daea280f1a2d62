package io.hybridcache.kryo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridcache.kryo.Beans.Node;
import io.hybridcache.kryo.Beans.Order;
import java.time.DayOfWeek;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Collections the JDK makes in ways Kryo cannot see into without {@code --add-opens}, and the usual ones. */
class CollectionCopyTest {
  private static final ClassLoader LOADER = CollectionCopyTest.class.getClassLoader();
  private final KryoValueCopier copier = new KryoValueCopier();

  private <T> T copy(T value) {
    return copier.copy(value, LOADER);
  }

  private static List<Object> mutableElements() {
    return new ArrayList<>(List.of(new ArrayList<>(List.of("x")), new ArrayList<>(List.of("y"))));
  }

  private static Map<String, Object> mutableValues() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("b", new ArrayList<>(List.of("x")));
    map.put("a", new ArrayList<>(List.of("y")));
    return map;
  }

  private static TreeSet<String> reversed(String... words) {
    TreeSet<String> set = new TreeSet<>(Comparator.reverseOrder());
    set.addAll(List.of(words));
    return set;
  }

  private static TreeMap<String, Object> reversedMap() {
    TreeMap<String, Object> map = new TreeMap<>(Comparator.reverseOrder());
    map.putAll(mutableValues());
    return map;
  }

  static Stream<Arguments> collections() {
    return Stream.of(
        Arguments.of("List.of()", List.of()),
        Arguments.of("List.of(1)", List.of(new ArrayList<>(List.of("x")))),
        Arguments.of("List.of(n)", List.copyOf(mutableElements())),
        Arguments.of("Set.of", Set.of("a", "b", "c")),
        Arguments.of("Map.of(1)", Map.of("a", new ArrayList<>(List.of("x")))),
        Arguments.of("Map.of(n)", Map.copyOf(mutableValues())),
        Arguments.of("unmodifiableCollection", Collections.unmodifiableCollection(mutableElements())),
        Arguments.of("unmodifiableList(ArrayList)", Collections.unmodifiableList(mutableElements())),
        Arguments.of("unmodifiableList(LinkedList)",
            Collections.unmodifiableList(new LinkedList<>(mutableElements()))),
        Arguments.of("unmodifiableSet", Collections.unmodifiableSet(new LinkedHashSet<>(List.of("b", "a")))),
        Arguments.of("unmodifiableSortedSet", Collections.unmodifiableSortedSet(reversed("a", "b"))),
        Arguments.of("unmodifiableNavigableSet", Collections.unmodifiableNavigableSet(reversed("a", "b"))),
        Arguments.of("unmodifiableMap", Collections.unmodifiableMap(mutableValues())),
        Arguments.of("unmodifiableSortedMap", Collections.unmodifiableSortedMap(reversedMap())),
        Arguments.of("unmodifiableNavigableMap", Collections.unmodifiableNavigableMap(reversedMap())),
        Arguments.of("synchronizedList", Collections.synchronizedList(mutableElements())),
        Arguments.of("synchronizedSet", Collections.synchronizedSet(new LinkedHashSet<>(List.of("b", "a")))),
        Arguments.of("synchronizedSortedSet", Collections.synchronizedSortedSet(reversed("a", "b"))),
        Arguments.of("synchronizedMap", Collections.synchronizedMap(mutableValues())),
        Arguments.of("synchronizedNavigableMap", Collections.synchronizedNavigableMap(reversedMap())),
        Arguments.of("checkedList", Collections.checkedList(new ArrayList<>(List.of("a")), String.class)),
        Arguments.of("emptyList", Collections.emptyList()),
        Arguments.of("emptyMap", Collections.emptyMap()),
        Arguments.of("singletonList", Collections.singletonList(new ArrayList<>(List.of("x")))),
        Arguments.of("singletonMap", Collections.singletonMap("k", new ArrayList<>(List.of("x")))),
        Arguments.of("Arrays.asList", Arrays.asList(new ArrayList<>(List.of("x")), "y")),
        Arguments.of("TreeMap(reverseOrder)", reversedMap()),
        Arguments.of("ConcurrentSkipListSet(reverseOrder)", new ConcurrentSkipListSet<>(reversed("a", "b"))),
        Arguments.of("EnumSet", EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)),
        Arguments.of("EnumMap", new EnumMap<>(Map.of(DayOfWeek.MONDAY, new ArrayList<>(List.of("x"))))),
        Arguments.of("ConcurrentHashMap", new ConcurrentHashMap<>(mutableValues())),
        Arguments.of("ConcurrentHashMap.keySet", new ConcurrentHashMap<>(Map.of("a", 1)).keySet(0)),
        Arguments.of("CopyOnWriteArrayList", new CopyOnWriteArrayList<>(mutableElements())),
        Arguments.of("ArrayDeque", new ArrayDeque<>(List.of("a", "b"))),
        Arguments.of("HashMap", new HashMap<>(mutableValues())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("collections")
  void collectionIsCopiedAsAnEqualInstanceOfTheSameClassWithCopiedElements(String kind, Object original) {
    Object copy = copy(original);

    assertThat(copy).hasSameClassAs(original);
    assertThat(elements(copy)).isEqualTo(elements(original));
    if (!elements(original).isEmpty()) {
      assertThat(copy).isNotSameAs(original);
    }
    for (int i = 0; i < elements(original).size(); i++) {
      Object element = elements(original).get(i);
      if (element instanceof List) {
        assertThat(elements(copy).get(i)).isEqualTo(element).isNotSameAs(element);
      }
    }
  }

  private static List<Object> elements(Object container) {
    if (container instanceof Map<?, ?> map) {
      return new ArrayList<>(map.values());
    }
    return new ArrayList<>((Collection<?>) container);
  }

  @Test
  void emptyImmutableCollectionsComeBackAsTheSharedEmptyInstances() {
    assertThat(copy(List.of())).isSameAs(List.of());
    assertThat(copy(Collections.emptyList())).isSameAs(Collections.emptyList());
    assertThat(copy(Collections.emptyMap())).isSameAs(Collections.emptyMap());
  }

  @Test
  void sortedCollectionsKeepTheirComparator() {
    SortedSet<String> set = copy(Collections.unmodifiableSortedSet(reversed("a", "b", "c")));
    SortedMap<String, Object> map = copy(reversedMap());
    ConcurrentSkipListSet<String> skipList = copy(new ConcurrentSkipListSet<>(reversed("a", "b")));

    assertThat(set).containsExactly("c", "b", "a");
    assertThat(set.comparator()).isSameAs(Comparator.reverseOrder());
    assertThat(map.firstKey()).isEqualTo("b");
    assertThat(skipList.first()).isEqualTo("b");
  }

  @Test
  void copiesOfUnmodifiableCollectionsStayUnmodifiableAndSynchronizedOnesStayModifiable() {
    List<Object> immutable = copy(List.of("a"));
    List<Object> unmodifiable = copy(Collections.unmodifiableList(new ArrayList<>(List.of("a"))));
    Map<String, Object> unmodifiableMap = copy(Collections.unmodifiableMap(mutableValues()));
    List<Object> synchronizedList = copy(Collections.synchronizedList(new ArrayList<>(List.of("a"))));

    assertThatThrownBy(() -> immutable.add("b")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> unmodifiable.add("b")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> unmodifiableMap.clear()).isInstanceOf(UnsupportedOperationException.class);
    synchronizedList.add("b");
    assertThat(synchronizedList).containsExactly("a", "b");
  }

  @Test
  void unmodifiableViewOfElementsThatAreNotSerializableIsCopied() {
    Node node = new Node("n");
    List<Node> view = Collections.unmodifiableList(new ArrayList<>(List.of(node)));

    List<Node> copy = copy(view);

    assertThat(copy).hasSize(1);
    assertThat(copy.get(0)).isNotSameAs(node);
    assertThat(copy.get(0).name).isEqualTo("n");
  }

  @Test
  void cycleThroughAnUnmodifiableViewComesBackAsACycle() {
    Node parent = new Node("parent");
    List<Node> backing = new ArrayList<>();
    parent.children = Collections.unmodifiableList(backing);
    backing.add(parent);
    Order holder = new Order("o-1");
    List<Object> view = Collections.unmodifiableList(new ArrayList<>(List.of(holder)));
    holder.state = view; // the view holds something that refers back to the view itself

    Node copy = copy(parent);
    List<Object> viewCopy = copy(view);

    assertThat(copy.children.get(0)).isSameAs(copy);
    assertThat(((Order) viewCopy.get(0)).state).isSameAs(viewCopy);
  }

  @Test
  void priorityQueueAndBitSetAreCopiedWithTheirContents() {
    PriorityQueue<Integer> queue = new PriorityQueue<>(Comparator.reverseOrder());
    queue.addAll(List.of(1, 3, 2));
    BitSet bits = BitSet.valueOf(new long[] {0b1011});

    PriorityQueue<Integer> queueCopy = copy(queue);

    assertThat(queueCopy.poll()).isEqualTo(3);
    assertThat(copy(bits)).isEqualTo(bits).isNotSameAs(bits);
  }
}

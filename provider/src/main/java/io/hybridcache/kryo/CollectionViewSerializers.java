package io.hybridcache.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Serializers for the unmodifiable and synchronized views of {@link Collections}, whose backing collection sits in a
 * private JDK field that cannot be read without {@code --add-opens}. A view is written as its elements (and its
 * comparator when sorted), read back into a fresh backing collection of the same kind (array list, linked list,
 * insertion-ordered set or map, tree set or map) and wrapped again, so the copy is a view of the same class over a
 * copy. The wrapper is registered before its elements are read, so a reference cycle through the view survives.
 */
final class CollectionViewSerializers {
  private CollectionViewSerializers() {}

  /** Makes {@code kryo} use these serializers for every unmodifiable and synchronized view class. */
  static void addTo(Kryo kryo) {
    collection(kryo, c -> new ArrayList<>(), Collections::unmodifiableCollection);
    collection(kryo, c -> new ArrayList<>(), c -> Collections.unmodifiableList((List<Object>) c));
    collection(kryo, c -> new LinkedList<>(), c -> Collections.unmodifiableList((List<Object>) c));
    collection(kryo, c -> new LinkedHashSet<>(), c -> Collections.unmodifiableSet((Set<Object>) c));
    collection(kryo, TreeSet::new, c -> Collections.unmodifiableSortedSet((SortedSet<Object>) c));
    collection(kryo, TreeSet::new, c -> Collections.unmodifiableNavigableSet((NavigableSet<Object>) c));
    collection(kryo, c -> new ArrayList<>(), Collections::synchronizedCollection);
    collection(kryo, c -> new ArrayList<>(), c -> Collections.synchronizedList((List<Object>) c));
    collection(kryo, c -> new LinkedList<>(), c -> Collections.synchronizedList((List<Object>) c));
    collection(kryo, c -> new LinkedHashSet<>(), c -> Collections.synchronizedSet((Set<Object>) c));
    collection(kryo, TreeSet::new, c -> Collections.synchronizedSortedSet((SortedSet<Object>) c));
    collection(kryo, TreeSet::new, c -> Collections.synchronizedNavigableSet((NavigableSet<Object>) c));
    map(kryo, c -> new LinkedHashMap<>(), Collections::unmodifiableMap);
    map(kryo, TreeMap::new, m -> Collections.unmodifiableSortedMap((SortedMap<Object, Object>) m));
    map(kryo, TreeMap::new, m -> Collections.unmodifiableNavigableMap((NavigableMap<Object, Object>) m));
    map(kryo, c -> new LinkedHashMap<>(), Collections::synchronizedMap);
    map(kryo, TreeMap::new, m -> Collections.synchronizedSortedMap((SortedMap<Object, Object>) m));
    map(kryo, TreeMap::new, m -> Collections.synchronizedNavigableMap((NavigableMap<Object, Object>) m));
  }

  private static void collection(Kryo kryo, Function<Comparator<Object>, Collection<Object>> backing,
      UnaryOperator<Collection<Object>> wrap) {
    Collection<Object> sample = backing.apply(null);
    kryo.addDefaultSerializer(wrap.apply(sample).getClass(),
        new CollectionView(backing, wrap, sample instanceof SortedSet));
  }

  private static void map(Kryo kryo, Function<Comparator<Object>, Map<Object, Object>> backing,
      UnaryOperator<Map<Object, Object>> wrap) {
    Map<Object, Object> sample = backing.apply(null);
    kryo.addDefaultSerializer(wrap.apply(sample).getClass(), new MapView(backing, wrap, sample instanceof SortedMap));
  }

  /** An element count can be no larger than the bytes left, as every element takes at least one. */
  private static int capacityFor(int count, Input input) {
    return Math.max(0, Math.min(count, input.limit() - input.position()));
  }

  private static final class CollectionView extends Serializer<Collection<Object>> {
    private final Function<Comparator<Object>, Collection<Object>> backing;
    private final UnaryOperator<Collection<Object>> wrap;
    private final boolean sorted;

    CollectionView(Function<Comparator<Object>, Collection<Object>> backing, UnaryOperator<Collection<Object>> wrap,
        boolean sorted) {
      this.backing = backing;
      this.wrap = wrap;
      this.sorted = sorted;
    }

    @Override
    public void write(Kryo kryo, Output output, Collection<Object> view) {
      if (sorted) {
        kryo.writeClassAndObject(output, ((SortedSet<Object>) view).comparator());
      }
      Object[] elements = view.toArray(); // one consistent snapshot, even of a synchronized view
      output.writeVarInt(elements.length, true);
      for (Object element : elements) {
        kryo.writeClassAndObject(output, element);
      }
    }

    @Override
    @SuppressWarnings("unchecked") // the comparator of a set of objects
    public Collection<Object> read(Kryo kryo, Input input, Class<? extends Collection<Object>> type) {
      Comparator<Object> comparator = sorted ? (Comparator<Object>) kryo.readClassAndObject(input) : null;
      int count = input.readVarInt(true);
      Collection<Object> target = backing.apply(comparator);
      if (target instanceof ArrayList) {
        ((ArrayList<Object>) target).ensureCapacity(capacityFor(count, input));
      }
      Collection<Object> view = wrap.apply(target);
      kryo.reference(view);
      for (int i = 0; i < count; i++) {
        target.add(kryo.readClassAndObject(input));
      }
      return view;
    }
  }

  private static final class MapView extends Serializer<Map<Object, Object>> {
    private final Function<Comparator<Object>, Map<Object, Object>> backing;
    private final UnaryOperator<Map<Object, Object>> wrap;
    private final boolean sorted;

    MapView(Function<Comparator<Object>, Map<Object, Object>> backing, UnaryOperator<Map<Object, Object>> wrap,
        boolean sorted) {
      this.backing = backing;
      this.wrap = wrap;
      this.sorted = sorted;
    }

    @Override
    public void write(Kryo kryo, Output output, Map<Object, Object> view) {
      if (sorted) {
        kryo.writeClassAndObject(output, ((SortedMap<Object, Object>) view).comparator());
      }
      Object[] entries = view.entrySet().toArray();
      output.writeVarInt(entries.length, true);
      for (Object entry : entries) {
        kryo.writeClassAndObject(output, ((Map.Entry<?, ?>) entry).getKey());
        kryo.writeClassAndObject(output, ((Map.Entry<?, ?>) entry).getValue());
      }
    }

    @Override
    @SuppressWarnings("unchecked") // the comparator of a map of objects
    public Map<Object, Object> read(Kryo kryo, Input input, Class<? extends Map<Object, Object>> type) {
      Comparator<Object> comparator = sorted ? (Comparator<Object>) kryo.readClassAndObject(input) : null;
      int count = input.readVarInt(true);
      Map<Object, Object> target = backing.apply(comparator);
      Map<Object, Object> view = wrap.apply(target);
      kryo.reference(view);
      for (int i = 0; i < count; i++) {
        Object key = kryo.readClassAndObject(input);
        target.put(key, kryo.readClassAndObject(input));
      }
      return view;
    }
  }
}

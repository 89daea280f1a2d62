package io.hybridcache.kryo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridcache.kryo.Beans.Draft;
import io.hybridcache.kryo.Beans.LazyProperty;
import io.hybridcache.kryo.Beans.Marker;
import io.hybridcache.kryo.Beans.Order;
import io.hybridcache.kryo.Beans.Reindexed;
import io.hybridcache.kryo.Beans.Snapshot;
import java.io.Externalizable;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Classes that define their own serialization get Java serialization's semantics. */
class SerializationHooksTest {
  private static final ClassLoader LOADER = SerializationHooksTest.class.getClassLoader();
  private final KryoValueCopier copier = new KryoValueCopier();
  private final KryoValueSerializer serializer = new KryoValueSerializer(LOADER);

  private <T> T copy(T value) {
    return copier.copy(value, LOADER);
  }

  @Test
  void singletonWithReadResolveComesBackAsTheSameInstance() {
    assertThat(copy(Marker.INSTANCE)).isSameAs(Marker.INSTANCE);
    assertThat(serializer.deserialize(serializer.serialize(Marker.INSTANCE))).isSameAs(Marker.INSTANCE);
  }

  @Test
  void hibernateStyleAnonymousSingletonComesBackAsTheSameInstance() {
    assertThat(copy(LazyProperty.UNFETCHED)).isSameAs(LazyProperty.UNFETCHED);
  }

  @Test
  void singletonNestedInABeanACollectionAndAnArrayKeepsItsIdentityEverywhere() {
    Order order = new Order("o-1");
    order.state = Marker.INSTANCE;
    Object[] disassembled = {"name", LazyProperty.UNFETCHED, Marker.INSTANCE, order};
    List<Object> list = new ArrayList<>(List.of(Marker.INSTANCE, disassembled));
    Map<String, Object> map = new HashMap<>(Map.of("m", Marker.INSTANCE));

    List<Object> copy = copy(list);
    Object[] arrayCopy = (Object[]) copy.get(1);

    assertThat(copy.get(0)).isSameAs(Marker.INSTANCE);
    assertThat(arrayCopy[1]).isSameAs(LazyProperty.UNFETCHED);
    assertThat(arrayCopy[2]).isSameAs(Marker.INSTANCE);
    assertThat(((Order) arrayCopy[3]).state).isSameAs(Marker.INSTANCE);
    assertThat(copy(map).get("m")).isSameAs(Marker.INSTANCE);
    assertThat(copy(Collections.unmodifiableList(list)).get(0)).isSameAs(Marker.INSTANCE);
  }

  @Test
  void writeReplaceIsHonouredSoTheCopyIsTheReplacement() {
    Object copy = copy(new Draft("hello"));

    assertThat(copy).isEqualTo(new Snapshot("hello"));
  }

  @Test
  void readObjectRebuildsTransientStateThatAFieldCopyWouldLose() {
    Reindexed copy = copy(new Reindexed(List.of("a", "b")));

    assertThat(copy.words).containsExactly("a", "b");
    assertThat(copy.index).containsEntry("a", 0).containsEntry("b", 1);
  }

  @Test
  void externalizableIsWrittenThroughItsOwnMethods() {
    Counter counter = new Counter();
    counter.value = 41;

    Counter copy = copy(counter);

    assertThat(copy).isNotSameAs(counter);
    assertThat(copy.value).isEqualTo(42); // readExternal adds one, proving it ran
  }

  @Test
  void objectReferencedTwiceInsideOneJavaSerializedObjectStaysShared() {
    List<String> shared = new ArrayList<>(List.of("x"));
    Pair pair = new Pair(shared, shared);

    Pair copy = copy(pair);

    assertThat(copy.left).isNotSameAs(shared).isSameAs(copy.right);
  }

  @Test
  void applicationCollectionWithFieldsOfItsOwnKeepsThem() {
    Page page = new Page(7);
    page.add("a");

    Page copy = copy(page);

    assertThat(copy).containsExactly("a");
    assertThat(copy.total).isEqualTo(7);
  }

  /** Externalizable; readExternal adds one so a test can tell it ran. */
  public static final class Counter implements Externalizable {
    int value;

    public Counter() {}

    @Override
    public void writeExternal(ObjectOutput out) throws java.io.IOException {
      out.writeInt(value);
    }

    @Override
    public void readExternal(ObjectInput in) throws java.io.IOException {
      value = in.readInt() + 1;
    }
  }

  /** Two references, written with Java serialization because of its readResolve. */
  static final class Pair implements Serializable {
    private static final long serialVersionUID = 1L;
    final List<String> left;
    final List<String> right;

    Pair(List<String> left, List<String> right) {
      this.left = left;
      this.right = right;
    }

    private Object readResolve() {
      return this;
    }
  }

  /** A list with a field of its own, which Kryo's collection serializer would drop. */
  static final class Page extends ArrayList<String> {
    private static final long serialVersionUID = 1L;
    final int total;

    Page(int total) {
      this.total = total;
    }
  }
}

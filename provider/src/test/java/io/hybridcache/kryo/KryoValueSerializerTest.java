package io.hybridcache.kryo;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.io.Output;
import io.hybridcache.kryo.Beans.Marker;
import io.hybridcache.kryo.Beans.Node;
import io.hybridcache.kryo.Beans.Order;
import io.hybridcache.kryo.Beans.ThreadHolder;
import io.hybridcache.spi.SerializationException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KryoValueSerializerTest {
  private static final ClassLoader LOADER = KryoValueSerializerTest.class.getClassLoader();
  private final KryoValueSerializer serializer = new KryoValueSerializer(LOADER);

  private Object roundTrip(Object value) {
    return serializer.deserialize(serializer.serialize(value));
  }

  @Test
  void beanGraphRoundTripsToAnEqualIndependentGraph() {
    Order order = new Order("o-1");
    order.state = List.of(Marker.INSTANCE, "x");

    Object back = roundTrip(order);

    assertThat(back).isEqualTo(order).isNotSameAs(order);
    assertThat(((List<?>) ((Order) back).state).get(0)).isSameAs(Marker.INSTANCE);
  }

  @Test
  void cyclesAndImmutableValuesRoundTrip() {
    Node node = new Node("n");
    node.next = node;

    assertThat(((Node) roundTrip(node)).next).isNotSameAs(node).extracting(n -> n.next.name).isEqualTo("n");
    assertThat(roundTrip("text")).isEqualTo("text");
    assertThat(roundTrip(42L)).isEqualTo(42L);
  }

  @Test
  void valueThatCannotBeSerializedThrowsSerializationExceptionNamingItsClass() {
    assertThatThrownBy(() -> serializer.serialize(new ThreadHolder()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Cannot serialize a value of class " + ThreadHolder.class.getName())
        .hasMessageContaining("distributed level");
  }

  @Test
  void everyTruncationOfValidBytesThrowsSerializationException() {
    byte[] bytes = serializer.serialize(new Order("o-1"));

    for (int length = 0; length < bytes.length; length++) {
      byte[] truncated = Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> serializer.deserialize(truncated))
          .as("first %d of %d bytes", length, bytes.length)
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("Cannot deserialize " + length + " bytes");
    }
  }

  @Test
  void bytesLeftOverAfterTheValueThrowSerializationException() {
    byte[] bytes = serializer.serialize("text");
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);

    assertThatThrownBy(() -> serializer.deserialize(longer))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("1 bytes are left over");
  }

  @Test
  void bytesEncodingNullThrowSerializationException() {
    assertThatThrownBy(() -> serializer.deserialize(new byte[] {0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("encode null");
  }

  @Test
  void randomBytesNeverThrowAnythingButSerializationException() {
    Random random = new Random(42);
    int refused = 0;
    for (int i = 0; i < 2_000; i++) {
      byte[] bytes = new byte[1 + random.nextInt(64)];
      random.nextBytes(bytes);
      if (i % 4 == 0) {
        bytes[0] = 1; // a class written by name: the path that reads a string and loads a class
      }
      try {
        serializer.deserialize(bytes);
      } catch (SerializationException expected) {
        refused++;
      }
    }
    assertThat(refused).isGreaterThan(1_800);
  }

  @Test
  void hugeLengthDeclaredForAStringOrAPrimitiveArrayIsRefusedBeforeAnythingIsAllocated() {
    Output string = new Output(32);
    string.writeVarInt(3, true); // the class ID Kryo gives String
    string.writeVarInt(1, true); // a new object, not a back-reference
    string.writeVarIntFlag(true, 1_000_000_001, true); // a UTF-8 string of a billion characters
    string.writeBytes(new byte[] {'a', 'b'});
    Output ints = new Output(32);
    ints.writeBytes(new byte[] {1, 0, '[', (byte) ('I' | 0x80), 1}); // class "[I" by name, a new object
    ints.writeVarInt(1_000_000_001, true); // a billion elements
    ints.writeBytes(new byte[] {2, 4});

    assertThatThrownBy(() -> serializer.deserialize(string.toBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Declared length 1000000000 does not fit in the 2 bytes left");
    assertThatThrownBy(() -> serializer.deserialize(ints.toBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Declared length 1000000000 does not fit in the 2 bytes left");
  }

  @Test
  void everySingleByteCorruptionOfValidBytesThrowsNothingButSerializationException() {
    Order order = new Order("o-1");
    order.state = new Node("n");
    byte[] bytes = serializer.serialize(order);

    for (int i = 0; i < bytes.length; i++) {
      for (int flip : new int[] {0x01, 0x80, 0xFF}) {
        byte[] corrupt = bytes.clone();
        corrupt[i] ^= (byte) flip;
        try {
          serializer.deserialize(corrupt);
        } catch (SerializationException expected) {
          // the only exception type allowed
        }
      }
    }
  }

  @Test
  void bytesNamingAMissingClassThrowSerializationExceptionNamingIt() {
    byte[] bytes = serializer.serialize(new Node("n"));
    String text = new String(bytes, ISO_8859_1);
    // Kryo marks the end of an ASCII class name on its last letter, so the replacement keeps that letter
    byte[] renamed = text.replace("Beans$Nod", "Beans$Gon").getBytes(ISO_8859_1);

    assertThatThrownBy(() -> serializer.deserialize(renamed))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Beans$Gone");
  }

  @Test
  void classRefusedByTheFilterIsNeverLoaded() {
    IsolatingClassLoader loader = new IsolatingClassLoader(Parcel.class.getName());
    KryoValueSerializer onlyJdk = new KryoValueSerializer(loader, name -> name.startsWith("java."));
    byte[] bytes = serializer.serialize(new Parcel());

    assertThatThrownBy(() -> onlyJdk.deserialize(bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Class is not allowed: " + Parcel.class.getName());
    assertThat(loader.requested).doesNotContain(Parcel.class.getName());
    assertThat(onlyJdk.deserialize(serializer.serialize(List.of("a")))).isEqualTo(List.of("a"));
  }

  @Test
  void filterAlsoGuardsClassesInsideJavaSerializedObjects() {
    KryoValueSerializer noSecrets = new KryoValueSerializer(LOADER, name -> !name.endsWith("$Secret"));
    byte[] bytes = serializer.serialize(new Envelope(new Secret()));

    assertThatThrownBy(() -> noSecrets.deserialize(bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Secret");
    assertThat(noSecrets.deserialize(serializer.serialize(new Envelope(null)))).isInstanceOf(Envelope.class);
  }

  @Test
  void nullArgumentsAreRejected() {
    assertThatThrownBy(() -> serializer.serialize(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> serializer.deserialize(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new KryoValueSerializer(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new KryoValueSerializer(LOADER, null)).isInstanceOf(NullPointerException.class);
  }

  /** Written with Java serialization (it has readResolve), so its field's class is named inside that stream. */
  static final class Envelope implements Serializable {
    private static final long serialVersionUID = 1L;
    final Secret secret;

    Envelope(Secret secret) {
      this.secret = secret;
    }

    private Object readResolve() {
      return this;
    }
  }

  static final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;
  }
}

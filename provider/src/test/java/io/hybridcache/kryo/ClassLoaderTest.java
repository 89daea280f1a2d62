package io.hybridcache.kryo;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryo.io.Output;
import org.junit.jupiter.api.Test;

/** Classes are resolved with the class loader given, and a pool never keeps classes of foreign loaders. */
class ClassLoaderTest {
  private static final String PARCEL = Parcel.class.getName();
  private static final ClassLoader APP = ClassLoaderTest.class.getClassLoader();
  private final KryoValueCopier copier = new KryoValueCopier();

  @Test
  void copyResolvesTheValuesClassWithTheClassLoaderGiven() throws Exception {
    IsolatingClassLoader first = new IsolatingClassLoader(PARCEL);
    IsolatingClassLoader second = new IsolatingClassLoader(PARCEL);
    Object parcel = first.newInstance(PARCEL);

    Object sameLoader = copier.copy(parcel, first);
    Object otherLoader = copier.copy(parcel, second);
    Object appLoader = copier.copy(new Parcel(), second);

    assertThat(parcel.getClass()).isNotSameAs(Parcel.class);
    assertThat(sameLoader).isNotSameAs(parcel);
    assertThat(sameLoader.getClass()).isSameAs(parcel.getClass());
    assertThat(otherLoader.getClass().getClassLoader()).isSameAs(second);
    assertThat(appLoader.getClass().getClassLoader()).isSameAs(second);
    assertThat(second.requested).contains(PARCEL);
  }

  @Test
  void serializerResolvesClassesWithTheClassLoaderItWasGiven() throws Exception {
    IsolatingClassLoader writer = new IsolatingClassLoader(PARCEL);
    IsolatingClassLoader reader = new IsolatingClassLoader(PARCEL);
    byte[] bytes = new KryoValueSerializer(writer).serialize(writer.newInstance(PARCEL));

    Object value = new KryoValueSerializer(reader).deserialize(bytes);

    assertThat(value.getClass().getName()).isEqualTo(PARCEL);
    assertThat(value.getClass().getClassLoader()).isSameAs(reader);
  }

  @Test
  void poolKeepsRegistrationsOfItsOwnLoadersClassesButNotOfAForeignLoadersOnes() throws Exception {
    ConfiguredKryo kryo = new ConfiguredKryo(APP, ClassNameFilter.ALLOW_ALL, Integer.MAX_VALUE);
    Object foreign = new IsolatingClassLoader(PARCEL).newInstance(PARCEL);

    kryo.writeClassAndObject(new Output(256, -1), new Parcel());
    kryo.writeClassAndObject(new Output(256, -1), foreign);

    assertThat(kryo.getClassResolver().getRegistration(Parcel.class)).isNotNull();
    assertThat(kryo.getClassResolver().getRegistration(foreign.getClass())).isNull();
  }
}

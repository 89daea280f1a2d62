package io.hybridcache.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.AtomicBooleanSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.AtomicIntegerSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.AtomicLongSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.AtomicReferenceSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.PatternSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.TimestampSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.URISerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.UUIDSerializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import java.io.Serializable;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * The one Kryo configuration of HybridCache, shared by the value copier and the value serializer.
 *
 * <ul>
 *   <li>No registration required: classes are written by name (only the primitives and {@code String} have the
 *       numbers Kryo itself gives them), so bytes do not depend on what was registered in which order.</li>
 *   <li>References on: shared references and cycles come back as they were.</li>
 *   <li>Objects are created through a no-arg constructor when there is one (private is fine), else without running
 *       a constructor (Objenesis), so classes without a no-arg constructor work.</li>
 *   <li>Kryo's own serializers for JDK types, plus those it ships but does not install ({@code UUID}, {@code URI},
 *       {@code Pattern}, atomics, {@code java.sql.Timestamp} with its nanoseconds) and {@link
 *       CollectionViewSerializers}.</li>
 *   <li>{@link JavaSerializationRules} decide where Java serialization stands in, through one {@link
 *       JavaSerialization} per instance (so one object stream per graph).</li>
 *   <li>Classes are resolved with the given class loader (then Kryo's own) by a {@link ScopedClassResolver}.</li>
 *   <li>Decoding is bounded: objects nest at most {@code maxDepth} deep (Kryo's own {@link #setMaxDepth}, which also
 *       bounds writing, so a value too deep to be read back is never written, and, for the objects Java
 *       serialization reads inside the stream, a serialization filter of the same depth), and between {@link
 *       #startDecoding} and {@link #stopDecoding} the hashing of hash-based collections is bounded by {@link
 *       HashingWork}.</li>
 * </ul>
 *
 * <p>Not thread-safe, like every Kryo instance: each is used by one thread at a time, through {@link KryoPool}.
 */
final class ConfiguredKryo extends Kryo {
  private final JavaSerialization javaSerialization;
  private final HashingWork hashing = new HashingWork();

  /**
   * @param maxDepth how deeply objects may nest, read or written ({@link Integer#MAX_VALUE}: no bound)
   */
  ConfiguredKryo(ClassLoader classLoader, ClassNameFilter filter, int maxDepth) {
    super(new ScopedClassResolver(filter), new MapReferenceResolver());
    this.javaSerialization = new JavaSerialization(filter, maxDepth);
    setMaxDepth(maxDepth);
    setClassLoader(classLoader);
    setRegistrationRequired(false);
    setReferences(true);
    setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
    addDefaultSerializer(UUID.class, new UUIDSerializer());
    addDefaultSerializer(URI.class, new URISerializer());
    addDefaultSerializer(Pattern.class, new PatternSerializer());
    addDefaultSerializer(AtomicBoolean.class, new AtomicBooleanSerializer());
    addDefaultSerializer(AtomicInteger.class, new AtomicIntegerSerializer());
    addDefaultSerializer(AtomicLong.class, new AtomicLongSerializer());
    addDefaultSerializer(AtomicReference.class, new AtomicReferenceSerializer());
    if (ModuleLayer.boot().findModule("java.sql").isPresent()) { // absent from trimmed (jlink) runtimes
      addDefaultSerializer(java.sql.Timestamp.class, new TimestampSerializer());
    }
    CollectionViewSerializers.addTo(this);
  }

  /** Bounds the hashing work of the graph read from the next {@code byteCount} bytes, until {@link #stopDecoding}. */
  void startDecoding(int byteCount) {
    hashing.start(byteCount);
  }

  /** The bound on the hashing work of the graph being read, active between the two calls. */
  HashingWork hashing() {
    return hashing;
  }

  /** Ends the bound {@link #startDecoding} started, letting go of what the graph read. */
  void stopDecoding() {
    hashing.stop();
  }

  @Override
  public Object readClassAndObject(Input input) {
    if (!hashing.active()) {
      return super.readClassAndObject(input);
    }
    hashing.enter();
    return hashing.exit(super.readClassAndObject(input));
  }

  @Override
  public <T> T readObject(Input input, Class<T> type) {
    if (!hashing.active()) {
      return super.readObject(input, type);
    }
    hashing.enter(type);
    return hashing.exit(super.readObject(input, type));
  }

  @Override
  @SuppressWarnings("rawtypes") // Kryo's signature
  public <T> T readObject(Input input, Class<T> type, Serializer serializer) {
    if (!hashing.active()) {
      return super.readObject(input, type, serializer);
    }
    hashing.enter(type);
    return hashing.exit(super.readObject(input, type, serializer));
  }

  @Override
  public <T> T readObjectOrNull(Input input, Class<T> type) {
    if (!hashing.active()) {
      return super.readObjectOrNull(input, type);
    }
    hashing.enter(type);
    return hashing.exit(super.readObjectOrNull(input, type));
  }

  @Override
  @SuppressWarnings("rawtypes") // Kryo's signature
  public <T> T readObjectOrNull(Input input, Class<T> type, Serializer serializer) {
    if (!hashing.active()) {
      return super.readObjectOrNull(input, type, serializer);
    }
    hashing.enter(type);
    return hashing.exit(super.readObjectOrNull(input, type, serializer));
  }

  @Override
  public Registration readClass(Input input) {
    Registration registration = super.readClass(input);
    if (hashing.active()) {
      hashing.classRead(registration == null ? null : registration.getType());
    }
    return registration;
  }

  /** Kryo registers each object it creates while reading, mostly before reading what the object holds. */
  @Override
  public void reference(Object object) {
    super.reference(object);
    if (hashing.active()) {
      hashing.created(object);
    }
  }

  /**
   * Kryo's choice of serializer, corrected by {@link JavaSerializationRules}. Hidden classes (lambdas, generated
   * classes) are refused here, since they could not be found by name when read back.
   *
   * @throws KryoException if the class can be serialized neither by Kryo nor by Java serialization
   */
  @Override
  @SuppressWarnings("rawtypes")
  public Serializer getDefaultSerializer(Class type) {
    if (type.isHidden()) {
      throw new KryoException(type.getName() + " is a hidden class (a lambda or a generated class), which cannot be"
          + " found by name when read back");
    }
    if (JavaSerializationRules.definesOwnSerialization(type)) {
      return javaSerialization;
    }
    Serializer<?> chosen;
    try {
      chosen = super.getDefaultSerializer(type);
    } catch (RuntimeException e) { // typically InaccessibleObjectException: JDK fields without --add-opens
      return javaSerializationOrFail(type, e);
    }
    return JavaSerializationRules.distrusts(type, chosen) ? javaSerializationOrFail(type, null) : chosen;
  }

  private Serializer<?> javaSerializationOrFail(Class<?> type, RuntimeException kryoFailure) {
    if (Serializable.class.isAssignableFrom(type)) {
      return javaSerialization;
    }
    throw new KryoException(JavaSerializationRules.unsupported(type, kryoFailure), kryoFailure);
  }
}

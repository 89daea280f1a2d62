package io.hybridcache.kryo;

import io.hybridcache.spi.SerializationException;
import io.hybridcache.spi.ValueSerializer;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The {@link ValueSerializer} for the distributed level: values as Kryo bytes, with the configuration of {@link
 * KryoValueCopier} (classes written by name, references and cycles kept, {@code readResolve} honoured, no {@code
 * --add-opens} needed), so whatever a store-by-value cache can copy it can also ship.
 *
 * <p>Bytes name the classes of what they hold. Bytes from a shared store may have been written by someone else, so
 * a serializer can be given the class names it may load: a name the predicate refuses is never loaded, whether Kryo
 * or Java serialization (used for classes that define their own serialization) reads it. The format carries no
 * version of its own; the distributed level's envelope does.
 *
 * <p>Decoding is bounded in work, whoever wrote the bytes: objects nest at most {@code maxDepth} deep ({@value
 * #DEFAULT_MAX_DEPTH} unless given; writing a deeper value is refused too, so what is written can be read back), and
 * the hashing done by hash-based collections ({@code HashSet}, {@code HashMap} keys and the like) is bounded in
 * proportion to the bytes, so nested sets sharing references (the "SerialDOS" payload), whose hash codes would take
 * exponential time, are refused within milliseconds instead of tying up the reading thread.
 *
 * <p>Thread-safe; Kryo instances are pooled.
 */
public final class KryoValueSerializer implements ValueSerializer {
  private static final String ADVICE = "Make the classes it holds Serializable or give them a no-arg constructor, or"
      + " keep such values out of the distributed level.";

  /** How deeply objects may nest unless told otherwise: far beyond values, entity graphs and collections. */
  public static final int DEFAULT_MAX_DEPTH = 100;

  private final KryoPool pool;

  /**
   * Creates a serializer that resolves classes with {@code classLoader} and may load any class the bytes name: use it
   * only when nobody untrusted can write to the distributed level.
   *
   * @param classLoader the class loader classes are resolved with
   * @throws NullPointerException if {@code classLoader} is null
   */
  public KryoValueSerializer(ClassLoader classLoader) {
    this(classLoader, ClassNameFilter.ALLOW_ALL, DEFAULT_MAX_DEPTH);
  }

  /**
   * Creates a serializer that resolves classes with {@code classLoader} and loads only the classes whose binary name
   * ({@code com.example.Order$Line}) {@code allowedClassNames} accepts. The predicate sees JDK classes too ({@code
   * java.util.ArrayList}, {@code java.lang.String} when written by name); array names are reduced to their element
   * class, and primitive types are always allowed.
   *
   * @param classLoader the class loader classes are resolved with
   * @param allowedClassNames whether a binary class name may be loaded
   * @throws NullPointerException if an argument is null
   */
  public KryoValueSerializer(ClassLoader classLoader, Predicate<String> allowedClassNames) {
    this(classLoader, allowedClassNames, DEFAULT_MAX_DEPTH);
  }

  /**
   * {@link #KryoValueSerializer(ClassLoader, Predicate)}, with objects nesting at most {@code maxDepth} deep (a value
   * holding a list holding a string nests 3 deep): bytes nesting deeper are refused, and so are values nesting
   * deeper when written.
   *
   * @param classLoader the class loader classes are resolved with
   * @param allowedClassNames whether a binary class name may be loaded
   * @param maxDepth how deeply objects may nest; positive
   * @throws NullPointerException if {@code classLoader} or {@code allowedClassNames} is null
   * @throws IllegalArgumentException if {@code maxDepth} is below 1
   */
  public KryoValueSerializer(ClassLoader classLoader, Predicate<String> allowedClassNames, int maxDepth) {
    this(classLoader, new ClassNameFilter(allowedClassNames), maxDepth);
  }

  private KryoValueSerializer(ClassLoader classLoader, ClassNameFilter filter, int maxDepth) {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be at least 1, was " + maxDepth);
    }
    this.pool = new KryoPool(Objects.requireNonNull(classLoader, "classLoader"), filter, maxDepth, ADVICE);
  }

  /**
   * Encodes {@code value} and everything it references.
   *
   * @throws NullPointerException if {@code value} is null
   * @throws SerializationException if the value cannot be encoded; the message names the value's class, the class
   *     that could not be handled and what to do
   */
  @Override
  public byte[] serialize(Object value) {
    return pool.serialize(Objects.requireNonNull(value, "value"));
  }

  /**
   * Decodes bytes written by {@link #serialize} with the same configuration. Any failure to decode is a {@link
   * SerializationException}, never another exception: truncated, corrupt or random bytes, bytes left over after the
   * value, a class that is missing or not allowed, a size declared in the bytes that does not fit in memory, objects
   * nesting deeper than the maximum depth, or hash-based collections whose hashing would exceed the work bound.
   *
   * @throws NullPointerException if {@code bytes} is null
   * @throws SerializationException if the bytes cannot be decoded
   */
  @Override
  public Object deserialize(byte[] bytes) {
    return pool.deserialize(Objects.requireNonNull(bytes, "bytes"));
  }
}

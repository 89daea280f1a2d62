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
 * <p>Thread-safe; Kryo instances are pooled.
 */
public final class KryoValueSerializer implements ValueSerializer {
  private static final String ADVICE = "Make the classes it holds Serializable or give them a no-arg constructor, or"
      + " keep such values out of the distributed level.";

  private final KryoPool pool;

  /**
   * Creates a serializer that resolves classes with {@code classLoader} and may load any class the bytes name: use it
   * only when nobody untrusted can write to the distributed level.
   *
   * @throws NullPointerException if {@code classLoader} is null
   */
  public KryoValueSerializer(ClassLoader classLoader) {
    this(classLoader, ClassNameFilter.ALLOW_ALL);
  }

  /**
   * Creates a serializer that resolves classes with {@code classLoader} and loads only the classes whose binary name
   * ({@code com.example.Order$Line}) {@code allowedClassNames} accepts. The predicate sees JDK classes too ({@code
   * java.util.ArrayList}, {@code java.lang.String} when written by name); array names are reduced to their element
   * class, and primitive types are always allowed.
   *
   * @throws NullPointerException if an argument is null
   */
  public KryoValueSerializer(ClassLoader classLoader, Predicate<String> allowedClassNames) {
    this(classLoader, new ClassNameFilter(allowedClassNames));
  }

  private KryoValueSerializer(ClassLoader classLoader, ClassNameFilter filter) {
    this.pool = new KryoPool(Objects.requireNonNull(classLoader, "classLoader"), filter, ADVICE);
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
   * value, a class that is missing or not allowed, or a size declared in the bytes that does not fit in memory.
   *
   * @throws NullPointerException if {@code bytes} is null
   * @throws SerializationException if the bytes cannot be decoded
   */
  @Override
  public Object deserialize(byte[] bytes) {
    return pool.deserialize(Objects.requireNonNull(bytes, "bytes"));
  }
}

package io.hybridcache.kryo;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hybridcache.spi.SerializationException;
import io.hybridcache.spi.ValueCopier;
import java.util.Objects;

/**
 * The {@link ValueCopier} behind JCache store-by-value (the JSR default): a copy is the value written with Kryo and
 * read back with the class loader given, so it shares no mutable state with the original, and Hibernate's
 * second-level cache values (entries, soft locks, identity singletons) survive it.
 *
 * <h2>What is copied</h2>
 * Immutable JDK values are returned as they are: strings, boxed primitives, {@code BigInteger} and {@code
 * BigDecimal}, enums, the {@code java.time} value types, {@code UUID}, {@code URI}, {@code Class}, records whose
 * components are all such values, and the like; the check is made once per class. Everything else is deep-copied:
 * arrays, {@code java.util.Date}, collections (including {@code List.of}, {@code Collections.unmodifiableList} and
 * the other views, which come back as the same kind of view over a copy), records, and application classes, with or
 * without a no-arg constructor. Shared references and cycles are preserved.
 *
 * <h2>{@code readResolve} and Java serialization</h2>
 * A {@code Serializable} application class that defines its own serialization ({@code readResolve}, {@code
 * writeReplace}, {@code writeObject}, {@code readObject}, or {@code Externalizable}) is copied with Java
 * serialization inside the Kryo stream, so it gets exactly the semantics its author wrote: a singleton whose {@code
 * readResolve} returns {@code INSTANCE} comes back as {@code INSTANCE}, wherever it sits in the graph. Calling {@code
 * readResolve} reflectively after Kryo's field-by-field copy was the alternative; it handles {@code readResolve} and
 * {@code writeReplace} but not {@code writeObject}/{@code readObject} (transient state rebuilt by hand), and it still
 * needs Java's rules on which of those methods a subclass inherits. The price of the choice: an object reachable both
 * from inside such an object and from outside it is copied twice, and such classes copy more slowly.
 *
 * <h2>JDK internals</h2>
 * Nothing here needs {@code --add-opens}. A JDK class that Kryo could only copy by reflecting into its private fields,
 * or only through its collection interface when it is an internal view, is copied with Java serialization, which every
 * JDK class supports; the unmodifiable and synchronized views of {@code Collections} have their own serializers, so
 * their elements need not be {@code Serializable}.
 *
 * <h2>Class loaders and threads</h2>
 * Thread-safe. Kryo instances are pooled per class loader; a class loader is held weakly and its pool softly, so
 * neither keeps an undeployed application's classes alive for long (the pool goes at the latest when the heap runs
 * short).
 */
public final class KryoValueCopier implements ValueCopier {
  private static final String ADVICE = "Make the classes it holds Serializable or give them a no-arg constructor, or"
      + " configure the cache store-by-reference (MutableConfiguration.setStoreByValue(false)).";

  private final Cache<ClassLoader, KryoPool> pools = Caffeine.newBuilder().weakKeys().softValues().build();

  /** Creates a copier; Kryo instances are created on first use of each class loader. */
  public KryoValueCopier() {}

  /**
   * Returns {@code value} itself when its class is immutable, else a deep copy whose classes are resolved with
   * {@code classLoader} (a class it cannot find is looked up in the loader that loaded Kryo). When {@code
   * classLoader} resolves a class name to a different class than the value's, the copy is an instance of that other
   * class.
   *
   * @throws NullPointerException if {@code value} or {@code classLoader} is null
   * @throws SerializationException if the value cannot be copied; the message names the value's class, the class
   *     that could not be handled and what to do
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> T copy(T value, ClassLoader classLoader) {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(classLoader, "classLoader");
    if (ImmutableTypes.isImmutable(value.getClass())) {
      return value;
    }
    return (T) pools.get(classLoader, this::newPool).copy(value);
  }

  private KryoPool newPool(ClassLoader classLoader) {
    return new KryoPool(classLoader, ClassNameFilter.ALLOW_ALL, Integer.MAX_VALUE, ADVICE); // the caller's own values
  }
}

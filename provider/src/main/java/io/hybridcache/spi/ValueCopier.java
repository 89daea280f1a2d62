package io.hybridcache.spi;

/**
 * Makes independent copies of keys and values for store-by-value caches (the JCache default), so that a caller who
 * mutates an object after {@code put}, or one returned by {@code get}, never changes what the cache holds.
 *
 * <p>Implementations must be thread-safe. Immutable values (strings, boxed primitives, enums, {@code java.time}
 * values...) may be returned as they are; a class that resolves itself on deserialization ({@code readResolve}) must
 * come back resolved, so identity singletons stay singletons.
 */
public interface ValueCopier {

  /**
   * Returns a copy of {@code value} that shares no mutable state with it, or {@code value} itself when it is immutable.
   *
   * @param <T> the type of the result
   * @param value the object to copy; never null
   * @param classLoader the class loader to resolve the copy's classes with
   * @return a copy of {@code value} that shares no mutable state with it, or {@code value} itself when it is immutable
   * @throws SerializationException if the value cannot be copied (the message names its class)
   */
  <T> T copy(T value, ClassLoader classLoader);
}

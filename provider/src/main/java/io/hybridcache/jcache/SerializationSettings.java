package io.hybridcache.jcache;

import io.hybridcache.kryo.ClassAllowList;
import io.hybridcache.kryo.KryoValueSerializer;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The {@code serialization} section of the configuration file: which classes the values (and keys) read from the
 * distributed level may be instances of.
 *
 * @param allowedClasses packages ({@code com.example.}) and classes ({@code com.example.Order}) allowed on top of
 *     {@link ClassAllowList#defaults()}
 * @param allowAnyClass true to trust the distributed level completely and instantiate any class it names
 * @param maxEntrySize the largest entry, in bytes, written to or read from the distributed level
 * @param maxDepth how deeply the objects of a value (or key) may nest, written or read
 */
record SerializationSettings(List<String> allowedClasses, boolean allowAnyClass, int maxEntrySize, int maxDepth) {

  /** The settings when the file has no {@code serialization} section: the built-in allow-list alone, no size limit. */
  static final SerializationSettings BUILT_IN = new SerializationSettings(List.of(), false);

  SerializationSettings {
    allowedClasses = List.copyOf(Objects.requireNonNull(allowedClasses, "allowedClasses must not be null"));
    if (maxEntrySize <= 0) {
      throw new IllegalArgumentException("maxEntrySize must be positive, was " + maxEntrySize);
    }
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be at least 1, was " + maxDepth);
    }
  }

  /** Settings with no limit on entry sizes and the default maximum depth. */
  SerializationSettings(List<String> allowedClasses, boolean allowAnyClass) {
    this(allowedClasses, allowAnyClass, Integer.MAX_VALUE, KryoValueSerializer.DEFAULT_MAX_DEPTH);
  }

  /** The class names values read from the distributed level may hold. */
  Predicate<String> classFilter() {
    return allowAnyClass ? name -> true : ClassAllowList.defaults().allowing(allowedClasses);
  }
}

/**
 * Kryo 5 behind HybridCache's {@link io.hybridcache.spi.ValueCopier} (JCache store-by-value) and {@link
 * io.hybridcache.spi.ValueSerializer} (the distributed level): {@link io.hybridcache.kryo.KryoValueCopier} and
 * {@link io.hybridcache.kryo.KryoValueSerializer}, on one configuration ({@code ConfiguredKryo}).
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Copied:</b> everything mutable, deeply: arrays, {@code java.util.Date} and {@code java.sql.Timestamp}
 *       (nanoseconds kept), collections and maps of every kind the JDK makes ({@code List.of}, {@code Map.of},
 *       {@code Set.of}, {@code Arrays.asList}, the {@code Collections} empty, singleton, unmodifiable and
 *       synchronized ones, sorted ones with their comparator; the checked ones too, through Java serialization, so
 *       their elements must be {@code Serializable}), records, and application classes, with or without a no-arg
 *       constructor, {@code Serializable} or not. Shared references and cycles come back shared and cyclic. A copy of
 *       a collection is of the same class as the original, except a sub-list of a {@code List.of}, which comes back
 *       as a {@code List.of}; an empty immutable one is the JDK's shared empty instance.</li>
 *   <li><b>Not copied</b> (the instance itself is returned): immutable values, decided once per class:
 *       {@code String}, boxed primitives, {@code BigInteger}, {@code BigDecimal}, enums, the {@code java.time} value
 *       types and zones, {@code UUID}, {@code URI}, {@code URL}, {@code Class}, {@code Locale}, {@code Currency},
 *       {@code Pattern}, {@code Path}, {@code Charset}, {@code OptionalInt}/{@code Long}/{@code Double}, plain
 *       {@code Object}, and records whose components can only hold such values. Subclasses of these are copied.</li>
 *   <li><b>Java serialization semantics:</b> a {@code Serializable} application class with {@code readResolve},
 *       {@code writeReplace}, {@code writeObject}, {@code readObject} or {@code readObjectNoData}, and every
 *       {@code Externalizable}, goes through Java serialization inside the Kryo stream, so identity singletons
 *       (Hibernate's {@code UNFETCHED_PROPERTY}) stay the same instance and custom stream logic runs. So do JDK
 *       classes that Kryo could only handle by reflecting into their private fields, so nothing needs {@code
 *       --add-opens}, on JDK 17 and on JDK 25. An object reachable both from inside such an object and from outside
 *       it is copied twice.</li>
 *   <li><b>Refused</b> with a {@link io.hybridcache.spi.SerializationException} that names the value's class, the
 *       class at fault and what to do: a class that is neither {@code Serializable} nor readable field by field
 *       (a {@code Thread}, a JDK-internal view such as {@code HashMap.keySet()}), a lambda or other hidden class,
 *       an application collection with fields of its own that is not {@code Serializable}. Bytes that cannot be
 *       decoded (truncated, corrupt, left-over bytes, a missing or refused class, an impossible declared size) are
 *       refused the same way; no other exception escapes {@code deserialize}.</li>
 *   <li><b>Bounded decoding:</b> {@link io.hybridcache.kryo.KryoValueSerializer} refuses bytes whose objects nest
 *       deeper than its maximum depth (100 by default; values that deep are refused when written too) and bytes whose
 *       hash-based collections would hash, or compare elements with equal hash codes, more than a budget
 *       proportional to the bytes up to a megabyte ({@code HashingWork}; inside Java serialization, {@code
 *       JavaStreamWork}), so nested sets sharing references or a hash collision flood cannot hold a thread for
 *       hours. The copier, which copies the caller's own values, is not bounded.</li>
 *   <li><b>Class loaders:</b> classes are resolved with the class loader given (the copier's argument, the
 *       serializer's constructor argument), then with the one that loaded Kryo. The copier keeps one pool per class
 *       loader, the loader weakly and the pool softly; a pool keeps the classes it has seen only if its loader could
 *       keep them alive anyway.</li>
 *   <li><b>Threads:</b> both public classes are thread-safe. Kryo instances are not, so they are pooled ({@code
 *       com.esotericsoftware.kryo.util.Pool}); one is borrowed per call and dropped if the call failed.</li>
 * </ul>
 *
 * <p>On JDK 24 and later, Kryo 5.6.2 itself makes the JVM print a one-time warning about {@code sun.misc.Unsafe};
 * {@code -Dkryo.unsafe=false} makes Kryo use plain reflection instead and silences it.
 */
package io.hybridcache.kryo;

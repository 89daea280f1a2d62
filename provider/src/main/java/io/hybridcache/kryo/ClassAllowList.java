package io.hybridcache.kryo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The classes bytes read from the distributed level may name, for {@link KryoValueSerializer#KryoValueSerializer(
 * ClassLoader, Predicate)}: anyone who can write to Redis can write bytes, so only classes known to be plain data are
 * instantiated, and a tampered entry naming any other class is refused (a miss, logged and counted) before the class
 * is even loaded.
 *
 * <p>{@link #defaults()} holds the JDK's value types and collections ({@code java.lang} boxes and {@code String},
 * {@code java.math}, {@code java.time}, {@code java.sql} dates, the {@code java.util} and {@code java.util.concurrent}
 * collections and their immutable and wrapped forms, {@code UUID}, {@code Locale}, {@code Currency}, {@code URI}),
 * Hibernate's second-level cache items ({@code org.hibernate.cache.*} and the placeholders they carry) and Spring's
 * cache classes ({@code NullValue}, the placeholder of a cached null, and {@code SimpleKey}, the key of a method with
 * several parameters or none). An
 * application adds its own value classes with {@link #allowing}: an entry ending in {@code .} is a package and its
 * subpackages ({@code com.example.}), any other entry one class and its nested classes ({@code com.example.Order}
 * also allows {@code com.example.Order$Line}).
 */
public final class ClassAllowList implements Predicate<String> {
  private static final List<String> JDK = List.of(
      "java.lang.String", "java.lang.Boolean", "java.lang.Byte", "java.lang.Short", "java.lang.Integer",
      "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Character", "java.lang.Number",
      "java.lang.Object", "java.lang.String$CaseInsensitiveComparator", "java.io.Serializable",
      "java.math.", "java.time.",
      "java.sql.Date", "java.sql.Time", "java.sql.Timestamp",
      "java.net.URI",
      "java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque", "java.util.Vector",
      "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.IdentityHashMap",
      "java.util.EnumMap", "java.util.Hashtable", "java.util.Properties",
      "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.EnumSet",
      "java.util.RegularEnumSet", "java.util.JumboEnumSet", "java.util.BitSet",
      "java.util.Collections$", "java.util.ImmutableCollections$", "java.util.Arrays$ArrayList",
      "java.util.UUID", "java.util.Date", "java.util.Locale", "java.util.Currency", "java.util.Optional",
      "java.util.OptionalInt", "java.util.OptionalLong", "java.util.OptionalDouble",
      "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.ConcurrentSkipListMap",
      "java.util.concurrent.ConcurrentSkipListSet", "java.util.concurrent.CopyOnWriteArrayList",
      "java.util.concurrent.CopyOnWriteArraySet");
  private static final List<String> HIBERNATE = List.of(
      "org.hibernate.cache.",
      "org.hibernate.property.access.internal.PropertyAccessStrategyBackRefImpl",
      "org.hibernate.engine.spi.CollectionKey", "org.hibernate.engine.spi.EntityKey");
  /**
   * What Spring's cache abstraction stores: the placeholder of a cached null, and the key its default key generator
   * makes of several method parameters (or none); a single parameter is its own key, listed or not on its own.
   */
  private static final List<String> SPRING = List.of(
      "org.springframework.cache.support.NullValue", "org.springframework.cache.interceptor.SimpleKey");
  private static final ClassAllowList DEFAULTS = new ClassAllowList(concat(JDK, concat(HIBERNATE, SPRING)));

  private final List<String> packages;
  private final List<String> classes;

  private ClassAllowList(List<String> entries) {
    List<String> p = new ArrayList<>();
    List<String> c = new ArrayList<>();
    for (String entry : entries) {
      (entry.endsWith(".") || entry.endsWith("$") ? p : c).add(entry);
    }
    this.packages = List.copyOf(p);
    this.classes = List.copyOf(c);
  }

  /** {@return the JDK's value types and collections, Hibernate's cache items and Spring's cache classes} */
  public static ClassAllowList defaults() {
    return DEFAULTS;
  }

  /**
   * This list and {@code entries}: packages ({@code com.example.}) and classes ({@code com.example.Order}).
   *
   * @param entries the package and class names to add
   * @return a new list holding this one and {@code entries}
   * @throws NullPointerException if {@code entries} or one of them is null
   * @throws IllegalArgumentException if an entry is blank, holds whitespace, or is a bare {@code .}
   */
  public ClassAllowList allowing(Collection<String> entries) {
    Objects.requireNonNull(entries, "entries must not be null");
    List<String> all = new ArrayList<>(packages);
    all.addAll(classes);
    for (String entry : entries) {
      Objects.requireNonNull(entry, "an allowed class or package must not be null");
      if (entry.isBlank() || entry.equals(".") || entry.codePoints().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("an allowed class or package must be a class name (com.example.Order) or"
            + " a package ending with a dot (com.example.), was '" + entry + "'");
      }
      all.add(entry);
    }
    return new ClassAllowList(all);
  }

  /** Whether the class with binary name {@code className} may be instantiated from the distributed level's bytes. */
  @Override
  public boolean test(String className) {
    for (String p : packages) {
      if (className.startsWith(p)) {
        return true;
      }
    }
    for (String c : classes) {
      if (className.equals(c) || (className.startsWith(c) && className.charAt(c.length()) == '$')) {
        return true;
      }
    }
    return false;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}

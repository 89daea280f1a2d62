package io.hybridcache.kryo;

import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Decides which classes bytes written elsewhere may name. The predicate sees binary class names ({@code
 * com.example.Order}, {@code com.example.Order$Line}); an array is judged by its element class, and primitive types
 * are always allowed.
 */
final class ClassNameFilter {
  static final ClassNameFilter ALLOW_ALL = new ClassNameFilter(name -> true);

  private static final Set<String> PRIMITIVES =
      Set.of("boolean", "byte", "char", "short", "int", "long", "float", "double", "void");

  private final Predicate<String> allowed;

  ClassNameFilter(Predicate<String> allowed) {
    this.allowed = Objects.requireNonNull(allowed, "allowedClassNames");
  }

  /** Whether a class named {@code className} ({@link Class#getName()} form) may be loaded. */
  boolean allows(String className) {
    if (this == ALLOW_ALL) {
      return true;
    }
    String element = elementName(className);
    return element == null || PRIMITIVES.contains(element) || allowed.test(element);
  }

  /** The element class name of an array name ({@code [[Lcom.x.A;} gives {@code com.x.A}), null for primitives. */
  private static String elementName(String className) {
    int dimensions = 0;
    while (dimensions < className.length() && className.charAt(dimensions) == '[') {
      dimensions++;
    }
    if (dimensions == 0 || dimensions == className.length()) {
      return className;
    }
    boolean objectArray = className.charAt(dimensions) == 'L' && className.endsWith(";");
    return objectArray ? className.substring(dimensions + 1, className.length() - 1) : null;
  }
}

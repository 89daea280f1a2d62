package io.hybridcache.jcache;

import java.math.BigInteger;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One mapping of a configuration file, read key by key with typed getters. It knows the file and the path of its keys,
 * so every problem it reports ({@link ConfigFileException}) names the file, the full key path, what was expected and
 * what was found.
 *
 * <p>A key written with no value is an empty section when read as a section, and a problem when read as a scalar.
 */
final class YamlSection {
  private final String file;
  private final String path;
  private final Map<String, Object> values;

  private YamlSection(String file, String path, Map<String, Object> values) {
    this.file = file;
    this.path = path;
    this.values = values;
  }

  /** The top of a document as SnakeYAML loaded it: a mapping, or {@code null} for an empty file. */
  static YamlSection root(String file, Object document) {
    return of(file, "", document);
  }

  private static YamlSection of(String file, String path, Object value) {
    if (value == null) {
      return new YamlSection(file, path, Map.of());
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw ConfigFileException.at(file, path, "expected a map of keys, was " + describe(value));
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw ConfigFileException.at(file, path, "key " + e.getKey() + " is " + describe(e.getKey())
            + ", keys must be text; quote it: \"" + e.getKey() + "\"");
      }
      values.put(key, e.getValue());
    }
    return new YamlSection(file, path, Collections.unmodifiableMap(values));
  }

  /** The file, as messages name it. */
  String file() {
    return file;
  }

  /** The path of this section's keys, empty at the top of the file. */
  String path() {
    return path;
  }

  /** The keys written in this section, in file order. */
  Set<String> keys() {
    return values.keySet();
  }

  /** The keys and values of this section as loaded, in file order (unmodifiable). */
  Map<String, Object> asMap() {
    return values;
  }

  boolean has(String key) {
    return values.containsKey(key);
  }

  /**
   * Fails on the first key that is not in {@code known}, listing the known keys and suggesting the closest one.
   */
  void requireKnownKeys(Collection<String> known) {
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        String hint = ClosestName.of(key, known).map(k -> "did you mean \"" + k + "\"? ").orElse("");
        throw error(key, "unknown key; " + hint + "known keys here: " + String.join(", ", known));
      }
    }
  }

  /** The mapping under {@code key}; empty when the key is absent or has no value. */
  YamlSection section(String key) {
    return of(file, pathOf(key), values.get(key));
  }

  /** The value under {@code key} exactly as loaded (maps, lists, strings, numbers, booleans); null when absent. */
  Object raw(String key) {
    return values.get(key);
  }

  /** The text under {@code key}. */
  String text(String key) {
    if (value(key, "text") instanceof String s) {
      return s;
    }
    throw wrongType(key, "text (quote it if it looks like a number or a boolean)");
  }

  /** The boolean under {@code key} ({@code true} or {@code false}). */
  boolean bool(String key) {
    if (value(key, "true or false") instanceof Boolean b) {
      return b;
    }
    throw wrongType(key, "true or false");
  }

  /** The whole number under {@code key}, which must be positive. */
  long positiveLong(String key) {
    long n = wholeNumber(key);
    if (n <= 0) {
      throw error(key, "must be positive, was " + n);
    }
    return n;
  }

  /** The whole number under {@code key}, which must fit in a {@code long}. */
  long wholeNumber(String key) {
    Object v = value(key, "a whole number");
    if (v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger) {
      throw error(key, "the number " + v + " is too large, the largest is " + Long.MAX_VALUE);
    }
    throw wrongType(key, "a whole number");
  }

  /** The number under {@code key}, whole or decimal. */
  double number(String key) {
    if (value(key, "a number") instanceof Number n) {
      return n.doubleValue();
    }
    throw wrongType(key, "a number");
  }

  /** Whether the value under {@code key} is the given word, such as {@code none}. */
  boolean isWord(String key, String word) {
    return values.get(key) instanceof String s && s.trim().equals(word);
  }

  /**
   * The duration under {@code key}, read by {@code parser} (one of {@link DurationText}'s methods); a bare number is
   * handed to the parser as text, so it can say that a unit is missing.
   */
  <T> T duration(String key, Function<String, T> parser) {
    Object v = value(key, "a duration");
    if (!(v instanceof String || v instanceof Integer || v instanceof Long)) {
      throw wrongType(key, "a duration such as 5s");
    }
    try {
      return parser.apply(v.toString());
    } catch (IllegalArgumentException e) {
      throw error(key, e.getMessage());
    }
  }

  /** A problem with the value under {@code key}. */
  ConfigFileException error(String key, String problem) {
    return ConfigFileException.at(file, pathOf(key), problem);
  }

  /** A problem with this section as a whole. */
  ConfigFileException error(String problem) {
    return ConfigFileException.at(file, path, problem);
  }

  private Object value(String key, String expected) {
    Object v = values.get(key);
    if (v == null) {
      throw error(key, "has no value; write " + expected + " or remove the key");
    }
    return v;
  }

  private ConfigFileException wrongType(String key, String expected) {
    return error(key, "expected " + expected + ", was " + describe(values.get(key)));
  }

  private String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String describe(Object value) {
    if (value instanceof Map) {
      return "a map";
    }
    if (value instanceof List) {
      return "a list";
    }
    if (value instanceof String s) {
      return "the text \"" + s + "\"";
    }
    if (value instanceof Boolean b) {
      return "the boolean " + b;
    }
    if (value instanceof Number n) {
      return "the number " + n;
    }
    return "a " + value.getClass().getSimpleName() + " (" + value + ")";
  }
}

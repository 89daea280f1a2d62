package io.hybridcache.kryo;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The objects one object refers to directly, as far as computing its hash code can reach them: the elements of an
 * object array or a collection, the keys and values of a map or a map entry, and the non-null reference fields of
 * an application object (its class and superclasses up to the JDK's). A primitive array refers to nothing, nor does
 * an enum constant (its hash code is its identity's), nor any other JDK object (a {@code String}, a box, a {@code
 * java.time} value): its fields cannot be read without {@code --add-opens}, and the JDK classes the allow-list
 * admits that hash what they hold are collections, maps or map entries. A field that cannot be made accessible (an
 * application class in a named module that is not open) is skipped.
 */
final class DirectReferences {
  private DirectReferences() {}

  private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
    @Override
    protected Field[] computeValue(Class<?> type) {
      List<Field> fields = new ArrayList<>();
      for (Class<?> c = type; c != null && !JavaSerializationRules.isPlatform(c); c = c.getSuperclass()) {
        for (Field field : c.getDeclaredFields()) {
          if (!Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive() && field.trySetAccessible()) {
            fields.add(field);
          }
        }
      }
      return fields.toArray(new Field[0]);
    }
  };

  /** Hands every object {@code object} refers to directly to {@code visitor}, nulls left out. */
  static void forEach(Object object, Consumer<Object> visitor) {
    if (object instanceof Object[] array) {
      for (Object element : array) {
        visit(element, visitor);
      }
    } else if (object instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        visit(entry.getKey(), visitor);
        visit(entry.getValue(), visitor);
      }
    } else if (object instanceof Collection<?> collection) {
      for (Object element : collection) {
        visit(element, visitor);
      }
    } else if (object instanceof Map.Entry<?, ?> entry) {
      visit(entry.getKey(), visitor);
      visit(entry.getValue(), visitor);
    } else if (!object.getClass().isArray() && !(object instanceof Enum)
        && !JavaSerializationRules.isPlatform(object.getClass())) {
      for (Field field : FIELDS.get(object.getClass())) {
        try {
          visit(field.get(object), visitor);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("field " + field + " was made accessible", e);
        }
      }
    }
  }

  private static void visit(Object child, Consumer<Object> visitor) {
    if (child != null) {
      visitor.accept(child);
    }
  }
}

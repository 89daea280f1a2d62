package io.hybridcache.kryo;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import java.io.Externalizable;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * When Java serialization must stand in for the serializer Kryo would pick, decided once per class (Kryo keeps the
 * answer in the class's registration).
 *
 * <ol>
 *   <li>An application class that defines its own serialization ({@code writeReplace}, {@code readResolve},
 *       {@code writeObject}, {@code readObject}, {@code readObjectNoData}, or {@code Externalizable}) gets exactly the
 *       semantics its author wrote, unless it opted into Kryo ({@link KryoSerializable}, {@link DefaultSerializer}).
 *       This is what keeps identity singletons singletons.</li>
 *   <li>A JDK class that Kryo would serialize generically, field by field or as a plain collection or map, is only
 *       left to Kryo when that is sound: a public collection or map with a public no-arg constructor and no
 *       comparator. Anything else (internal view classes, singletons such as {@code Collections.reverseOrder()},
 *       classes whose fields the module system hides) goes through Java serialization, which every JDK class
 *       supports without {@code --add-opens}.</li>
 *   <li>An application collection or map with fields of its own would lose them in Kryo's collection serializer,
 *       so it goes through Java serialization too.</li>
 * </ol>
 *
 * Java serialization needs {@link Serializable}; where a class is not, {@link #unsupported} explains why it cannot be
 * serialized at all.
 */
final class JavaSerializationRules {
  private JavaSerializationRules() {}

  /** Rule 1: the class defines how it is serialized, so Java serialization is used before Kryo is even asked. */
  static boolean definesOwnSerialization(Class<?> type) {
    if (isPlatform(type) || !Serializable.class.isAssignableFrom(type) || type.isEnum()
        || KryoSerializable.class.isAssignableFrom(type) || type.isAnnotationPresent(DefaultSerializer.class)) {
      return false;
    }
    if (Externalizable.class.isAssignableFrom(type)) {
      return true;
    }
    for (Class<?> c = type; c != null && !isPlatform(c); c = c.getSuperclass()) {
      if (declaresSerializationMethod(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Rules 2 and 3: Kryo chose {@code serializer} for {@code type}, but it would not round-trip it faithfully. A JDK
   * class without fields and not Serializable ({@code new Object()} used as a lock) stays with Kryo.
   */
  static boolean distrusts(Class<?> type, Serializer<?> serializer) {
    Class<?> kind = serializer.getClass();
    boolean generic = kind == FieldSerializer.class || kind == CollectionSerializer.class || kind == MapSerializer.class;
    if (!generic || type.isArray()) {
      return false;
    }
    if (isPlatform(type)) {
      return kind == FieldSerializer.class ? Serializable.class.isAssignableFrom(type) : !isPlainContainer(type);
    }
    return kind != FieldSerializer.class && declaresInstanceFields(type);
  }

  /** Why {@code type} can be serialized neither by Kryo nor by Java serialization. */
  static String unsupported(Class<?> type, Throwable kryoFailure) {
    String name = type.getName();
    if (kryoFailure != null) {
      return name + " is not Serializable and Kryo cannot serialize it field by field (" + kryoFailure.getMessage()
          + ")";
    }
    if (isPlatform(type)) {
      return name + " is a JDK class that is not Serializable and whose internals are not accessible";
    }
    return name + " is a collection or map with fields of its own, which Kryo would drop, and it is not Serializable";
  }

  /** Whether the class is part of the JDK (boot or platform class loader). */
  static boolean isPlatform(Class<?> type) {
    ClassLoader loader = type.getClassLoader();
    return loader == null || loader == ClassLoader.getPlatformClassLoader();
  }

  private static boolean isPlainContainer(Class<?> type) {
    if (!Modifier.isPublic(type.getModifiers()) || SortedSet.class.isAssignableFrom(type)
        || SortedMap.class.isAssignableFrom(type)) {
      return false;
    }
    for (Constructor<?> constructor : type.getConstructors()) {
      if (constructor.getParameterCount() == 0) {
        return Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type);
      }
    }
    return false;
  }

  private static boolean declaresInstanceFields(Class<?> type) {
    for (Class<?> c = type; c != null && !isPlatform(c); c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (!Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers) && !field.isSynthetic()) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean declaresSerializationMethod(Class<?> c) {
    for (Method method : c.getDeclaredMethods()) {
      if (Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      Class<?>[] parameters = method.getParameterTypes();
      switch (method.getName()) {
        case "writeReplace", "readResolve", "readObjectNoData" -> {
          if (parameters.length == 0) {
            return true;
          }
        }
        case "writeObject" -> {
          if (parameters.length == 1 && parameters[0] == ObjectOutputStream.class) {
            return true;
          }
        }
        case "readObject" -> {
          if (parameters.length == 1 && parameters[0] == ObjectInputStream.class) {
            return true;
          }
        }
        default -> { }
      }
    }
    return false;
  }
}

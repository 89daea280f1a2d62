package io.hybridcache.kryo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A class loader that defines the named classes itself, from the test class path, so they are distinct from the
 * application's classes of the same name; everything else it delegates to its parent. It records every class it is
 * asked to load by name.
 */
final class IsolatingClassLoader extends ClassLoader {
  private final Set<String> isolated;
  final List<String> requested = new CopyOnWriteArrayList<>();

  IsolatingClassLoader(String... isolated) {
    super("isolating", IsolatingClassLoader.class.getClassLoader());
    this.isolated = Set.of(isolated);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    requested.add(name);
    if (!isolated.contains(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        byte[] bytes = bytesOf(name);
        loaded = defineClass(name, bytes, 0, bytes.length);
      }
      return loaded;
    }
  }

  private byte[] bytesOf(String name) {
    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new instance of the named class, as this loader defines it. */
  Object newInstance(String name) throws ReflectiveOperationException {
    return Class.forName(name, true, this).getDeclaredConstructor().newInstance();
  }
}

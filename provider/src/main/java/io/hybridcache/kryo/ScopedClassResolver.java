package io.hybridcache.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.IdentityMap;

/**
 * Kryo's class resolver for one class loader, with two differences from the default one.
 *
 * <ul>
 *   <li>Class names read from a stream must pass a {@link ClassNameFilter} before anything is loaded.</li>
 *   <li>Registrations (a class and its serializer) are kept for the life of the Kryo instance only for classes its
 *       class loader can keep alive anyway: those of that loader and its parents, of the platform, and of the loader
 *       that loaded Kryo. A class from anywhere else (a value of another application written through this pool) is
 *       registered for the current object graph only, so a long-lived pool never pins a foreign class loader.</li>
 * </ul>
 */
final class ScopedClassResolver extends DefaultClassResolver {
  private final ClassNameFilter filter;
  private final IdentityMap<Class<?>, Registration> graphRegistrations = new IdentityMap<>();

  ScopedClassResolver(ClassNameFilter filter) {
    this.filter = filter;
  }

  @Override
  protected Class<?> getTypeByName(String className) {
    if (!filter.allows(className)) {
      throw new KryoException("Class is not allowed: " + className);
    }
    return super.getTypeByName(className);
  }

  @Override
  @SuppressWarnings("rawtypes") // Kryo's signature
  public Registration registerImplicit(Class type) {
    if (isInScope(type)) {
      return super.registerImplicit(type);
    }
    Registration registration = new Registration(type, kryo.getDefaultSerializer(type), NAME);
    graphRegistrations.put(type, registration);
    return registration;
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Registration getRegistration(Class type) {
    Registration registration = super.getRegistration(type);
    return registration != null ? registration : graphRegistrations.get(type);
  }

  @Override
  public void reset() {
    super.reset();
    if (graphRegistrations.size != 0) {
      graphRegistrations.clear();
    }
  }

  private boolean isInScope(Class<?> type) {
    ClassLoader loader = type.getClassLoader();
    return loader == null
        || loader == ClassLoader.getPlatformClassLoader()
        || isSelfOrAncestor(loader, kryo.getClassLoader())
        || isSelfOrAncestor(loader, Kryo.class.getClassLoader());
  }

  private static boolean isSelfOrAncestor(ClassLoader candidate, ClassLoader loader) {
    for (ClassLoader l = loader; l != null; l = l.getParent()) {
      if (l == candidate) {
        return true;
      }
    }
    return false;
  }
}

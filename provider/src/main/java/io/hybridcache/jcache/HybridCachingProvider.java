package io.hybridcache.jcache;

import io.hybridcache.kryo.KryoValueCopier;
import io.hybridcache.spi.ValueCopier;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * The HybridCache JSR-107 {@link CachingProvider}, found by {@code Caching.getCachingProvider()} through
 * {@code META-INF/services}.
 *
 * <p>It keeps one {@link HybridCacheManager} per URI and class loader; each manager is one node. A manager's URI names
 * its YAML configuration file ({@code classpath:}, {@code file:} or {@code jar:}); the {@linkplain #getDefaultURI()
 * default URI} reads the file named by the system property {@code hybridcache.config} or the environment variable
 * {@code HYBRIDCACHE_CONFIG}, and with neither runs on built-in defaults (L1 only, bounded). Store-by-reference is
 * supported.
 */
public final class HybridCachingProvider implements CachingProvider {
  /** The URI of the default cache manager. */
  public static final URI DEFAULT_URI = URI.create("hybridcache:default");

  private final Map<ClassLoader, Map<URI, HybridCacheManager>> managers = new WeakHashMap<>();
  private final ValueCopier copier = new KryoValueCopier();

  /** Creates the provider (the service loader does; applications use {@code Caching.getCachingProvider()}). */
  public HybridCachingProvider() {}

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    Properties props = properties == null ? new Properties() : properties;
    synchronized (managers) {
      Map<URI, HybridCacheManager> byUri = managers.computeIfAbsent(loader, l -> new HashMap<>());
      HybridCacheManager manager = byUri.get(managerUri);
      if (manager == null) {
        manager = new HybridCacheManager(this, managerUri, loader, props, settings(managerUri, loader),
            copier);
        byUri.put(managerUri, manager);
      }
      return manager;
    }
  }

  private ManagerSettings settings(URI uri, ClassLoader loader) {
    return ConfigFile.load(uri, getDefaultURI(), loader);
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    return getClass().getClassLoader();
  }

  @Override
  public URI getDefaultURI() {
    return DEFAULT_URI;
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, getDefaultProperties());
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader());
  }

  /** Closes every manager this provider made. */
  @Override
  public void close() {
    for (HybridCacheManager manager : snapshot(null)) {
      manager.close();
    }
  }

  @Override
  public void close(ClassLoader classLoader) {
    for (HybridCacheManager manager : snapshot(classLoader == null ? getDefaultClassLoader() : classLoader)) {
      manager.close();
    }
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    URI managerUri = uri == null ? getDefaultURI() : uri;
    HybridCacheManager manager;
    synchronized (managers) {
      Map<URI, HybridCacheManager> byUri = managers.get(loader);
      manager = byUri == null ? null : byUri.get(managerUri);
    }
    if (manager != null) {
      manager.close();
    }
  }

  @Override
  public boolean isSupported(OptionalFeature optionalFeature) {
    return optionalFeature == OptionalFeature.STORE_BY_REFERENCE;
  }

  private List<HybridCacheManager> snapshot(ClassLoader only) {
    List<HybridCacheManager> all = new ArrayList<>();
    synchronized (managers) {
      for (Map.Entry<ClassLoader, Map<URI, HybridCacheManager>> e : managers.entrySet()) {
        if (only == null || e.getKey() == only) {
          all.addAll(e.getValue().values());
        }
      }
    }
    return all;
  }

  /** Called by a manager that closes. */
  void forget(HybridCacheManager manager) {
    synchronized (managers) {
      Map<URI, HybridCacheManager> byUri = managers.get(manager.getClassLoader());
      if (byUri != null) {
        byUri.remove(manager.getURI(), manager);
        if (byUri.isEmpty()) {
          managers.remove(manager.getClassLoader());
        }
      }
    }
  }
}

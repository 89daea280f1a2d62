package io.hybridcache.spring;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.cache.configuration.MutableConfiguration;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * Spring's {@link CacheManager} over one HybridCache JCache manager (one node): each Spring cache is a
 * {@link HybridSpringCache} over the JCache cache of its name, which gets the configuration file's settings for that
 * name (its {@code caches.<name>} section, else its {@code defaults}).
 *
 * <p>With cache names given, those caches are created at once and no other name is: {@link #getCache(String)} returns
 * null for it, as Spring's other managers do with fixed names. Without names, a cache is created on first use.
 * {@link #close()} closes the JCache manager and with it the node's connections.
 */
public final class HybridSpringCacheManager implements CacheManager, AutoCloseable {
  private final javax.cache.CacheManager jcacheManager;
  /** The JCache manager's class loader, which it holds weakly: held here as long as the manager is used. */
  private final ClassLoader classLoader;
  private final boolean allowNullValues;
  private final boolean dynamic;
  private final Map<String, HybridSpringCache> caches = new ConcurrentHashMap<>();
  private final List<Consumer<HybridSpringCache>> creationListeners = new CopyOnWriteArrayList<>();

  /**
   * A manager over {@code jcacheManager}, which it closes in {@link #close()}.
   *
   * @param cacheNames the only caches, created now; empty: any name, each created on first use
   * @param allowNullValues whether a null value is cached (as Spring's {@code NullValue}) or refused
   * @throws NullPointerException if {@code jcacheManager} or {@code cacheNames} (or a name in it) is null
   */
  public HybridSpringCacheManager(javax.cache.CacheManager jcacheManager, Collection<String> cacheNames,
      boolean allowNullValues) {
    this.jcacheManager = Objects.requireNonNull(jcacheManager, "jcacheManager must not be null");
    this.classLoader = jcacheManager.getClassLoader();
    this.allowNullValues = allowNullValues;
    this.dynamic = cacheNames.isEmpty();
    for (String name : cacheNames) {
      caches.put(name, create(Objects.requireNonNull(name, "a cache name must not be null")));
    }
  }

  /**
   * The cache {@code name}; created on first use unless cache names were given, in which case an unknown name is null.
   */
  @Override
  public Cache getCache(String name) {
    Objects.requireNonNull(name, "name must not be null");
    HybridSpringCache cache = caches.get(name);
    if (cache != null || !dynamic) {
      return cache;
    }
    boolean[] created = {false};
    cache = caches.computeIfAbsent(name, n -> {
      created[0] = true;
      return create(n);
    });
    if (created[0]) {
      creationListeners.forEach(l -> l.accept(caches.get(name)));
    }
    return cache;
  }

  /** The names of the caches created so far (all of them when names were given). */
  @Override
  public Collection<String> getCacheNames() {
    return List.copyOf(caches.keySet());
  }

  /** The JCache manager (the node) under the Spring caches. */
  public javax.cache.CacheManager getJCacheManager() {
    return jcacheManager;
  }

  /**
   * Calls {@code listener} with every cache created from now on (not the ones already there: see
   * {@link #getCacheNames()}); how metrics bind the caches created on first use.
   */
  public void onCacheCreated(Consumer<HybridSpringCache> listener) {
    creationListeners.add(Objects.requireNonNull(listener, "listener must not be null"));
  }

  /** Closes the JCache manager: its caches, background work and connections. Calls after the first do nothing. */
  @Override
  public void close() {
    jcacheManager.close();
  }

  private HybridSpringCache create(String name) {
    javax.cache.Cache<Object, Object> jcache = jcacheManager.getCache(name);
    if (jcache == null) {
      jcache = jcacheManager.createCache(name, new MutableConfiguration<>());
    }
    return new HybridSpringCache(jcache, allowNullValues);
  }

  @Override
  public String toString() {
    return "HybridSpringCacheManager{" + jcacheManager.getURI() + ", loader=" + classLoader + ", caches="
        + caches.keySet() + '}';
  }
}

package io.hybridcache.jcache;

import io.hybridcache.EntryOptions;
import io.hybridcache.HybridCacheConfiguration;
import io.hybridcache.HybridCacheNodeStats;
import io.hybridcache.engine.BackgroundTasks;
import io.hybridcache.engine.HybridCacheEngine;
import io.hybridcache.engine.HybridCacheEngineBuilder;
import io.hybridcache.engine.TimeSource;
import io.hybridcache.spi.ValueCopier;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;

/**
 * A JSR-107 {@link CacheManager}: one node of HybridCache. It owns its caches, their background executor and its
 * configuration file (named by its URI; see {@link HybridCachingProvider}). Caches created on the fly, with a plain
 * {@code MutableConfiguration}, get the file's {@code defaults} (bounded: 10,000 entries and a 30 s duration unless
 * the file says otherwise); a cache named under {@code caches:} gets its own settings, and {@link #getCache(String)}
 * creates it on first use.
 */
public final class HybridCacheManager implements CacheManager {
  /**
   * A manager property whose value, a {@link TimeSource} instance, replaces the system clock of every cache the
   * manager creates (tests advance a fake clock instead of sleeping).
   */
  public static final String TIME_SOURCE_PROPERTY = "io.hybridcache.timeSource";

  /**
   * A manager property whose value, a {@link io.hybridcache.spi.DistributedLevel} instance, is the distributed level
   * of every cache the manager creates, instead of the one the configuration file's {@code redis} section describes.
   * The manager does not close it.
   */
  public static final String DISTRIBUTED_LEVEL_PROPERTY = "io.hybridcache.distributedLevel";

  /**
   * A manager property whose value, a {@link io.hybridcache.spi.Backplane} instance, is the backplane of the manager,
   * instead of the one the configuration file's {@code redis} section describes. The manager does not close it.
   */
  public static final String BACKPLANE_PROPERTY = "io.hybridcache.backplane";

  /**
   * A manager property whose value, a {@link io.hybridcache.spi.DistributedLocker} instance, turns distributed locking
   * on with that locker (with a distributed level given by {@link #DISTRIBUTED_LEVEL_PROPERTY}), instead of the file's
   * {@code distributedLocking} switch. The manager does not close it.
   */
  public static final String DISTRIBUTED_LOCKER_PROPERTY = "io.hybridcache.distributedLocker";

  /**
   * A manager property whose value, an {@link io.hybridcache.spi.OperationObserver} instance, sees the factory runs
   * and the distributed-level calls of the manager's caches start and end (tracing; {@code hybridcache-micrometer}
   * has one for Micrometer's observations). None unless given.
   */
  public static final String OBSERVER_PROPERTY = "io.hybridcache.observer";

  /** A manager property naming this node on the backplane (a random UUID unless given). */
  public static final String NODE_ID_PROPERTY = "io.hybridcache.nodeId";

  private final HybridCachingProvider provider;
  private final URI uri;
  private final WeakReference<ClassLoader> classLoader;
  private final Properties properties;
  private final ManagerSettings settings;
  private final ValueCopier copier;
  private final BackgroundTasks background = BackgroundTasks.defaults();
  private final Executor executor = ForkJoinPool.commonPool();
  private final Map<String, HybridJCache<?, ?>> caches = new ConcurrentHashMap<>();
  private final TimeSource timeSource;
  private final NodeConnections connections;
  private volatile boolean closed;

  HybridCacheManager(HybridCachingProvider provider, URI uri, ClassLoader classLoader, Properties properties,
      ManagerSettings settings, ValueCopier copier) {
    this.provider = provider;
    this.uri = uri;
    this.classLoader = new WeakReference<>(classLoader);
    this.properties = properties;
    this.settings = settings;
    this.copier = copier;
    Object time = properties.get(TIME_SOURCE_PROPERTY);
    this.timeSource = time instanceof TimeSource ? (TimeSource) time : null;
    this.connections = NodeConnections.open(uri, settings, properties, classLoader);
  }

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    return classLoader.get();
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cache name must not be null");
    Objects.requireNonNull(configuration, "configuration must not be null");
    synchronized (caches) {
      if (caches.containsKey(cacheName)) {
        throw new CacheException("cache '" + cacheName + "' already exists in cache manager " + uri
            + "; get it with getCache, or destroyCache it first");
      }
      return create(cacheName, copyOf(configuration));
    }
  }

  /**
   * Creates a cache: the configuration file's settings for its name, overridden by what a
   * {@link HybridCacheConfiguration} sets (entry options, size or weight bound). Statistics and management are on
   * when the file or the configuration turns them on (a configuration's {@code false} is the JSR's default, which
   * cannot be told from a choice, so it does not turn off what the file turns on).
   */
  private <K, V> HybridJCache<K, V> create(String cacheName, HybridCacheConfiguration<K, V> configuration) {
    CacheSettings cache = settings.cache(cacheName);
    HybridCacheEngineBuilder<K, V> engine = HybridCacheEngine.<K, V>builder(cacheName).backgroundTasks(background)
        .maxTagsPerEntry(cache.maxTagsPerEntry()).observer(connections.observer());
    if (timeSource != null) {
      engine.timeSource(timeSource);
    }
    if (connections.node() != null) {
      engine.cluster(connections.node())
          .distributedLevelEnabled(cache.distributedLevel() && configuration.isDistributedLevelEnabled())
          .backplaneEnabled(cache.backplane() && configuration.isBackplaneEnabled())
          .tagRemoval(cache.tagRemoval());
    }
    if (configuration.getMaximumWeight().isPresent()) {
      engine.maximumWeight(configuration.getMaximumWeight().getAsLong());
    } else if (configuration.getMaximumSize().isPresent()) {
      engine.maximumSize(configuration.getMaximumSize().getAsLong());
    } else if (cache.maximumWeight().isPresent()) {
      engine.maximumWeight(cache.maximumWeight().getAsLong());
    } else if (cache.maximumSize().isPresent()) {
      engine.maximumSize(cache.maximumSize().getAsLong());
    }
    if (cache.statisticsEnabled()) {
      configuration.setStatisticsEnabled(true);
    }
    if (cache.managementEnabled()) {
      configuration.setManagementEnabled(true);
    }
    EntryOptions options = configuration.getDefaultEntryOptions().orElse(cache.options());
    HybridJCache<K, V> created = new HybridJCache<>(this, cacheName, configuration, engine, options, copier, executor);
    caches.put(cacheName, created);
    if (configuration.isManagementEnabled()) {
      created.enableManagement(true);
    }
    if (configuration.isStatisticsEnabled()) {
      created.enableStatistics(true);
    }
    return created;
  }

  private static <K, V> HybridCacheConfiguration<K, V> copyOf(Configuration<K, V> configuration) {
    if (configuration instanceof CompleteConfiguration) {
      return new HybridCacheConfiguration<>((CompleteConfiguration<K, V>) configuration);
    }
    HybridCacheConfiguration<K, V> copy = new HybridCacheConfiguration<>();
    copy.setTypes(configuration.getKeyType(), configuration.getValueType());
    copy.setStoreByValue(configuration.isStoreByValue());
    return copy;
  }

  @Override
  public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
    requireOpen();
    Objects.requireNonNull(keyType, "keyType must not be null");
    Objects.requireNonNull(valueType, "valueType must not be null");
    Cache<K, V> cache = getCache(cacheName);
    if (cache == null) {
      return null;
    }
    @SuppressWarnings("unchecked")
    CompleteConfiguration<K, V> config = cache.getConfiguration(CompleteConfiguration.class);
    if (!config.getKeyType().equals(keyType) || !config.getValueType().equals(valueType)) {
      throw new ClassCastException("cache '" + cacheName + "' is configured for " + config.getKeyType().getName()
          + " -> " + config.getValueType().getName() + ", not " + keyType.getName() + " -> " + valueType.getName());
    }
    return cache;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Cache<K, V> getCache(String cacheName) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cache name must not be null");
    HybridJCache<?, ?> cache = caches.get(cacheName);
    if (cache == null && settings.caches().containsKey(cacheName)) {
      synchronized (caches) {
        cache = caches.get(cacheName);
        if (cache == null) {
          cache = create(cacheName, new HybridCacheConfiguration<>());
        }
      }
    }
    return (Cache<K, V>) cache;
  }

  @Override
  public Iterable<String> getCacheNames() {
    requireOpen();
    return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
  }

  @Override
  public void destroyCache(String cacheName) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cache name must not be null");
    HybridJCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.clear();
      cache.close();
    }
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cache name must not be null");
    HybridJCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.enableManagement(enabled);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cache name must not be null");
    HybridJCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.enableStatistics(enabled);
    }
  }

  /** Closes every cache of this manager and forgets it in the provider; a later lookup of its URI makes a new one. */
  @Override
  public void close() {
    synchronized (caches) {
      if (closed) {
        return;
      }
      closed = true;
    }
    provider.forget(this);
    for (HybridJCache<?, ?> cache : caches.values()) {
      cache.close();
    }
    caches.clear();
    background.close();
    connections.close();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /** Unwraps to this class or any type it implements; anything else is an {@link IllegalArgumentException}. */
  @Override
  public <T> T unwrap(Class<T> clazz) {
    Objects.requireNonNull(clazz, "class must not be null");
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("a cache manager cannot be unwrapped to " + clazz.getName()
        + "; it unwraps to " + HybridCacheManager.class.getName());
  }

  /** Called by a cache that closes: it is no longer managed here. */
  void forget(HybridJCache<?, ?> cache) {
    caches.remove(cache.getName(), cache);
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("cache manager " + uri + " is closed");
    }
  }

  @Override
  public String toString() {
    return "HybridCacheManager{uri=" + uri + ", caches=" + caches.keySet() + '}';
  }

  /**
   * A snapshot of this node's distributed parts (circuit breakers, backplane sequence gaps...), or empty for a manager
   * without a distributed level (memory level only).
   *
   * @return the node's stats now, or empty without a distributed level
   */
  public Optional<HybridCacheNodeStats> nodeStats() {
    io.hybridcache.engine.ClusterNode node = connections.node();
    return node == null ? Optional.empty() : Optional.of(node.stats());
  }

  /** The cluster node of this manager's caches, or null without a distributed level: for tests. */
  io.hybridcache.engine.ClusterNode clusterNode() {
    return connections.node();
  }

}

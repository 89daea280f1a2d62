package io.hybridcache.jcache;

import io.hybridcache.EntryOptions;
import io.hybridcache.HybridCache;
import io.hybridcache.HybridCacheConfiguration;
import io.hybridcache.engine.CacheEntry;
import io.hybridcache.engine.EntryAccess;
import io.hybridcache.engine.HybridCacheEngine;
import io.hybridcache.engine.HybridCacheEngineBuilder;
import io.hybridcache.spi.ValueCopier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JSR-107 {@link Cache} on a {@link HybridCacheEngine}: every operation is one atomic change of the key's entry,
 * with the JSR's expiry, write-through, events and statistics around it. Read-through runs the {@link CacheLoader}
 * as the factory of a {@code getOrSet}, so loads get stampede protection and fail-safe. {@code unwrap(HybridCache.class)}
 * reaches the extended API of the same entries.
 *
 * <p>An entry is present for the JSR while it is fresh. A fail-safe fallback (kept when the cache's entry options turn
 * fail-safe on) is absent for the JSR operations, except for the throttle duration after fail-safe answered a failing
 * loader with it: it is then served as fresh, which is what fail-safe promises.
 */
public final class HybridJCache<K, V> implements Cache<K, V> {
  private static final Logger log = LoggerFactory.getLogger(HybridJCache.class);

  private final HybridCacheManager manager;
  private final String name;
  private final HybridCacheConfiguration<K, V> configuration;
  private final HybridCacheEngine<K, V> engine;
  private final EntryAccess<K, V> access;
  private final EntryOptions options;
  private final ValueCopier copier;
  private final ExpiryDurations expiry;
  private final EntryTransitions<K, V> transitions;
  private final KeyValueTypes<K, V> types;
  private final PlainWrites<K, V> plain;
  private final ConditionalWrites<K, V> conditional;
  private final ReadThrough<K, V> readThrough;
  private final WriteThrough<K, V> writeThrough;
  private final EventDispatcher<K, V> events;
  private final JCacheStatistics statistics = new JCacheStatistics();
  private final JCacheConfigurationBean configurationBean = new JCacheConfigurationBean(this);
  private final Executor executor;
  private final JCacheBulkCalls<K, V> bulk;
  private volatile boolean closed;

  HybridJCache(HybridCacheManager manager, String name, HybridCacheConfiguration<K, V> configuration,
      HybridCacheEngineBuilder<K, V> engineBuilder, EntryOptions options, ValueCopier copier, Executor executor) {
    this.manager = manager;
    this.name = name;
    this.configuration = configuration;
    this.options = options;
    this.copier = configuration.isStoreByValue() ? copier : null;
    this.executor = executor;
    this.engine = engineBuilder.defaultEntryOptions(options).evictionListener(this::onEvicted).build();
    this.access = engine.entryAccess();
    statistics.countInto(access);
    this.expiry = new ExpiryDurations(configuration.getExpiryPolicyFactory().create(), options.duration());
    this.transitions = new EntryTransitions<>(access, expiry);
    this.types = new KeyValueTypes<>(name, configuration.getKeyType(), configuration.getValueType());
    CacheLoader<K, V> loader = configuration.getCacheLoaderFactory() == null ? null
        : configuration.getCacheLoaderFactory().create();
    this.readThrough = new ReadThrough<>(this, loader, configuration.isReadThrough());
    CacheWriter<? super K, ? super V> writer = configuration.isWriteThrough()
        && configuration.getCacheWriterFactory() != null ? configuration.getCacheWriterFactory().create() : null;
    this.writeThrough = new WriteThrough<>(writer);
    this.events = new EventDispatcher<>(this, executor);
    this.plain = new PlainWrites<>(access, transitions, writeThrough, statistics);
    this.conditional = new ConditionalWrites<>(access, transitions, writeThrough, statistics);
    for (CacheEntryListenerConfiguration<K, V> c : configuration.getCacheEntryListenerConfigurations()) {
      events.register(c);
    }
    statistics.setEnabled(configuration.isStatisticsEnabled());
    this.bulk = new JCacheBulkCalls<>(this, executor);
  }

  // ---------------------------------------------------------------- reads

  @Override
  public V get(K key) {
    requireOpen();
    types.requireKey(key);
    long start = statistics.start();
    EventBatch<K, V> batch = events.batch();
    CacheEntry<V> entry = transitions.readLive(key, batch);
    V result;
    if (entry != null) {
      statistics.recordHit();
      result = copyOut(entry.value());
    } else {
      if (readThrough.isActive()) {
        statistics.recordJsrMisses(1); // the load is a getOrSet, which counts its miss in the engine
        result = readThrough.load(key, batch);
      } else {
        statistics.recordMisses(1);
        result = null;
      }
    }
    statistics.recordGetTime(start);
    batch.publish();
    return result;
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    requireOpen();
    types.requireKeys(keys);
    return bulk.getAll(keys);
  }

  @Override
  public boolean containsKey(K key) {
    requireOpen();
    types.requireKey(key);
    CacheEntry<V> entry = access.lookup(key);
    return entry != null && entry.isFresh(access.recentNow());
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void put(K key, V value) {
    requireOpen();
    types.requireEntry(key, value);
    EventBatch<K, V> batch = events.batch();
    plain.put(copyIn(key), copyIn(value), batch);
    batch.publish();
  }

  @Override
  public V getAndPut(K key, V value) {
    requireOpen();
    types.requireEntry(key, value);
    EventBatch<K, V> batch = events.batch();
    V old = plain.getAndPut(copyIn(key), copyIn(value), batch);
    batch.publish();
    return copyOut(old);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    requireOpen();
    Objects.requireNonNull(map, "map must not be null");
    Map<K, V> copies = new LinkedHashMap<>(map.size());
    for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
      types.requireEntry(e.getKey(), e.getValue());
      copies.put(copyIn(e.getKey()), copyIn(e.getValue()));
    }
    bulk.putAll(copies);
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    requireOpen();
    types.requireEntry(key, value);
    EventBatch<K, V> batch = events.batch();
    boolean added = conditional.putIfAbsent(copyIn(key), copyIn(value), batch);
    batch.publish();
    return added;
  }

  @Override
  public boolean remove(K key) {
    requireOpen();
    types.requireKey(key);
    EventBatch<K, V> batch = events.batch();
    boolean removed = plain.remove(key, batch);
    batch.publish();
    return removed;
  }

  @Override
  public boolean remove(K key, V oldValue) {
    requireOpen();
    types.requireEntry(key, oldValue);
    EventBatch<K, V> batch = events.batch();
    boolean removed = conditional.removeIfEquals(key, oldValue, batch);
    batch.publish();
    return removed;
  }

  @Override
  public V getAndRemove(K key) {
    requireOpen();
    types.requireKey(key);
    EventBatch<K, V> batch = events.batch();
    V removed = plain.getAndRemove(key, batch);
    batch.publish();
    return copyOut(removed);
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    requireOpen();
    types.requireEntry(key, oldValue);
    types.requireValue(newValue, "newValue");
    EventBatch<K, V> batch = events.batch();
    boolean replaced = conditional.replaceIfEquals(key, oldValue, copyIn(newValue), batch);
    batch.publish();
    return replaced;
  }

  @Override
  public boolean replace(K key, V value) {
    return replaceIfPresent(key, value) != null;
  }

  @Override
  public V getAndReplace(K key, V value) {
    return copyOut(replaceIfPresent(key, value));
  }

  private V replaceIfPresent(K key, V value) {
    requireOpen();
    types.requireEntry(key, value);
    EventBatch<K, V> batch = events.batch();
    V replaced = conditional.replaceIfPresent(key, copyIn(value), batch);
    batch.publish();
    return replaced;
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    requireOpen();
    types.requireKeys(keys);
    bulk.removeEach(new ArrayList<>(keys));
  }

  @Override
  public void removeAll() {
    requireOpen();
    List<K> keys = new ArrayList<>();
    access.allKeys().forEachRemaining(keys::add);
    bulk.removeEach(keys);
  }

  /** Removes every entry; no listener, writer or statistic is told (the JSR's {@code clear}). */
  @Override
  public void clear() {
    requireOpen();
    engine.clear(false);
  }

  // ---------------------------------------------------------------- loading and processing

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener listener) {
    requireOpen();
    types.requireKeys(keys);
    bulk.loadAll(keys, replaceExistingValues, listener == null ? NoCompletionListener.INSTANCE : listener);
  }

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
    requireOpen();
    types.requireKey(key);
    Objects.requireNonNull(processor, "entry processor must not be null");
    EventBatch<K, V> batch = events.batch();
    T result = new ProcessorRun<>(this, processor, arguments).run(key, batch);
    batch.publish();
    return result;
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> processor,
      Object... arguments) {
    requireOpen();
    types.requireKeys(keys);
    Objects.requireNonNull(processor, "entry processor must not be null");
    return bulk.invokeAll(keys, processor, arguments);
  }

  // ---------------------------------------------------------------- listeners, configuration, lifecycle

  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    requireOpen();
    Objects.requireNonNull(listenerConfiguration, "listener configuration must not be null");
    events.register(listenerConfiguration);
    synchronized (configuration) {
      configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
    }
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    requireOpen();
    Objects.requireNonNull(listenerConfiguration, "listener configuration must not be null");
    if (events.deregister(listenerConfiguration)) {
      synchronized (configuration) {
        configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
      }
    }
  }

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
    Objects.requireNonNull(clazz, "configuration class must not be null");
    HybridCacheConfiguration<K, V> copy;
    synchronized (configuration) {
      copy = new HybridCacheConfiguration<>(configuration);
    }
    if (clazz.isInstance(copy)) {
      return clazz.cast(copy);
    }
    throw new IllegalArgumentException("the configuration of cache '" + name + "' is a "
        + HybridCacheConfiguration.class.getName() + ", not a " + clazz.getName());
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return manager;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    manager.forget(this);
    JmxRegistration.unregister(this, JmxRegistration.Kind.CONFIGURATION);
    JmxRegistration.unregister(this, JmxRegistration.Kind.STATISTICS);
    events.awaitQuiescence();
    events.close();
    closeQuietly(expiry.policy());
    closeQuietly(readThrough.loader());
    closeQuietly(writeThrough.writer());
    engine.close();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /**
   * Unwraps to this class or any type it implements, else to {@link HybridCache} (the extended API over the same
   * entries; it stores by reference) or the engine class behind it; anything else is an
   * {@link IllegalArgumentException}.
   */
  @Override
  public <T> T unwrap(Class<T> clazz) {
    Objects.requireNonNull(clazz, "class must not be null");
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    if (clazz.isInstance(engine)) {
      return clazz.cast(engine);
    }
    throw new IllegalArgumentException("cache '" + name + "' cannot be unwrapped to " + clazz.getName()
        + "; it unwraps to " + HybridCache.class.getName() + " or " + HybridJCache.class.getName());
  }

  @Override
  public Iterator<Entry<K, V>> iterator() {
    requireOpen();
    return new LiveEntryIterator<>(this, access.allKeys());
  }

  // ---------------------------------------------------------------- package-private plumbing

  void enableStatistics(boolean enabled) {
    statistics.setEnabled(enabled);
    synchronized (configuration) {
      configuration.setStatisticsEnabled(enabled);
    }
    if (enabled) {
      JmxRegistration.register(this, statistics, JmxRegistration.Kind.STATISTICS);
    } else {
      JmxRegistration.unregister(this, JmxRegistration.Kind.STATISTICS);
    }
  }

  void enableManagement(boolean enabled) {
    synchronized (configuration) {
      configuration.setManagementEnabled(enabled);
    }
    if (enabled) {
      JmxRegistration.register(this, configurationBean, JmxRegistration.Kind.CONFIGURATION);
    } else {
      JmxRegistration.unregister(this, JmxRegistration.Kind.CONFIGURATION);
    }
  }

  EntryAccess<K, V> access() {
    return access;
  }

  HybridCacheEngine<K, V> engine() {
    return engine;
  }

  ExpiryDurations expiry() {
    return expiry;
  }

  EntryTransitions<K, V> transitions() {
    return transitions;
  }

  EventDispatcher<K, V> events() {
    return events;
  }

  JCacheStatistics statistics() {
    return statistics;
  }

  PlainWrites<K, V> plainWrites() {
    return plain;
  }

  WriteThrough<K, V> writeThrough() {
    return writeThrough;
  }

  ReadThrough<K, V> readThrough() {
    return readThrough;
  }

  EntryOptions options() {
    return options;
  }

  /**
   * The manager's class loader, read each time: the manager holds it weakly, and so must we, or a redeployed
   * application's classes would stay reachable from the provider.
   */
  private ClassLoader classLoader() {
    ClassLoader loader = manager.getClassLoader();
    return loader != null ? loader : HybridJCache.class.getClassLoader();
  }

  <T> T copyIn(T value) {
    return copier == null || value == null ? value : copier.copy(value, classLoader());
  }

  <T> T copyOut(T value) {
    return copier == null || value == null ? value : copier.copy(value, classLoader());
  }

  private void onEvicted(K key, CacheEntry<V> entry, boolean expired) {
    if (!expired) {
      statistics.recordEvictions(1);
      return;
    }
    if (!entry.isStale()) {
      events.expiredInBackground(key, entry.value());
    }
  }

  void requireOpen() {
    if (closed) {
      throw new IllegalStateException("cache '" + name + "' is closed");
    }
  }

  /** Closes {@code o} if it is closeable (a loader, writer, policy or listener the cache made); a failure is logged. */
  static void closeQuietly(Object o) {
    if (o instanceof AutoCloseable) {
      try {
        ((AutoCloseable) o).close();
      } catch (Exception e) {
        log.warn("closing {} failed", o.getClass().getName(), e);
      }
    }
  }

  @Override
  public String toString() {
    return "HybridJCache{name=" + name + ", manager=" + manager.getURI() + '}';
  }
}

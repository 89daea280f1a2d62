package io.hybridcache.jcache;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.hybridcache.HybridCache;
import io.hybridcache.HybridCacheConfiguration;
import io.hybridcache.engine.FakeTimeSource;
import io.hybridcache.engine.HybridCacheEngine;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.Caching;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryListener;
import javax.management.JMException;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * A cache manager of its own per test (a unique URI), on a fake clock injected through
 * {@link HybridCacheManager#TIME_SOURCE_PROPERTY}; closed, with its caches, after the test.
 */
abstract class JCacheFixture {
  /** The duration of {@code EntryOptions.defaults()}: what a cache with no entry options of its own gets. */
  static final Duration CONFIGURED_DURATION = Duration.ofSeconds(30);
  static final Duration SECOND = Duration.ofSeconds(1);

  private static final AtomicInteger MANAGERS = new AtomicInteger();

  final FakeTimeSource time = new FakeTimeSource();
  HybridCacheManager manager;

  @BeforeEach
  void openManager(TestInfo test) {
    String method = test.getTestMethod().map(Method::getName).orElse("test");
    URI uri = URI.create("test:" + getClass().getSimpleName() + "." + method + "." + MANAGERS.incrementAndGet());
    Properties properties = new Properties();
    properties.put(HybridCacheManager.TIME_SOURCE_PROPERTY, time);
    manager = Caching.getCachingProvider(HybridCachingProvider.class.getName())
        .getCacheManager(uri, getClass().getClassLoader(), properties)
        .unwrap(HybridCacheManager.class);
  }

  /** Closes the manager, failing (rather than hanging the build) if that takes more than 10 s. */
  @AfterEach
  void closeManager() {
    assertTimeoutPreemptively(Duration.ofSeconds(10), manager::close, "closing the cache manager");
  }

  /** A configuration for String keys and values, with HybridCache's extras. */
  static HybridCacheConfiguration<String, String> strings() {
    return new HybridCacheConfiguration<String, String>().setTypes(String.class, String.class);
  }

  /** Creates the cache named "cache" of this test's manager. */
  <K, V> Cache<K, V> create(MutableConfiguration<K, V> configuration) {
    return create("cache", configuration);
  }

  <K, V> Cache<K, V> create(String name, MutableConfiguration<K, V> configuration) {
    return manager.createCache(name, configuration);
  }

  /** Moves the fake clock forward. */
  void advanceSeconds(long seconds) {
    time.advance(Duration.ofSeconds(seconds));
  }

  /** The engine behind {@code cache}, reached the way users reach it: {@code unwrap(HybridCache.class)}. */
  @SuppressWarnings("unchecked")
  static <K, V> HybridCacheEngine<K, V> engineOf(Cache<K, V> cache) {
    return (HybridCacheEngine<K, V>) cache.unwrap(HybridCache.class);
  }

  /** Registers {@code listener} on {@code cache}, with old values; synchronous or not. */
  static <K, V> void listen(Cache<K, V> cache, CacheEntryListener<K, V> listener, boolean synchronous) {
    cache.registerCacheEntryListener(
        new MutableCacheEntryListenerConfiguration<>(() -> listener, null, true, synchronous));
  }

  /** Registers a new synchronous {@link EventRecorder} on {@code cache}. */
  static <K, V> EventRecorder<K, V> record(Cache<K, V> cache) {
    EventRecorder<K, V> recorder = new EventRecorder<>();
    listen(cache, recorder, true);
    return recorder;
  }

  /**
   * Waits until the common pool, which runs asynchronous listener deliveries and the memory level's maintenance, has
   * nothing left to run: after this, a missing event is missing for good.
   */
  static void quiesce() {
    if (!ForkJoinPool.commonPool().awaitQuiescence(10, TimeUnit.SECONDS)) {
      throw new AssertionError("the common pool did not become quiescent within 10 s");
    }
  }

  /** An attribute of {@code cache}'s statistics MXBean, read from the platform MBeanServer under its JSR name. */
  Object statistic(Cache<?, ?> cache, String attribute) throws JMException {
    ObjectName name = new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
        + manager.getURI().toString().replaceAll("[,:=]", ".") + ",Cache=" + cache.getName());
    return ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute);
  }
}

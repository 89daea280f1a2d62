package io.hybridcache.spring;

import io.hybridcache.micrometer.HybridCacheMetrics;
import io.hybridcache.micrometer.HybridCacheNodeMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.boot.cache.metrics.CacheMetricsRegistrar;
import org.springframework.cache.jcache.JCacheCache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Binds HybridCache's meters ({@link HybridCacheMetrics}) through Spring Boot's cache metrics: a
 * {@link CacheMeterBinderProvider} for the starter's caches, and one for Spring's {@link JCacheCache} over a
 * HybridCache ({@code spring.cache.type=jcache}), ahead of Spring Boot's JCache one (which reads the JSR-107
 * statistics MXBean). Caches the starter's manager creates on first use, after the start, are bound when created.
 * The node's meters ({@link HybridCacheNodeMetrics}) are a {@code MeterBinder} bean, which Spring Boot binds.
 */
@AutoConfiguration(after = HybridCacheAutoConfiguration.class, before = CacheMetricsAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, CacheMeterBinderProvider.class, HybridCacheMetrics.class})
public class HybridCacheMetricsAutoConfiguration {

  /** Meters of the starter's caches. */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  public HybridSpringCacheMeterBinderProvider hybridSpringCacheMeterBinderProvider() {
    return new HybridSpringCacheMeterBinderProvider();
  }

  /** The meters of the starter's node (circuit breakers, backplane gaps), tagged {@code cache.manager} too. */
  @Bean
  @ConditionalOnBean(HybridSpringCacheManager.class)
  public HybridCacheNodeMetrics hybridCacheNodeMetrics(HybridSpringCacheManager manager) {
    return new HybridCacheNodeMetrics(manager.getJCacheManager(), Tags.of("cache.manager", "cacheManager"));
  }

  /** Binds the starter's caches created after the start, through Spring Boot's registrar, as they are created. */
  @Bean
  public SmartInitializingSingleton hybridCacheLateCacheBinding(ObjectProvider<HybridSpringCacheManager> managers,
      ObjectProvider<CacheMetricsRegistrar> registrar) {
    return () -> {
      CacheMetricsRegistrar metrics = registrar.getIfAvailable();
      if (metrics != null) {
        managers.orderedStream().forEach(manager -> manager.onCacheCreated(cache -> metrics.bindCacheToRegistry(
            cache, Tag.of("cache.manager", "cacheManager"))));
      }
    };
  }

  /** Meters of Spring's JCache caches that are HybridCache caches ({@code spring.cache.type=jcache}). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(JCacheCache.class)
  static class JCacheCaches {
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    HybridJCacheMeterBinderProvider hybridJCacheMeterBinderProvider() {
      return new HybridJCacheMeterBinderProvider();
    }
  }
}

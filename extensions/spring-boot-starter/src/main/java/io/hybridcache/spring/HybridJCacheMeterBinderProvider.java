package io.hybridcache.spring;

import io.hybridcache.HybridCache;
import io.hybridcache.micrometer.HybridCacheMetrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.cache.jcache.JCacheCache;

/**
 * Spring Boot's cache metrics for Spring's {@link JCacheCache} over a HybridCache ({@code spring.cache.type=jcache}):
 * {@link HybridCacheMetrics}, which count with or without JSR-107 statistics; null for another provider's cache, which
 * the next provider (Spring Boot's JCache one) binds.
 */
public final class HybridJCacheMeterBinderProvider implements CacheMeterBinderProvider<JCacheCache> {
  @Override
  @SuppressWarnings("unchecked")
  public MeterBinder getMeterBinder(JCacheCache cache, Iterable<Tag> tags) {
    HybridCache<?, ?> hybrid;
    try {
      hybrid = cache.getNativeCache().unwrap(HybridCache.class);
    } catch (IllegalArgumentException notOurs) {
      return null;
    }
    return new HybridCacheMetrics(hybrid, tags);
  }
}

package io.hybridcache.spring;

import io.hybridcache.micrometer.HybridCacheMetrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;

/** Spring Boot's cache metrics for the starter's caches: {@link HybridCacheMetrics} of the cache's HybridCache. */
public final class HybridSpringCacheMeterBinderProvider implements CacheMeterBinderProvider<HybridSpringCache> {
  @Override
  public MeterBinder getMeterBinder(HybridSpringCache cache, Iterable<Tag> tags) {
    return new HybridCacheMetrics(cache.getNativeCache(), tags);
  }
}

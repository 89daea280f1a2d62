package io.hybridcache.jcache;

import javax.cache.configuration.CompleteConfiguration;
import javax.cache.management.CacheMXBean;

/** The JSR's {@code CacheConfiguration} MXBean of one cache: a read-only view of its configuration. */
final class JCacheConfigurationBean implements CacheMXBean {
  private final HybridJCache<?, ?> cache;

  JCacheConfigurationBean(HybridJCache<?, ?> cache) {
    this.cache = cache;
  }

  private CompleteConfiguration<?, ?> config() {
    return cache.getConfiguration(CompleteConfiguration.class);
  }

  @Override
  public String getKeyType() {
    return config().getKeyType().getName();
  }

  @Override
  public String getValueType() {
    return config().getValueType().getName();
  }

  @Override
  public boolean isReadThrough() {
    return config().isReadThrough();
  }

  @Override
  public boolean isWriteThrough() {
    return config().isWriteThrough();
  }

  @Override
  public boolean isStoreByValue() {
    return config().isStoreByValue();
  }

  @Override
  public boolean isStatisticsEnabled() {
    return config().isStatisticsEnabled();
  }

  @Override
  public boolean isManagementEnabled() {
    return config().isManagementEnabled();
  }
}

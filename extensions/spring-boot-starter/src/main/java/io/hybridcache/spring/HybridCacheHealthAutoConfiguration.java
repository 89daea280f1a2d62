package io.hybridcache.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code hybridcache} health component ({@link HybridCacheHealthIndicator}) of the starter's manager, with Spring
 * Boot's health support on the class path; {@code management.health.hybridcache.enabled=false} turns it off.
 */
@AutoConfiguration(after = HybridCacheAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(HybridSpringCacheManager.class)
@ConditionalOnEnabledHealthIndicator("hybridcache")
public class HybridCacheHealthAutoConfiguration {

  /** Named so that the component is {@code hybridcache}. */
  @Bean
  public HybridCacheHealthIndicator hybridcacheHealthIndicator(HybridSpringCacheManager manager) {
    return new HybridCacheHealthIndicator(manager);
  }
}

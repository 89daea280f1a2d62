package io.hybridcache.spring;

import io.hybridcache.jcache.HybridCacheManager;
import io.hybridcache.jcache.HybridCachingProvider;
import io.hybridcache.micrometer.HybridCacheObservations;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.util.Properties;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.io.ResourceLoader;

/**
 * With caching enabled ({@code @EnableCaching}), no {@link CacheManager} bean of the application's and
 * {@code spring.cache.type} not set, Spring's {@link CacheManager} is a {@link HybridSpringCacheManager}: one
 * HybridCache node configured by the file at {@code hybridcache.config} (see {@link HybridCacheProperties}), with the
 * caches {@code spring.cache.cache-names} names (or any cache, created on first use, without names).
 *
 * <p>Each application context is a node of its own, even two contexts of one JVM reading one file (their JCache
 * managers are told apart by a class loader of their own, which delegates every class to the application's).
 */
@AutoConfiguration(before = CacheAutoConfiguration.class)
@ConditionalOnClass({CacheManager.class, HybridCachingProvider.class})
@ConditionalOnBean(CacheAspectSupport.class)
@ConditionalOnMissingBean(CacheManager.class)
@Conditional(NoCacheTypeCondition.class)
@EnableConfigurationProperties({HybridCacheProperties.class, CacheProperties.class})
public class HybridCacheAutoConfiguration {

  /**
   * The node: its JCache manager read from {@code hybridcache.config}, closed with the context; its factory runs and
   * L2 calls are observed ({@link HybridCacheObservations}) when the application has an {@link ObservationRegistry}.
   */
  @Bean(destroyMethod = "close")
  public HybridSpringCacheManager cacheManager(HybridCacheProperties properties, CacheProperties cacheProperties,
      ResourceLoader resourceLoader, ObjectProvider<ObservationRegistry> observations) {
    ClassLoader application = resourceLoader.getClassLoader() != null ? resourceLoader.getClassLoader()
        : HybridCacheAutoConfiguration.class.getClassLoader();
    URI uri = ConfigFileUri.of(properties.getConfig(), resourceLoader);
    CachingProvider provider = Caching.getCachingProvider(HybridCachingProvider.class.getName(), application);
    Properties nodeProperties = new Properties();
    ObservationRegistry registry = observations.getIfAvailable();
    if (registry != null) {
      nodeProperties.put(HybridCacheManager.OBSERVER_PROPERTY, HybridCacheObservations.of(registry));
    }
    javax.cache.CacheManager jcacheManager = provider.getCacheManager(uri, new NodeClassLoader(application),
        nodeProperties);
    return new HybridSpringCacheManager(jcacheManager, cacheProperties.getCacheNames(),
        properties.isAllowNullValues());
  }

  /**
   * Around Spring's cache interceptor (which is the innermost advice by default), serves the fail-safe fallback of a
   * {@code @Cacheable} method without {@code sync} that throws (the annotation on the method or on its class).
   */
  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  static Advisor hybridCacheFailSafeAdvisor() {
    ComposablePointcut cacheable = new ComposablePointcut(new AnnotationMatchingPointcut(null, Cacheable.class, true))
        .union(new AnnotationMatchingPointcut(Cacheable.class, true));
    DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(cacheable, new FailSafeAdvice());
    advisor.setOrder(Ordered.LOWEST_PRECEDENCE - 1);
    return advisor;
  }

  /** Tells this context's JCache manager apart from any other of the JVM; loads every class from the application's. */
  static final class NodeClassLoader extends ClassLoader {
    static {
      registerAsParallelCapable();
    }

    NodeClassLoader(ClassLoader application) {
      super("hybridcache-node", application);
    }
  }
}

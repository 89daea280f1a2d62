package io.hybridcache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** When the starter's manager is made, and when it leaves the application or Spring Boot to make one. */
class BackOffTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
      AutoConfigurations.of(HybridCacheAutoConfiguration.class, CacheAutoConfiguration.class));

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class Caching {}

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class OwnManager {
    @Bean
    CacheManager ownCacheManager() {
      return new ConcurrentMapCacheManager("own");
    }
  }

  @Test
  void withCachingEnabledTheManagerIsHybridCachesWithTheNamedCachesOnly() {
    runner.withUserConfiguration(Caching.class).withPropertyValues("spring.cache.cache-names=books,authors")
        .run(context -> {
          assertThat(context).hasSingleBean(HybridSpringCacheManager.class);
          CacheManager manager = context.getBean(CacheManager.class);
          assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("books", "authors");
          assertThat(manager.getCache("other")).as("fixed names: no other cache").isNull();
        });
  }

  @Test
  void withoutCachingEnabledThereIsNoManager() {
    runner.run(context -> assertThat(context).doesNotHaveBean(CacheManager.class));
  }

  @Test
  void theApplicationsOwnManagerWins() {
    runner.withUserConfiguration(OwnManager.class).run(context -> {
      assertThat(context).doesNotHaveBean(HybridSpringCacheManager.class);
      assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);
    });
  }

  @Test
  void aCacheTypeSetLeavesTheManagerToSpringBoot() {
    runner.withUserConfiguration(Caching.class).withPropertyValues("spring.cache.type=simple").run(context -> {
      assertThat(context).doesNotHaveBean(HybridSpringCacheManager.class);
      assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);
    });
  }

  @Test
  void aConfigLocationThatDoesNotExistFailsTheStart() {
    runner.withUserConfiguration(Caching.class).withPropertyValues("hybridcache.config=classpath:no-such.yaml")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("hybridcache.config names classpath:no-such.yaml"));
  }
}

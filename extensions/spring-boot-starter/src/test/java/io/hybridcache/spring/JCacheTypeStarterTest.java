package io.hybridcache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridcache.HybridCache;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.CacheManager;
import org.springframework.cache.jcache.JCacheCacheManager;

/**
 * With the starter on the class path, {@code spring.cache.type=jcache} still gets Spring Boot's JCache support over
 * HybridCache's provider, as before the starter; the starter only binds HybridCache's meters to its caches.
 */
@SpringBootTest(classes = LibraryApplication.class, properties = {"spring.cache.type=jcache",
    "spring.cache.jcache.config=classpath:hybridcache.yaml", "spring.cache.cache-names=books"})
class JCacheTypeStarterTest {
  @Autowired CacheManager cacheManager;
  @Autowired Library library;
  @Autowired MeterRegistry registry;

  @Test
  void springBootsJCacheManagerRunsOnHybridCacheAndItsReadsAreMetered() {
    assertThat(cacheManager).isInstanceOf(JCacheCacheManager.class);
    javax.cache.Cache<?, ?> books = (javax.cache.Cache<?, ?>) cacheManager.getCache("books").getNativeCache();
    assertThat(books.unwrap(HybridCache.class)).isNotNull();
    double hits = registry.get("cache.gets").tag("cache", "books").tag("result", "hit").functionCounter().count();
    String isbn = UUID.randomUUID().toString();
    int before = library.calls("title");

    assertThat(library.title(isbn)).isEqualTo("title of " + isbn);
    assertThat(library.title(isbn)).isEqualTo("title of " + isbn);

    assertThat(library.calls("title")).isEqualTo(before + 1);
    assertThat(registry.get("cache.gets").tag("cache", "books").tag("result", "hit").functionCounter().count())
        .as("HybridCache's meters, which count with JSR-107 statistics off").isEqualTo(hits + 1);
    assertThat(registry.find("hybridcache.factory.runs").tag("cache", "books").functionCounter()).isNotNull();
  }
}

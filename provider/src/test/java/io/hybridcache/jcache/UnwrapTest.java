package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridcache.HybridCache;
import javax.cache.Cache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code unwrap(HybridCache.class)} reaches the extended API over the same entries. */
class UnwrapTest extends JCacheFixture {

  @ParameterizedTest(name = "storeByValue={0}")
  @ValueSource(booleans = {true, false})
  void hybridCacheSeesWhatJCachePuts(boolean storeByValue) {
    Cache<String, String> cache = create(strings().setStoreByValue(storeByValue));
    @SuppressWarnings("unchecked")
    HybridCache<String, String> hybrid = cache.unwrap(HybridCache.class);

    cache.put("k", "v");

    assertThat(hybrid.tryGet("k")).contains("v");
  }

  @ParameterizedTest(name = "storeByValue={0}")
  @ValueSource(booleans = {true, false})
  void jCacheSeesWhatHybridCacheSets(boolean storeByValue) {
    Cache<String, String> cache = create(strings().setStoreByValue(storeByValue));
    @SuppressWarnings("unchecked")
    HybridCache<String, String> hybrid = cache.unwrap(HybridCache.class);

    hybrid.set("k", "v");
    assertThat(cache.get("k")).isEqualTo("v");
    assertThat(cache.containsKey("k")).isTrue();

    hybrid.remove("k");
    assertThat(cache.get("k")).isNull();
  }

  @Test
  void unwrapReturnsTheSameHybridCacheNamedAsTheCache() {
    Cache<String, String> cache = create("orders", strings());

    HybridCache<?, ?> hybrid = cache.unwrap(HybridCache.class);

    assertThat(hybrid.name()).isEqualTo("orders");
    assertThat(cache.unwrap(HybridCache.class)).isSameAs(hybrid);
  }

  @Test
  void unwrapToAnUnrelatedTypeThrowsNamingHybridCache() {
    Cache<String, String> cache = create(strings());

    assertThatThrownBy(() -> cache.unwrap(StringBuilder.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(HybridCache.class.getName());
  }

  @Test
  void cacheManagerUnwrapsToHybridCacheManager() {
    Cache<String, String> cache = create(strings());

    assertThat(cache.getCacheManager().unwrap(HybridCacheManager.class)).isSameAs(manager);
  }
}

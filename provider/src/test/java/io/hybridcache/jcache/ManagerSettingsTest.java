package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridcache.EntryOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ManagerSettingsTest {

  @Test
  void builtInSettingsAreMemoryOnlyWithBoundedDefaults() {
    ManagerSettings settings = ManagerSettings.builtIn();

    assertThat(settings.source()).isNull();
    assertThat(settings.redis()).isNull();
    assertThat(settings.keyPrefix()).isEqualTo("hybridcache");
    assertThat(settings.backplane().enabled()).isTrue();
    assertThat(settings.caches()).isEmpty();
    assertThat(settings.cache("any")).isEqualTo(new CacheSettings(EntryOptions.defaults(), OptionalLong.of(10_000),
        OptionalLong.empty(), true, true));
  }

  @Test
  void cacheOfNullNameIsRejectedNamingTheParameter() {
    assertThatThrownBy(() -> ManagerSettings.builtIn().cache(null))
        .isInstanceOf(NullPointerException.class).hasMessage("name must not be null");
  }

  @Test
  void cachesAndRedisAreCopiedAndUnmodifiable() {
    Map<String, CacheSettings> caches = new HashMap<>(Map.of("users", CacheSettings.BUILT_IN));
    Map<String, Object> redis = new HashMap<>(Map.of("singleServerConfig", Map.of()));
    ManagerSettings settings = new ManagerSettings(null, "shop", redis, BackplaneSettings.BUILT_IN,
        CacheSettings.BUILT_IN, caches);

    caches.clear();
    redis.clear();

    assertThat(settings.caches()).containsOnlyKeys("users");
    assertThat(settings.redis()).containsOnlyKeys("singleServerConfig");
    assertThatThrownBy(() -> settings.caches().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> settings.redis().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void keyPrefixMustBeNonBlankWithoutWhitespace() {
    assertThat(ManagerSettings.checkKeyPrefix("shop-eu.1")).isEqualTo("shop-eu.1");
    for (String bad : new String[] {"", " ", "my shop", "shop\t", "\nshop"}) {
      assertThatThrownBy(() -> ManagerSettings.checkKeyPrefix(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("keyPrefix must be non-blank text without whitespace");
    }
  }

  @Test
  void cacheSettingsRejectBothBoundsAndNonPositiveOnes() {
    EntryOptions options = EntryOptions.defaults();

    assertThatThrownBy(() -> new CacheSettings(options, OptionalLong.of(1), OptionalLong.of(1), true, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exclusive");
    assertThatThrownBy(() -> new CacheSettings(options, OptionalLong.of(0), OptionalLong.empty(), true, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive");
    assertThatThrownBy(() -> new CacheSettings(options, OptionalLong.empty(), OptionalLong.of(-5), true, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive");
    assertThat(new CacheSettings(options, OptionalLong.empty(), OptionalLong.empty(), false, false).maximumSize())
        .isEmpty();
  }
}

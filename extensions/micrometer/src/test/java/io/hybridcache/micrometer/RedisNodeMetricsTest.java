package io.hybridcache.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridcache.HybridCache;
import io.hybridcache.redis.harness.RedisServerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A node's meters: the state of its circuit breakers and its backplane counters. */
class RedisNodeMetricsTest {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  private final CachingProvider provider = Caching.getCachingProvider();
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private CacheManager manager;
  private Path file;

  @AfterEach
  void close() throws IOException {
    if (manager != null) {
      manager.close();
    }
    if (file != null) {
      Files.delete(file);
    }
  }

  @Test
  void theL2CircuitGaugeOpensAfterAFailureAndTheBackplaneCountersAreBound() throws IOException {
    file = Files.createTempFile("hybridcache-node-", ".yaml");
    Files.writeString(file, """
        keyPrefix: node
        redis:
          singleServerConfig:
            address: "%s"
            connectTimeout: 500
            timeout: 500
            retryAttempts: 0
        circuitBreakers:
          distributedLevel: 10m
        """.formatted(redis.server().uri()));
    manager = provider.getCacheManager(file.toUri(), getClass().getClassLoader());
    @SuppressWarnings("unchecked")
    HybridCache<String, String> cache = manager.createCache("books", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)).unwrap(HybridCache.class);
    HybridCacheNodeMetrics.monitor(registry, manager, "cacheManager", "main");
    cache.set("k", "v");

    assertThat(registry.get("hybridcache.circuit.open").tag("component", "l2").tag("cacheManager", "main").gauge()
        .value()).isZero();
    assertThat(registry.get("hybridcache.circuit.open").tag("component", "backplane").gauge().value()).isZero();
    assertThat(registry.get("hybridcache.backplane.gaps").functionCounter().count()).isZero();
    assertThat(registry.get("hybridcache.backplane.gaps").functionCounter().getId().getTag("node")).isNotBlank();

    redis.server().kill();
    cache.set("k", "w");

    assertThat(registry.get("hybridcache.circuit.open").tag("component", "l2").gauge().value()).isEqualTo(1);
    assertThat(registry.get("hybridcache.recovery.pending").gauge().value()).isEqualTo(1);
  }

  @Test
  void aMemoryOnlyManagerBindsNothingAndANullRegistryIsRefused() {
    manager = provider.getCacheManager();

    HybridCacheNodeMetrics.monitor(registry, manager);

    assertThat(registry.getMeters()).isEmpty();
    assertThatThrownBy(() -> HybridCacheNodeMetrics.monitor(null, manager)).isInstanceOf(NullPointerException.class);
  }
}

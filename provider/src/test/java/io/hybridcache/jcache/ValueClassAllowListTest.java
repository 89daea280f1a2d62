package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridcache.HybridCache;
import io.hybridcache.distributed.InMemoryTopology;
import io.hybridcache.engine.FakeTimeSource;
import io.hybridcache.spi.SerializationException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node instantiates from the distributed level only the classes its configuration allows: a value of another class
 * (written by a node that trusts more, or planted by whoever can write to Redis) is a miss there, counted and logged,
 * never an instance of that class.
 */
class ValueClassAllowListTest {
  /** A value class of the application, not on the built-in list. */
  record Order(String id, int quantity) {}

  private final FakeTimeSource time = new FakeTimeSource();
  private final InMemoryTopology topology = new InMemoryTopology(time);
  private final List<CacheManager> managers = new ArrayList<>();

  @TempDir
  Path dir;

  @AfterEach
  void close() {
    managers.forEach(CacheManager::close);
    topology.close();
  }

  private Cache<String, Order> node(String name, String serializationSection) throws IOException {
    Path file = Files.writeString(dir.resolve(name + ".yaml"), serializationSection);
    Properties properties = new Properties();
    properties.put(HybridCacheManager.TIME_SOURCE_PROPERTY, time);
    properties.put(HybridCacheManager.NODE_ID_PROPERTY, name);
    properties.put(HybridCacheManager.DISTRIBUTED_LEVEL_PROPERTY, topology.level(name, "hybridcache", true));
    properties.put(HybridCacheManager.BACKPLANE_PROPERTY, topology.backplane(name, "hybridcache"));
    ClassLoader loader = getClass().getClassLoader();
    CacheManager manager = Caching.getCachingProvider(HybridCachingProvider.class.getName(), loader)
        .getCacheManager(URI.create(file.toUri().toString()), loader, properties);
    managers.add(manager);
    return manager.createCache("orders", new MutableConfiguration<String, Order>()
        .setTypes(String.class, Order.class));
  }

  @Test
  void withReThrowSerializationExceptionsReadingAValueOfAClassOffTheListFailsNamingTheClass() throws IOException {
    Cache<String, Order> trusting = node("trusting", "serialization:\n  allowAnyClass: true\n");
    Cache<String, Order> strict = node("strict", "defaults:\n  reThrowSerializationExceptions: true\n");
    trusting.put("o1", new Order("o1", 2));

    assertThatThrownBy(() -> strict.get("o1")).isInstanceOf(SerializationException.class)
        .hasMessageContaining("not allowed").hasMessageContaining(Order.class.getName());
    assertThat(strict.unwrap(HybridCache.class).stats().serializationErrors()).isEqualTo(1);
  }

  @Test
  void byDefaultAValueOfAClassOffTheListIsAMissCountedForEachRead() throws IOException {
    Cache<String, Order> trusting = node("trusting", "serialization:\n  allowAnyClass: true\n");
    Cache<String, Order> strict = node("strict", "keyPrefix: hybridcache\n");
    trusting.put("o1", new Order("o1", 2));

    assertThat(strict.get("o1")).isNull();
    assertThat(strict.get("o1")).isNull();
    assertThat(strict.unwrap(HybridCache.class).stats().serializationErrors()).isEqualTo(2);
  }

  @Test
  void aValueOfAnAllowedClassIsRead() throws IOException {
    Cache<String, Order> writer = node("writer", "serialization:\n  allowAnyClass: true\n");
    Cache<String, Order> reader = node("reader",
        "serialization:\n  allowedClasses: [\"" + Order.class.getName() + "\"]\n");
    writer.put("o1", new Order("o1", 2));

    assertThat(reader.get("o1")).isEqualTo(new Order("o1", 2));
  }
}

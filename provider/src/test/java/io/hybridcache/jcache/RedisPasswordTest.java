package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridcache.redis.harness.RedisServer;
import io.hybridcache.redis.harness.RedisServerExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redis that requires a password ({@code requirepass}): the password passes through the file's Redisson section,
 * and a wrong one fails the manager at once, naming the address, never degrading to L1 only.
 */
class RedisPasswordTest {
  private static final String PASSWORD = "s3cret-for-tests";

  @RegisterExtension
  static RedisServerExtension redis = new RedisServerExtension(RedisServer.Options.defaults().password(PASSWORD));

  @TempDir
  Path dir;

  private final CachingProvider provider = Caching.getCachingProvider(HybridCachingProvider.class.getName());
  private final List<CacheManager> managers = new ArrayList<>();

  @AfterEach
  void close() {
    managers.forEach(CacheManager::close);
  }

  private URI file(String name, String password) throws IOException {
    return Files.writeString(dir.resolve(name), """
        keyPrefix: pw
        redis:
          singleServerConfig:
            address: "%s"
            password: "%s"
            connectTimeout: 1000
            timeout: 1000
            retryAttempts: 0
        """.formatted(redis.server().uri(), password)).toUri();
  }

  @Test
  void theRightPasswordConnectsAndTwoNodesShareTheCache() throws IOException {
    CacheManager one = provider.getCacheManager(file("one.yaml", PASSWORD), getClass().getClassLoader());
    managers.add(one);
    CacheManager two = provider.getCacheManager(file("two.yaml", PASSWORD), getClass().getClassLoader());
    managers.add(two);
    MutableConfiguration<String, String> types = new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class);
    Cache<String, String> n1 = one.createCache("secured", types);
    Cache<String, String> n2 = two.createCache("secured", types);

    n1.put("k", "v");

    assertThat(n2.get("k")).isEqualTo("v");
    assertThat(redis.server().command("EXISTS", "pw:secured:k")).isEqualTo(":1");
  }

  @Test
  void aWrongPasswordFailsTheManagerNamingTheAddress() throws IOException {
    URI wrong = file("wrong.yaml", "not-the-password");

    assertThatThrownBy(() -> managers.add(provider.getCacheManager(wrong, getClass().getClassLoader())))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining(redis.server().uri())
        .hasMessageNotContaining("not-the-password");
  }
}

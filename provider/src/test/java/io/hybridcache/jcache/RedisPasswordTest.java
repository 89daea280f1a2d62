package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridcache.redis.harness.RedisServer;
import io.hybridcache.redis.harness.RedisServerExtension;
import java.io.IOException;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Redis that requires a password ({@code requirepass}): the password passes through the file's Redisson section,
 * and a wrong one fails the manager at once, naming the address, never degrading to L1 only.
 */
class RedisPasswordTest {
  private static final String PASSWORD = "s3cret-for-tests";

  @RegisterExtension
  static RedisServerExtension redis = new RedisServerExtension(RedisServer.Options.defaults().password(PASSWORD));

  @RegisterExtension
  final FileConfiguredManagers managers = new FileConfiguredManagers();

  private URI file(String name, String password) throws IOException {
    return managers.write(name, """
        keyPrefix: pw
        redis:
          singleServerConfig:
            address: "%s"
            password: "%s"
            connectTimeout: 1000
            timeout: 1000
            retryAttempts: 0
        """.formatted(redis.server().uri(), password));
  }

  @Test
  void theRightPasswordConnectsAndTwoNodesShareTheCache() throws IOException {
    CacheManager one = managers.open(file("one.yaml", PASSWORD));
    CacheManager two = managers.open(file("two.yaml", PASSWORD));
    Cache<String, String> n1 = FileConfiguredManagers.stringJCache(one, "secured");
    Cache<String, String> n2 = FileConfiguredManagers.stringJCache(two, "secured");

    n1.put("k", "v");

    assertThat(n2.get("k")).isEqualTo("v");
    assertThat(redis.server().command("EXISTS", "pw:secured:k")).isEqualTo(":1");
  }

  @Test
  void aWrongPasswordFailsTheManagerNamingTheAddress() throws IOException {
    URI wrong = file("wrong.yaml", "not-the-password");

    assertThatThrownBy(() -> managers.open(wrong))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining(redis.server().uri())
        .hasMessageNotContaining("not-the-password");
  }
}

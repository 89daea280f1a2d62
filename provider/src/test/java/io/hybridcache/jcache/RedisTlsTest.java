package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hybridcache.HybridCache;
import io.hybridcache.redis.harness.RedisServer;
import io.hybridcache.redis.harness.RedisServerExtension;
import io.hybridcache.redis.harness.RedisTls;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Redis that speaks TLS only (plain TCP off): the file's Redisson section takes a {@code rediss://} address and a
 * trust store, and two nodes share L2 and the backplane over it; without the trust store the manager fails at once,
 * saying why.
 */
class RedisTlsTest {
  private static final String PASSWORD = "tls-and-a-password";

  @RegisterExtension
  static RedisServerExtension redis = new RedisServerExtension(RedisServer.Options.defaults()
      .tls(RedisTls.generate()).password(PASSWORD));

  @RegisterExtension
  final FileConfiguredManagers managers = new FileConfiguredManagers();

  private URI file(String name, boolean withTruststore) throws IOException {
    RedisTls tls = redis.server().tls();
    String trust = withTruststore ? """
          sslTruststore: "%s"
          sslTruststorePassword: "%s"
        """.formatted(tls.truststoreFile().toUri(), tls.truststorePassword()) : "";
    return managers.write(name, """
        keyPrefix: tls
        redis:
        %s  singleServerConfig:
            address: "%s"
            password: "%s"
            connectTimeout: 2000
            timeout: 2000
            retryAttempts: 0
        defaults:
          duration: 10m
        """.formatted(trust, redis.server().uri(), PASSWORD));
  }

  private CacheManager manager(String name) throws IOException {
    return managers.open(file(name, true));
  }

  @Test
  void twoNodesShareTheDistributedLevelAndTheBackplaneOverTls() throws IOException {
    assertThat(redis.server().uri()).startsWith("rediss://");
    Cache<String, String> n1 = FileConfiguredManagers.stringJCache(manager("one.yaml"), "secured");
    Cache<String, String> n2 = FileConfiguredManagers.stringJCache(manager("two.yaml"), "secured");

    n1.put("k", "v1");
    assertThat(n2.get("k")).as("read through L2").isEqualTo("v1");
    n1.put("k", "v2"); // n2 holds v1 fresh for 10 minutes: only the backplane can make it read again

    await().atMost(Duration.ofSeconds(10)).until(() -> "v2".equals(n2.get("k")));
    assertThat(n2.unwrap(HybridCache.class).stats().backplaneMessages()).isPositive();
    assertThat(redis.server().command("EXISTS", "tls:secured:k")).isEqualTo(":1");
  }

  @Test
  void withoutTheTrustStoreTheManagerFailsNamingTheAddressAndTheCertificateProblem() throws IOException {
    URI untrusting = file("untrusting.yaml", false);

    assertThatThrownBy(() -> managers.open(untrusting))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("could not connect to Redis at " + redis.server().uri())
        .hasMessageContaining("TLS settings")
        .hasMessageContaining("The TLS handshake failed")
        .hasMessageContaining("sslTruststore and sslTruststorePassword at the top of the redis section")
        .hasMessageNotContaining(PASSWORD)
        .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("certification path"));
  }
}

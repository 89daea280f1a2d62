package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridcache.redis.harness.RedisServer;
import io.hybridcache.redis.harness.RedisServerExtension;
import io.hybridcache.redis.harness.RedisTls;
import java.io.IOException;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A TLS-only Redis that also requires a client certificate ({@code tls-auth-clients yes}): the certificate passes
 * through the Redisson section as {@code sslKeystore}; without it the manager fails at once naming the address.
 */
class RedisMutualTlsTest {
  @RegisterExtension
  static RedisServerExtension redis = new RedisServerExtension(RedisServer.Options.defaults()
      .tls(RedisTls.generate().requiringClientCertificates()));

  @RegisterExtension
  final FileConfiguredManagers managers = new FileConfiguredManagers();

  private URI file(String name, boolean withClientCertificate) throws IOException {
    RedisTls tls = redis.server().tls();
    String keystore = withClientCertificate ? """
          sslKeystore: "%s"
          sslKeystorePassword: "%s"
        """.formatted(tls.keystoreFile().toUri(), tls.keystorePassword()) : "";
    return managers.write(name, """
        keyPrefix: mtls
        redis:
          sslTruststore: "%s"
          sslTruststorePassword: "%s"
        %s  singleServerConfig:
            address: "%s"
            connectTimeout: 2000
            timeout: 2000
            retryAttempts: 0
        """.formatted(tls.truststoreFile().toUri(), tls.truststorePassword(), keystore, redis.server().uri()));
  }

  @Test
  void withTheClientCertificateTwoNodesShareTheCache() throws IOException {
    CacheManager one = managers.open(file("one.yaml", true));
    CacheManager two = managers.open(file("two.yaml", true));
    Cache<String, String> n1 = FileConfiguredManagers.stringJCache(one, "secured");
    Cache<String, String> n2 = FileConfiguredManagers.stringJCache(two, "secured");

    n1.put("k", "v");

    assertThat(n2.get("k")).isEqualTo("v");
    assertThat(redis.server().command("EXISTS", "mtls:secured:k")).isEqualTo(":1");
  }

  @Test
  void withoutAClientCertificateTheManagerFailsNamingTheAddressAndTheKeyStoreSetting() throws IOException {
    URI anonymous = file("anonymous.yaml", false);

    assertThatThrownBy(() -> managers.open(anonymous))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("could not connect to Redis at " + redis.server().uri())
        .hasMessageContaining("TLS settings")
        .hasMessageContaining("If the server requires client certificates (tls-auth-clients), name a key store "
            + "holding this client's with sslKeystore and sslKeystorePassword");
  }
}

package io.hybridcache.redis.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RedisServer.Options#tls}: the server speaks TLS only, on its one port, and the harness talks to it. */
class RedisTlsServerTest {
  @RegisterExtension
  static RedisServerExtension redis = new RedisServerExtension(RedisServer.Options.defaults()
      .tls(RedisTls.generate()));

  @Test
  void theServerAnswersOverTlsWithTheGeneratedTrustStoreAndItsUriSaysRediss() {
    assertThat(redis.server().command("PING")).isEqualTo("+PONG");
    assertThat(redis.server().uri()).isEqualTo("rediss://127.0.0.1:" + redis.server().port());
    assertThat(redis.server().command("CONFIG", "GET", "port")).isEqualTo("*2");
  }

  @Test
  void aPlainClientGetsNoAnswerAndAClientTrustingNothingFailsTheHandshake() {
    assertThatThrownBy(() -> {
      try (RespClient plain = RespClient.connect(redis.server().port(), Duration.ofSeconds(2))) {
        plain.send("PING");
      }
    }).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> RespClient.connect(redis.server().port(), Duration.ofSeconds(2),
        (SSLSocketFactory) SSLSocketFactory.getDefault()).close())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("certification path");
  }
}

package io.hybridcache.redis.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The container backend on its own, whatever is installed: it needs a Docker engine, so it runs only when asked for
 * with {@code -Dhybridcache.redis.containerTests=true} (otherwise it is skipped without looking for Docker, as the
 * harness does wherever the binary is found). Without a binary on the {@code PATH}, {@link RedisServerTest} and every
 * other Redis test run on containers too.
 */
@EnabledIfSystemProperty(named = "hybridcache.redis.containerTests", matches = "true")
class ContainerBackendTest {
  private static final Duration SHORT = Duration.ofMillis(300);

  @Test
  void startsTheImageOnAPortOfLocalhostAndLogsItsOutput() throws IOException {
    try (RedisServer server = container(RedisServer.Options.defaults())) {
      assertThat(server.inContainer()).isTrue();
      assertThat(server.port()).isPositive().isNotEqualTo(6379);
      assertThat(server.pid()).isPositive();
      assertThat(server.command("PING")).isEqualTo("+PONG");
      assertThat(server.command("INFO", "server")).contains("redis_version:7.0.15");
      assertThat(Files.readString(server.logFile())).contains("Ready to accept connections");
    }
  }

  @Test
  void killRefusesConnectionsAndRestartBringsAnEmptyContainerBackOnTheSamePort() {
    try (RedisServer server = container(RedisServer.Options.defaults())) {
      int port = server.port();
      long firstPid = server.pid();
      server.command("SET", "k", "v");

      server.kill();

      assertThat(server.isRunning()).isFalse();
      assertThatThrownBy(() -> RespClient.connect(port, SHORT)).isInstanceOf(ConnectException.class);

      server.restart();

      assertThat(server.port()).isEqualTo(port);
      assertThat(server.pid()).isNotEqualTo(firstPid);
      assertThat(server.command("DBSIZE")).isEqualTo(":0");
    }
  }

  @Test
  void pauseAcceptsConnectionsButAnswersNothingUntilResume() throws Exception {
    try (RedisServer server = container(RedisServer.Options.defaults())) {
      server.pause();

      assertThat(server.isPaused()).isTrue();
      assertThat(server.isRunning()).isTrue();
      try (RespClient client = server.connect(SHORT)) {
        assertThatThrownBy(() -> client.send("PING")).isInstanceOf(SocketTimeoutException.class);
      }
      CompletableFuture<String> reply = CompletableFuture.supplyAsync(() -> server.command("INCR", "n"));
      await().during(SHORT).atMost(Duration.ofSeconds(2)).until(() -> !reply.isDone());

      server.resume();

      assertThat(server.isPaused()).isFalse();
      assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo(":1");
    }
  }

  @Test
  void passwordAndConfigLinesReachRedis() throws IOException {
    RedisServer.Options options = RedisServer.Options.defaults().password("s3cret").configLine("maxmemory 10mb");
    try (RedisServer server = container(options)) {
      try (RespClient client = RespClient.connect(server.port(), Duration.ofSeconds(5))) {
        assertThat(client.send("PING")).startsWith("-NOAUTH");
      }
      assertThat(server.command("INFO", "memory")).contains("maxmemory:10485760");
    }
  }

  @Test
  void closeRemovesEvenAPausedContainerAndIsIdempotent() {
    RedisServer server = container(RedisServer.Options.defaults());
    int port = server.port();
    server.pause();

    server.close();
    server.close();

    assertThat(server.isRunning()).isFalse();
    assertThatThrownBy(() -> RespClient.connect(port, SHORT)).isInstanceOf(ConnectException.class);
  }

  private static RedisServer container(RedisServer.Options options) {
    return RedisServer.start(options, BackendSelection.Choice.container());
  }
}

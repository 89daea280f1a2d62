package io.hybridcache.redis.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RedisServerTest {
  private static final Duration SHORT = Duration.ofMillis(300);

  @Test
  void startsOnAFreePortOtherThanTheSharedOneAndAnswersPing() {
    try (RedisServer server = RedisServer.start()) {
      assertThat(server.port()).isPositive().isNotEqualTo(6379);
      assertThat(server.uri()).isEqualTo("redis://127.0.0.1:" + server.port());
      assertThat(server.isRunning()).isTrue();
      assertThat(server.command("PING")).isEqualTo("+PONG");
      assertThat(server.pid()).isPositive();
      if (!server.inContainer()) {
        assertThat(server.command("INFO", "server")).contains("process_id:" + server.pid());
      }
    }
  }

  @Test
  void twoServersRunAtOnceOnDifferentPortsWithSeparateData() {
    try (RedisServer first = RedisServer.start(); RedisServer second = RedisServer.start()) {
      assertThat(first.port()).isNotEqualTo(second.port());
      assertThat(first.pid()).isNotEqualTo(second.pid());

      first.command("SET", "k", "first");

      assertThat(first.command("GET", "k")).isEqualTo("first");
      assertThat(second.command("GET", "k")).isNull();
      assertThat(second.command("PING")).isEqualTo("+PONG");
    }
  }

  @Test
  void killRefusesConnectionsAndRestartBringsAnEmptyServerBackOnTheSamePort() throws IOException {
    try (RedisServer server = RedisServer.start()) {
      int port = server.port();
      long firstPid = server.pid();
      assertThat(server.command("SET", "k", "v")).isEqualTo("+OK");

      server.kill();

      assertThat(server.isRunning()).isFalse();
      assertGone(server, firstPid);

      server.restart();

      assertThat(server.port()).isEqualTo(port);
      assertThat(server.pid()).isNotEqualTo(firstPid);
      assertThat(server.command("PING")).isEqualTo("+PONG");
      assertThat(server.command("GET", "k")).isNull();
      assertThat(server.command("DBSIZE")).isEqualTo(":0");
    }
  }

  @Test
  void restartOfARunningServerAlsoEmptiesIt() {
    try (RedisServer server = RedisServer.start()) {
      server.command("SET", "k", "v");

      server.restart();

      assertThat(server.command("DBSIZE")).isEqualTo(":0");
    }
  }

  @Test
  void pauseMakesPingTimeOutAndResumeMakesItAnswerAgain() throws IOException {
    try (RedisServer server = RedisServer.start()) {
      server.pause();

      assertThat(server.isPaused()).isTrue();
      assertThat(server.isRunning()).isTrue();
      try (RespClient client = server.connect(SHORT)) {
        assertThatThrownBy(() -> client.send("PING")).isInstanceOf(SocketTimeoutException.class);
      }

      server.resume();

      assertThat(server.isPaused()).isFalse();
      try (RespClient client = server.connect(SHORT)) {
        assertThat(client.send("PING")).isEqualTo("+PONG");
      }
    }
  }

  @Test
  void aCommandSentDuringThePauseIsAnsweredAfterResume() throws Exception {
    try (RedisServer server = RedisServer.start()) {
      server.pause();
      CompletableFuture<String> reply = CompletableFuture.supplyAsync(() -> server.command("INCR", "n"));
      // the reply cannot come while the process is stopped, however long we wait
      await().during(SHORT).atMost(Duration.ofSeconds(2)).until(() -> !reply.isDone());

      server.resume();

      assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo(":1");
    }
  }

  @Test
  void requirepassRejectsCommandsWithoutAuthAndAcceptsThemWithIt() throws IOException {
    try (RedisServer server = RedisServer.start(RedisServer.Options.defaults().password("s3cret"))) {
      assertThat(server.password()).isEqualTo("s3cret");
      try (RespClient client = RespClient.connect(server.port(), Duration.ofSeconds(5))) {
        assertThat(client.send("SET", "k", "v")).startsWith("-NOAUTH");
        assertThat(client.send("AUTH", "wrong")).startsWith("-WRONGPASS");
        assertThat(client.send("AUTH", "s3cret")).isEqualTo("+OK");
        assertThat(client.send("SET", "k", "v")).isEqualTo("+OK");
      }
      assertThat(server.command("GET", "k")).isEqualTo("v");
    }
  }

  @Test
  void extraConfigLinesReachTheServer() {
    RedisServer.Options options = RedisServer.Options.defaults().configLine("maxmemory 10mb");
    try (RedisServer server = RedisServer.start(options)) {
      assertThat(server.command("CONFIG", "GET", "maxmemory")).isEqualTo("*2");
      assertThat(server.command("INFO", "memory")).contains("maxmemory:10485760");
    }
  }

  @Test
  void closeLeavesNoProcessAndIsIdempotent() {
    RedisServer server = RedisServer.start();
    long pid = server.pid();

    server.close();
    server.close();

    assertGone(server, pid);
    assertThatThrownBy(server::restart).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeStopsAPausedServer() {
    RedisServer server = RedisServer.start();
    long pid = server.pid();
    server.pause();

    server.close();

    assertGone(server, pid);
  }

  @Test
  void clientPauseSentThroughCommandHoldsEveryCommandUntilThePauseEnds() throws IOException {
    try (RedisServer server = RedisServer.start()) {
      long before = System.nanoTime();
      assertThat(server.command("CLIENT", "PAUSE", "500")).isEqualTo("+OK");

      // CLIENT PAUSE (mode ALL) holds every command of every normal client, CLIENT UNPAUSE included, until it ends
      try (RespClient client = server.connect(SHORT)) {
        assertThatThrownBy(() -> client.send("PING")).isInstanceOf(SocketTimeoutException.class);
      }
      assertThat(server.command("PING")).isEqualTo("+PONG");
      assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }
  }

  @Test
  void clientKillOfPubSubClientsAnswersWithTheCount() {
    try (RedisServer server = RedisServer.start()) {
      assertThat(server.command("CLIENT", "KILL", "TYPE", "pubsub")).isEqualTo(":0");
    }
  }

  @Test
  void aMissingExecutableFailsWithInstallInstructions() {
    assumeFalse(Boolean.getBoolean(RedisBinary.OPTIONAL_PROPERTY), "an optional Redis is skipped, not failed");
    RedisServer.Options options = RedisServer.Options.defaults().executable("/nonexistent/redis-server");

    assertThatThrownBy(() -> RedisServer.start(options))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apt-get install redis-server")
        .hasMessageContaining("hybridcache.redis.optional=true");
  }

  /**
   * Redis is down: the server says so and its port refuses connections; a process is also gone from the process table
   * (a container's PID may be one of the engine's virtual machine, so it is not looked up here).
   */
  private static void assertGone(RedisServer server, long pid) {
    assertThat(server.isRunning()).isFalse();
    assertThatThrownBy(() -> RespClient.connect(server.port(), SHORT)).isInstanceOf(ConnectException.class);
    if (!server.inContainer()) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    }
  }
}

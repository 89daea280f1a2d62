package io.hybridcache.redis.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisServerExtensionTest {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  private static int firstPort;

  @Test
  @Order(1)
  void givesTheClassARunningServer() {
    firstPort = redis.server().port();

    assertThat(redis.server().command("PING")).isEqualTo("+PONG");
    assertThat(redis.server().command("SET", "kept", "yes")).isEqualTo("+OK");
  }

  @Test
  @Order(2)
  void theSameServerServesEveryTestOfTheClass() {
    assertThat(redis.server().port()).isEqualTo(firstPort);
    assertThat(redis.server().command("GET", "kept")).isEqualTo("yes");

    redis.server().kill();
  }

  @Test
  @Order(3)
  void aServerKilledByAnEarlierTestIsRestartedEmptyOnTheSamePort() {
    assertThat(redis.server().isRunning()).isTrue();
    assertThat(redis.server().port()).isEqualTo(firstPort);
    assertThat(redis.server().command("DBSIZE")).isEqualTo(":0");

    redis.server().pause();
  }

  @Test
  @Order(4)
  void aServerPausedByAnEarlierTestIsResumed() {
    assertThat(redis.server().isPaused()).isFalse();
    assertThat(redis.server().command("PING")).isEqualTo("+PONG");
  }
}

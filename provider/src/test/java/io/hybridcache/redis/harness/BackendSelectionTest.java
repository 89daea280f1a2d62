package io.hybridcache.redis.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class BackendSelectionTest {
  private static final Path BINARY = Path.of("/usr/bin/redis-server");
  private static final RedisBinary.Lookup FOUND = new RedisBinary.Lookup(BINARY, null, false);
  private static final RedisBinary.Lookup NOT_ON_PATH =
      new RedisBinary.Lookup(null, "redis-server was not found on the PATH (/bin)", false);
  private static final RedisBinary.Lookup NAMED_BUT_MISSING =
      new RedisBinary.Lookup(null, "redis-server named by -Dhybridcache.redis.server is not an executable file", true);

  private final FakeDocker docker = new FakeDocker();

  @Test
  void aFoundBinaryRunsAsAProcessWithoutAskingForDocker() {
    docker.running = true;

    BackendSelection.Choice choice = BackendSelection.select(FOUND, docker, false);

    assertThat(choice.inContainer()).isFalse();
    assertThat(choice.executable()).isEqualTo(BINARY);
    assertThat(docker.asked).isZero();
  }

  @Test
  void aFoundBinaryWinsEvenWhenRedisIsOptional() {
    assertThat(BackendSelection.select(FOUND, docker, true).executable()).isEqualTo(BINARY);
    assertThat(docker.asked).isZero();
  }

  @Test
  void noBinaryButARunningDockerEngineRunsAContainer() {
    docker.running = true;

    BackendSelection.Choice choice = BackendSelection.select(NOT_ON_PATH, docker, false);

    assertThat(choice.inContainer()).isTrue();
    assertThat(choice.executable()).isNull();
    assertThat(docker.asked).isOne();
  }

  @Test
  void noBinaryButDockerRunsAContainerAlsoWhenRedisIsOptional() {
    docker.running = true;

    assertThat(BackendSelection.select(NOT_ON_PATH, docker, true).inContainer()).isTrue();
  }

  @Test
  void neitherBinaryNorDockerFailsWithInstallInstructionsNamingDocker() {
    assertThatThrownBy(() -> BackendSelection.select(NOT_ON_PATH, docker, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("redis-server was not found on the PATH (/bin)")
        .hasMessageContaining("No Docker engine was found")
        .hasMessageContaining("apt-get install redis-server")
        .hasMessageContaining("hybridcache.redis.optional=true");
    assertThat(docker.asked).isOne();
  }

  @Test
  void neitherBinaryNorDockerSkipsTheTestWhenRedisIsOptional() {
    assertThatThrownBy(() -> BackendSelection.select(NOT_ON_PATH, docker, true))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("apt-get install redis-server");
  }

  @Test
  void aNamedBinaryThatIsNotExecutableFailsInsteadOfFallingBackToDocker() {
    docker.running = true;

    assertThatThrownBy(() -> BackendSelection.select(NAMED_BUT_MISSING, docker, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("hybridcache.redis.server")
        .hasMessageContaining("never replaced by a Redis container")
        .hasMessageContaining("apt-get install redis-server");
    assertThat(docker.asked).isZero();
  }

  @Test
  void aNamedBinaryThatIsNotExecutableIsSkippedWhenRedisIsOptional() {
    docker.running = true;

    assertThatThrownBy(() -> BackendSelection.select(NAMED_BUT_MISSING, docker, true))
        .isInstanceOf(TestAbortedException.class);
    assertThat(docker.asked).isZero();
  }

  @Test
  void aProcessChoiceNeedsAnExecutable() {
    assertThatThrownBy(() -> BackendSelection.Choice.process(null)).isInstanceOf(NullPointerException.class);
  }

  /** A Docker engine that is there or not, counting how often it was asked. */
  private static final class FakeDocker implements BooleanSupplier {
    boolean running;
    int asked;

    @Override
    public boolean getAsBoolean() {
      asked++;
      return running;
    }
  }
}

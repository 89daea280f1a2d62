package io.hybridcache.redis.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class RedisBinaryTest {
  @TempDir Path dir;

  @Test
  void findsRedisServerOnTheSearchPath() throws IOException {
    Path binary = executable(dir.resolve("redis-server"));

    assertThat(RedisBinary.find(null, "/nonexistent:" + dir, false)).isEqualTo(binary);
  }

  @Test
  void anExplicitExecutableWinsOverTheSearchPath() throws IOException {
    executable(dir.resolve("redis-server"));
    Path explicit = executable(dir.resolve("my-redis"));

    assertThat(RedisBinary.find(explicit.toString(), dir.toString(), false)).isEqualTo(explicit);
  }

  @Test
  void missingBinaryFailsWithInstallInstructionsWhenRedisIsRequired() {
    assertThatThrownBy(() -> RedisBinary.find(null, dir.toString(), false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("redis-server was not found")
        .hasMessageContaining("apt-get install redis-server");
  }

  @Test
  void missingBinarySkipsTheTestWhenRedisIsOptional() {
    assertThatThrownBy(() -> RedisBinary.find(null, dir.toString(), true))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("apt-get install redis-server");
  }

  @Test
  void anExplicitPathThatIsNotExecutableIsReportedAsSuch() {
    assertThatThrownBy(() -> RedisBinary.find(dir.resolve("nope").toString(), null, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("hybridcache.redis.server")
        .hasMessageContaining("apt-get install redis-server");
  }

  private static Path executable(Path path) throws IOException {
    Files.writeString(path, "#!/bin/sh\n");
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    return path;
  }
}

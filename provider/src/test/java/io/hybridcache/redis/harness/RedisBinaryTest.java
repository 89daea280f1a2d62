package io.hybridcache.redis.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisBinaryTest {
  @TempDir Path dir;

  @Test
  void findsRedisServerOnTheSearchPath() throws IOException {
    Path binary = executable(dir.resolve("redis-server"));

    RedisBinary.Lookup lookup = RedisBinary.locate(null, "/nonexistent:" + dir);

    assertThat(lookup.found()).isTrue();
    assertThat(lookup.executable()).isEqualTo(binary);
    assertThat(lookup.explicit()).isFalse();
  }

  @Test
  void anExplicitExecutableWinsOverTheSearchPath() throws IOException {
    executable(dir.resolve("redis-server"));
    Path explicit = executable(dir.resolve("my-redis"));

    RedisBinary.Lookup lookup = RedisBinary.locate(explicit.toString(), dir.toString());

    assertThat(lookup.executable()).isEqualTo(explicit);
    assertThat(lookup.explicit()).isTrue();
  }

  @Test
  void aMissingBinaryIsReportedAsNotFoundByTheSearch() {
    RedisBinary.Lookup lookup = RedisBinary.locate(null, dir.toString());

    assertThat(lookup.found()).isFalse();
    assertThat(lookup.explicit()).isFalse();
    assertThat(lookup.problem()).contains("redis-server was not found on the PATH");
  }

  @Test
  void aNonExecutableFileOnTheSearchPathIsNotTaken() throws IOException {
    Files.writeString(dir.resolve("redis-server"), "not executable");

    assertThat(RedisBinary.locate(null, dir.toString()).found()).isFalse();
  }

  @Test
  void anExplicitPathThatIsNotExecutableIsReportedAsSuch() {
    RedisBinary.Lookup lookup = RedisBinary.locate(dir.resolve("nope").toString(), null);

    assertThat(lookup.found()).isFalse();
    assertThat(lookup.explicit()).isTrue();
    assertThat(lookup.problem()).contains("hybridcache.redis.server").contains("nope");
  }

  @Test
  void theInstallHintNamesThePackageDockerAndTheWayToSkip() {
    assertThat(RedisBinary.INSTALL_HINT)
        .contains("apt-get install redis-server")
        .contains("Docker")
        .contains("hybridcache.redis.optional=true");
  }

  private static Path executable(Path path) throws IOException {
    Files.writeString(path, "#!/bin/sh\n");
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    return path;
  }
}

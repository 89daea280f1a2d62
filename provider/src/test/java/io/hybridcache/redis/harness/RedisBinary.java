package io.hybridcache.redis.harness;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Looks for the {@code redis-server} executable: the path in the system property {@code hybridcache.redis.server} when
 * set, otherwise the first {@code redis-server} on the {@code PATH}. It only looks: what happens when there is none is
 * for {@link BackendSelection} to decide.
 */
final class RedisBinary {
  static final String SERVER_PROPERTY = "hybridcache.redis.server";
  static final String OPTIONAL_PROPERTY = "hybridcache.redis.optional";
  static final String INSTALL_HINT =
      "Install it with `apt-get install redis-server` (Debian/Ubuntu; `.ci/run` does it in CI), `brew install redis`"
          + " (macOS), or name the binary with -D" + SERVER_PROPERTY + "=/path/to/redis-server; or run a Docker"
          + " engine: without a binary on the PATH the tests run Redis in a container through Testcontainers."
          + " To skip the Redis tests instead, run with -D" + OPTIONAL_PROPERTY + "=true.";

  private RedisBinary() {}

  /**
   * The outcome of a look-up.
   *
   * @param executable the executable found, or null
   * @param problem why none was found, or null when one was
   * @param explicit whether the executable was named (system property or {@link RedisServer.Options#executable})
   *     rather than searched for on the {@code PATH}
   */
  record Lookup(Path executable, String problem, boolean explicit) {
    boolean found() {
      return executable != null;
    }
  }

  /** Looks from the system properties and the environment of this JVM. */
  static Lookup locate() {
    return locate(System.getProperty(SERVER_PROPERTY), System.getenv("PATH"));
  }

  /**
   * Looks at {@code configured} (if not null or blank), otherwise on {@code searchPath} (a
   * {@link File#pathSeparator}-separated list; may be null).
   */
  static Lookup locate(String configured, String searchPath) {
    if (configured != null && !configured.isBlank()) {
      Path explicit = Path.of(configured);
      if (Files.isExecutable(explicit)) {
        return new Lookup(explicit, null, true);
      }
      return new Lookup(null, "redis-server named by -D" + SERVER_PROPERTY + " (or Options.executable) is not an"
          + " executable file: " + explicit, true);
    }
    if (searchPath != null) {
      for (String dir : searchPath.split(File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(dir, "redis-server");
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return new Lookup(candidate, null, false);
        }
      }
    }
    return new Lookup(null, "redis-server was not found on the PATH (" + searchPath + ")", false);
  }
}

package io.hybridcache.redis.harness;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the {@code redis-server} executable: the path in the system property {@code hybridcache.redis.server} when set,
 * otherwise the first {@code redis-server} on the {@code PATH}.
 *
 * <p>When none is found it fails with an {@link IllegalStateException} that says how to install Redis, unless Redis is
 * declared optional (system property {@code hybridcache.redis.optional=true}), in which case it aborts the running test
 * through a JUnit assumption, which skips it.
 */
final class RedisBinary {
  static final String SERVER_PROPERTY = "hybridcache.redis.server";
  static final String OPTIONAL_PROPERTY = "hybridcache.redis.optional";
  static final String INSTALL_HINT =
      "Install it with `apt-get install redis-server` (Debian/Ubuntu; `.ci/run` does it in CI), `brew install redis`"
          + " (macOS), or name the binary with -D" + SERVER_PROPERTY + "=/path/to/redis-server."
          + " To skip the Redis tests instead, run with -D" + OPTIONAL_PROPERTY + "=true.";

  private RedisBinary() {}

  /** The executable, located from the system properties and the environment of this JVM. */
  static Path find() {
    return find(
        System.getProperty(SERVER_PROPERTY),
        System.getenv("PATH"),
        Boolean.getBoolean(OPTIONAL_PROPERTY));
  }

  /**
   * The executable named by {@code configured} (if not null or blank) or found on {@code searchPath} (a
   * {@link File#pathSeparator}-separated list; may be null).
   *
   * @throws IllegalStateException when there is none and Redis is not optional
   * @throws org.opentest4j.TestAbortedException when there is none and Redis is optional
   */
  static Path find(String configured, String searchPath, boolean optional) {
    if (configured != null && !configured.isBlank()) {
      Path explicit = Path.of(configured);
      if (Files.isExecutable(explicit)) {
        return explicit;
      }
      String problem = "redis-server named by -D" + SERVER_PROPERTY + " is not an executable file: " + explicit;
      return missing(problem, optional);
    }
    if (searchPath != null) {
      for (String dir : searchPath.split(File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(dir, "redis-server");
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return missing("redis-server was not found on the PATH (" + searchPath + ")", optional);
  }

  private static Path missing(String problem, boolean optional) {
    String message = problem + ". Tests that need Redis start their own redis-server. " + INSTALL_HINT;
    Assumptions.assumeFalse(optional, message);
    throw new IllegalStateException(message);
  }
}

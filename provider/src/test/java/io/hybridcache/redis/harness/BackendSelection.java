package io.hybridcache.redis.harness;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;

/**
 * Decides what runs a test's Redis:
 *
 * <ol>
 *   <li>a {@code redis-server} binary was found: a child process ({@link ProcessBackend}); Docker is not asked, so
 *       nothing Docker-related runs or logs;
 *   <li>none on the {@code PATH}, but a Docker engine runs: a container ({@link ContainerBackend});
 *   <li>none, and no Docker engine: an {@link IllegalStateException} saying how to install Redis, or, when Redis is
 *       optional ({@code -Dhybridcache.redis.optional=true}), a JUnit assumption failure, which skips the test.
 * </ol>
 *
 * <p>An executable that was named (by {@code -Dhybridcache.redis.server} or {@link RedisServer.Options#executable})
 * but is not one is never replaced by a container: that is a mistake to report, not to work around.
 */
final class BackendSelection {
  private BackendSelection() {}

  /** What {@link #select} chose: a process running {@code executable}, or a container when it is null. */
  record Choice(Path executable) {
    static Choice process(Path executable) {
      return new Choice(Objects.requireNonNull(executable, "executable"));
    }

    static Choice container() {
      return new Choice(null);
    }

    boolean inContainer() {
      return executable == null;
    }

    /** A new backend of this kind; the container one loads Testcontainers, so it is built only when chosen. */
    RedisBackend newBackend(LaunchSettings settings) {
      return inContainer() ? new ContainerBackend(settings) : new ProcessBackend(executable, settings);
    }
  }

  /**
   * Chooses from the look-up of the binary, asking {@code dockerRuns} only when no binary was found by searching.
   *
   * @throws IllegalStateException when neither a binary nor Docker can run Redis and Redis is not optional
   * @throws org.opentest4j.TestAbortedException in that case when Redis is optional
   */
  static Choice select(RedisBinary.Lookup lookup, BooleanSupplier dockerRuns, boolean optional) {
    if (lookup.found()) {
      return Choice.process(lookup.executable());
    }
    if (!lookup.explicit() && dockerRuns.getAsBoolean()) {
      return Choice.container();
    }
    String docker = lookup.explicit()
        ? "A named binary is never replaced by a Redis container."
        : "No Docker engine was found either (Testcontainers looked) to run Redis in a container.";
    String message = lookup.problem() + ". " + docker + " Tests that need Redis start their own redis-server. "
        + RedisBinary.INSTALL_HINT;
    Assumptions.assumeFalse(optional, message);
    throw new IllegalStateException(message);
  }
}

package io.hybridcache.redis.harness;

import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine runs, as Testcontainers finds it ({@code DOCKER_HOST}, the local socket, its configuration
 * file). Asked only when no {@code redis-server} binary is found, and then once per JVM: the look-up may take a few
 * seconds and logs what Testcontainers tried.
 */
final class DockerEngine {
  private DockerEngine() {}

  /** True when Testcontainers can reach an engine; false when it cannot, or is not on the test class path. */
  static boolean isAvailable() {
    return Answer.AVAILABLE;
  }

  /** Holds the answer, computed when first asked for. */
  private static final class Answer {
    static final boolean AVAILABLE = lookUp();

    private static boolean lookUp() {
      try {
        return DockerClientFactory.instance().isDockerAvailable();
      } catch (NoClassDefFoundError e) {
        return false;
      }
    }
  }
}

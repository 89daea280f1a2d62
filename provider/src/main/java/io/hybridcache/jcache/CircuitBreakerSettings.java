package io.hybridcache.jcache;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code circuitBreakers} section of the configuration file: how long a component is skipped after it failed.
 *
 * @param distributedLevel how long the distributed level is skipped after a failure; zero never skips
 * @param backplane how long publishing is skipped after a failed publish (a message received ends it); zero never
 *     skips
 */
record CircuitBreakerSettings(Duration distributedLevel, Duration backplane) {

  /** The settings when the file has no {@code circuitBreakers} section: no component is ever skipped. */
  static final CircuitBreakerSettings BUILT_IN = new CircuitBreakerSettings(Duration.ZERO, Duration.ZERO);

  CircuitBreakerSettings {
    Objects.requireNonNull(distributedLevel, "distributedLevel must not be null");
    Objects.requireNonNull(backplane, "backplane must not be null");
  }
}

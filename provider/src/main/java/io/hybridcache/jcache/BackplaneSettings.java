package io.hybridcache.jcache;

import io.hybridcache.engine.ClusterNodeBuilder;
import java.time.Duration;

/**
 * The {@code backplane} section of the configuration file.
 *
 * @param enabled whether the manager runs a backplane when it has a distributed level (default true); without a
 *     {@code redis} section there is none either way
 * @param memoryDurationCeiling the longest an entry stays fresh in L1 after it was written or read from L2 (then it
 *     is read from L2 again), or null for none: bounds how long a lost backplane message can leave a copy stale
 * @param sweepInterval how often at most a cache marks its whole L1 stale because of messages (a gap in the
 *     sequence, an undecodable or refused message, a re-subscription); those asked for within it are made as one
 *     at its end (default 1 s, from 0 to 1 minute)
 */
record BackplaneSettings(boolean enabled, Duration memoryDurationCeiling, Duration sweepInterval) {

  /** The settings when the file has no {@code backplane} section. */
  static final BackplaneSettings BUILT_IN = new BackplaneSettings(true);

  /** Settings with no ceiling on L1 durations. */
  BackplaneSettings(boolean enabled) {
    this(enabled, null);
  }

  /** Settings with the default sweep interval. */
  BackplaneSettings(boolean enabled, Duration memoryDurationCeiling) {
    this(enabled, memoryDurationCeiling, ClusterNodeBuilder.DEFAULT_SWEEP_INTERVAL);
  }
}

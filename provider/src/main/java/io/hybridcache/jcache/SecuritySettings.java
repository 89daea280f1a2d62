package io.hybridcache.jcache;

import io.hybridcache.engine.ClusterNodeBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code security} section of the configuration file.
 *
 * @param envelopeKeys the keys of the envelope and backplane-message MACs, the first signing and all verifying (see
 *     {@link io.hybridcache.engine.ClusterNodeBuilder#envelopeKeys} and
 *     {@link io.hybridcache.redis.RedisConnection#open(org.redisson.config.Config, String, java.util.List)}); empty
 *     for unsigned envelopes and messages. Never printed.
 * @param maximumClockSkew how far ahead of a node's clock the time of a backplane message, of an entry or of a tag
 *     removal or clear read from Redis may be before it is refused (see
 *     {@link io.hybridcache.engine.ClusterNodeBuilder#maximumClockSkew})
 * @param removalCheckInterval how often each cache checks that the records of the tag removals and clears it knows
 *     are still in Redis, writing again those deleted or replaced by older ones (see
 *     {@link io.hybridcache.engine.ClusterNodeBuilder#removalCheckInterval}); zero: never
 */
record SecuritySettings(List<byte[]> envelopeKeys, Duration maximumClockSkew, Duration removalCheckInterval) {

  /** The maximum clock skew when the file gives none. */
  static final Duration DEFAULT_MAXIMUM_CLOCK_SKEW = Duration.ofMinutes(1);

  /** The settings when the file has no {@code security} section: unsigned envelopes, a skew of 1 minute. */
  static final SecuritySettings BUILT_IN = new SecuritySettings(List.of());

  SecuritySettings {
    envelopeKeys = Objects.requireNonNull(envelopeKeys, "envelopeKeys must not be null").stream()
        .map(key -> Objects.requireNonNull(key, "an envelope key must not be null").clone()).toList();
    Objects.requireNonNull(maximumClockSkew, "maximumClockSkew must not be null");
    Objects.requireNonNull(removalCheckInterval, "removalCheckInterval must not be null");
  }

  /** {@code envelopeKeys} and {@code maximumClockSkew} with the default removal check interval. */
  SecuritySettings(List<byte[]> envelopeKeys, Duration maximumClockSkew) {
    this(envelopeKeys, maximumClockSkew, ClusterNodeBuilder.DEFAULT_REMOVAL_CHECK_INTERVAL);
  }

  /** {@code envelopeKeys} with the default maximum clock skew. */
  SecuritySettings(List<byte[]> envelopeKeys) {
    this(envelopeKeys, DEFAULT_MAXIMUM_CLOCK_SKEW);
  }

  /** Copies of the keys (the record's own stay unchanged whatever the caller does with them). */
  @Override
  public List<byte[]> envelopeKeys() {
    return envelopeKeys.stream().map(byte[]::clone).toList();
  }

  /** Whether envelopes are signed and checked. */
  boolean signsEnvelopes() {
    return !envelopeKeys.isEmpty();
  }

  @Override
  public String toString() {
    return "SecuritySettings[" + envelopeKeys.size() + " envelope key(s), maximumClockSkew=" + maximumClockSkew
        + "]"; // never the keys
  }
}

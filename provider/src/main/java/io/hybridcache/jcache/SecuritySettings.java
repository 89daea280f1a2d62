package io.hybridcache.jcache;

import java.util.List;
import java.util.Objects;

/**
 * The {@code security} section of the configuration file.
 *
 * @param envelopeKeys the keys of the envelope and backplane-message MACs, the first signing and all verifying (see
 *     {@link io.hybridcache.engine.ClusterNode.Builder#envelopeKeys} and
 *     {@link io.hybridcache.redis.RedisConnection#open(org.redisson.config.Config, String, java.util.List)}); empty
 *     for unsigned envelopes and messages. Never printed.
 */
record SecuritySettings(List<byte[]> envelopeKeys) {

  /** The settings when the file has no {@code security} section: unsigned envelopes. */
  static final SecuritySettings BUILT_IN = new SecuritySettings(List.of());

  SecuritySettings {
    envelopeKeys = Objects.requireNonNull(envelopeKeys, "envelopeKeys must not be null").stream()
        .map(key -> Objects.requireNonNull(key, "an envelope key must not be null").clone()).toList();
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
    return "SecuritySettings[" + envelopeKeys.size() + " envelope key(s)]"; // never the keys
  }
}

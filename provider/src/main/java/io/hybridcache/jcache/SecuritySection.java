package io.hybridcache.jcache;

import io.hybridcache.engine.ClusterNodeBuilder;
import io.hybridcache.spi.SigningKeys;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code security} section of the configuration file:
 *
 * <pre>
 * security:
 *   envelopeKeys:                       # the first signs, all verify; each at least 32 bytes, in base64
 *     - "${HYBRIDCACHE_ENVELOPE_KEY}"   # an environment variable holding the key in base64
 *     - "q6Xv...="                      # or the key itself
 *   maximumClockSkew: 1m                # a time from Redis further ahead of the node's clock is refused (default 1m)
 *   removalCheckInterval: 30s           # how often deleted tag removal and clear records are written again (default
 *                                       # 30s, 0s to 1d; 0s: never)
 * </pre>
 *
 * Messages about a key name its position and, for a reference, the variable, never the key or any part of it.
 */
final class SecuritySection {
  static final String ENVELOPE_KEYS = "envelopeKeys";
  static final String MAXIMUM_CLOCK_SKEW = "maximumClockSkew";
  static final String REMOVAL_CHECK_INTERVAL = "removalCheckInterval";
  /** The shortest key, in bytes: what the signing keys require. */
  static final int MIN_KEY_BYTES = SigningKeys.MIN_KEY_BYTES;
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
  private static final String HOW = "write at least 32 random bytes in base64, e.g. the output of "
      + "openssl rand -base64 32, or \"${ENV_VAR}\" naming an environment variable that holds them";

  private SecuritySection() {}

  /**
   * The settings in {@code section}.
   *
   * @param environment reads environment variables, for {@code ${NAME}} references
   * @throws ConfigFileException for an unknown key, a value that is not a list of text, bad base64, a missing
   *     variable, a key shorter than {@value #MIN_KEY_BYTES} bytes or one given twice
   */
  static SecuritySettings read(YamlSection section, Function<String, String> environment) {
    section.requireKnownKeys(List.of(ENVELOPE_KEYS, MAXIMUM_CLOCK_SKEW, REMOVAL_CHECK_INTERVAL));
    Duration removalCheck = ClusterNodeBuilder.DEFAULT_REMOVAL_CHECK_INTERVAL;
    if (section.has(REMOVAL_CHECK_INTERVAL)) {
      removalCheck = section.duration(REMOVAL_CHECK_INTERVAL, DurationText::parse);
      try {
        ClusterNodeBuilder.checkRemovalCheckInterval(removalCheck);
      } catch (IllegalArgumentException e) {
        throw section.error(REMOVAL_CHECK_INTERVAL, "must be from 0s (never) to 1d (how often each cache writes "
            + "again the tag removal and clear records deleted from Redis), was " + removalCheck);
      }
    }
    Duration skew = SecuritySettings.DEFAULT_MAXIMUM_CLOCK_SKEW;
    if (section.has(MAXIMUM_CLOCK_SKEW)) {
      skew = section.duration(MAXIMUM_CLOCK_SKEW, DurationText::parse);
      if (skew.isNegative() || skew.isZero() || skew.compareTo(Duration.ofDays(1)) > 0) {
        throw section.error(MAXIMUM_CLOCK_SKEW, "must be positive and at most 1d (how far ahead of a node's clock "
            + "the time of a message, an entry or a clear read from Redis may be; above it, the nodes' clocks "
            + "disagree or the time was forged), was " + skew);
      }
    }
    if (!section.has(ENVELOPE_KEYS)) {
      return new SecuritySettings(List.of(), skew, removalCheck);
    }
    if (!(section.raw(ENVELOPE_KEYS) instanceof List<?> list) || list.isEmpty()) {
      throw section.error(ENVELOPE_KEYS, "must be a non-empty list of keys (the first signs, all verify); " + HOW
          + "; remove the key for unsigned envelopes");
    }
    List<byte[]> keys = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      String at = ENVELOPE_KEYS + "[" + i + "]";
      byte[] key = key(section, at, list.get(i), environment);
      for (int j = 0; j < i; j++) {
        if (MessageDigest.isEqual(key, keys.get(j))) {
          throw section.error(at, "is the same key as " + ENVELOPE_KEYS + "[" + j + "]; remove the repeat");
        }
      }
      keys.add(key);
    }
    return new SecuritySettings(keys, skew, removalCheck);
  }

  private static byte[] key(YamlSection section, String at, Object value, Function<String, String> environment) {
    if (!(value instanceof String text)) {
      throw section.error(at, "must be text (quote it); " + HOW); // the value is not echoed: it may be a secret
    }
    String base64 = text.trim();
    String source = "";
    Matcher reference = REFERENCE.matcher(base64);
    if (reference.matches()) {
      String variable = reference.group(1);
      source = " (from the environment variable " + variable + ")";
      base64 = environment.apply(variable);
      if (base64 == null || base64.isBlank()) {
        throw section.error(at, "the environment variable " + variable + " is not set or empty; " + HOW);
      }
      base64 = base64.trim();
    } else if (base64.contains("${")) {
      throw section.error(at, "a reference must be the whole value, \"${NAME}\" with NAME made of letters, digits "
          + "and _");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw section.error(at, "is not valid base64" + source + "; " + HOW);
    }
    if (key.length < MIN_KEY_BYTES) {
      throw section.error(at, "is " + key.length + " bytes long" + source + "; a key needs at least "
          + MIN_KEY_BYTES + " bytes (256 bits): " + HOW);
    }
    return key;
  }
}

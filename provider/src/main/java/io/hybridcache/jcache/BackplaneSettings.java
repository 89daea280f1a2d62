package io.hybridcache.jcache;

/**
 * The {@code backplane} section of the configuration file.
 *
 * @param enabled whether the manager runs a backplane when it has a distributed level (default true); without a
 *     {@code redis} section there is none either way
 */
record BackplaneSettings(boolean enabled) {

  /** The settings when the file has no {@code backplane} section. */
  static final BackplaneSettings BUILT_IN = new BackplaneSettings(true);
}

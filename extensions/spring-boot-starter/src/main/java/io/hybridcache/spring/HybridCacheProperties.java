package io.hybridcache.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The starter's properties, under {@code hybridcache}.
 *
 * <p>{@code hybridcache.config}: where the HybridCache YAML file is, as a Spring resource location
 * ({@code classpath:hybridcache.yaml}, {@code file:/etc/app/hybridcache.yaml}). Unset:
 * {@code classpath:hybridcache.yaml} when the class path has one, else the built-in defaults (memory level only). A
 * location set but missing fails the start. {@code hybridcache.allow-null-values} (default true): whether a null a
 * method returns is cached.
 */
@ConfigurationProperties("hybridcache")
public class HybridCacheProperties {
  private String config;
  private boolean allowNullValues = true;

  /** The configuration file's location, or null for the default. */
  public String getConfig() {
    return config;
  }

  /** Sets the configuration file's location; null or blank for the default. */
  public void setConfig(String config) {
    this.config = config;
  }

  /** Whether a null value is cached (as Spring's {@code NullValue}); true by default. */
  public boolean isAllowNullValues() {
    return allowNullValues;
  }

  /** Sets whether a null value is cached. */
  public void setAllowNullValues(boolean allowNullValues) {
    this.allowNullValues = allowNullValues;
  }
}

package io.hybridcache.spring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * The URI of the JCache manager, from {@code hybridcache.config}: a {@code classpath:} location as it is (the provider
 * reads it with the application's class loader), any other resource by its URL ({@code file:} or {@code jar:});
 * unset, {@code classpath:hybridcache.yaml} when it exists, else the provider's default URI (its built-in defaults).
 */
final class ConfigFileUri {
  static final String DEFAULT_LOCATION = "classpath:hybridcache.yaml";

  private ConfigFileUri() {}

  /**
   * @return the URI, or null for the provider's default
   * @throws IllegalStateException if {@code location} is set and names no existing resource
   */
  static URI of(String location, ResourceLoader loader) {
    if (location == null || location.isBlank()) {
      return loader.getResource(DEFAULT_LOCATION).exists() ? URI.create(DEFAULT_LOCATION) : null;
    }
    String trimmed = location.trim();
    Resource resource = loader.getResource(trimmed);
    if (!resource.exists()) {
      throw new IllegalStateException("hybridcache.config names " + trimmed + ", which does not exist: fix the "
          + "location (classpath:..., file:...) or remove the property to use " + DEFAULT_LOCATION
          + " or the built-in defaults");
    }
    if (trimmed.startsWith("classpath:")) {
      return URI.create(trimmed.replace("classpath:/", "classpath:"));
    }
    try {
      return resource.getURI();
    } catch (IOException e) {
      throw new UncheckedIOException("hybridcache.config: cannot make a URI of " + trimmed, e);
    }
  }
}

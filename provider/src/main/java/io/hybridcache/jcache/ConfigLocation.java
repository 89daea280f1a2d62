package io.hybridcache.jcache;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a cache manager's configuration file is: the resolution rules of {@link ConfigFile}, and the reading of the
 * file once found.
 *
 * @param name the file as messages name it: the location asked for and, when it differs, the URL it resolved to
 * @param url the URL to read
 */
record ConfigLocation(String name, URL url) {

  /** The system property that points the provider's default URI at a file. */
  static final String PROPERTY = "hybridcache.config";

  /** The environment variable read when {@link #PROPERTY} is not set. */
  static final String ENVIRONMENT_VARIABLE = "HYBRIDCACHE_CONFIG";

  /**
   * Finds the file {@code uri} names, following the rules in {@link ConfigFile}; empty when the URI names no file.
   *
   * @throws ConfigFileException if the URI names a file that does not exist or a location that is not valid
   */
  static Optional<ConfigLocation> resolve(URI uri, URI defaultUri, ClassLoader classLoader,
      Function<String, String> environment) {
    if (uri.equals(defaultUri)) {
      String property = System.getProperty(PROPERTY);
      if (property != null && !property.isBlank()) {
        return Optional.of(ofSetting(property.trim(), "system property " + PROPERTY, classLoader));
      }
      String variable = environment.apply(ENVIRONMENT_VARIABLE);
      if (variable != null && !variable.isBlank()) {
        return Optional.of(ofSetting(variable.trim(), "environment variable " + ENVIRONMENT_VARIABLE, classLoader));
      }
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "classpath":
        return Optional.of(ofResource(uri.toString(), uri.getSchemeSpecificPart(), classLoader));
      case "file", "jar":
        return Optional.of(ofUrl(uri.toString(), uri));
      default:
        String path = uri.getPath() != null ? uri.getPath() : uri.getSchemeSpecificPart();
        String lower = path == null ? "" : path.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
          return Optional.of(ofResource(uri.toString(), path, classLoader));
        }
        return Optional.empty(); // the URI is only the manager's identity
    }
  }

  /** The location a system property or environment variable gives: a classpath:, file: or jar: URI, or a path. */
  private static ConfigLocation ofSetting(String text, String origin, ClassLoader classLoader) {
    String lower = text.toLowerCase(Locale.ROOT);
    try {
      if (lower.startsWith("classpath:")) {
        return ofResource(text, text.substring("classpath:".length()), classLoader);
      }
      if (lower.startsWith("file:") || lower.startsWith("jar:")) {
        return ofUrl(text, new URI(text));
      }
      if (text.matches("[A-Za-z][A-Za-z0-9+.-]+:.*")) {
        throw new ConfigFileException("HybridCache configuration location \"" + text + "\" in " + origin
            + " has an unsupported scheme; write classpath:name.yaml, a file: or jar: URL, or a file path");
      }
      return ofUrl(text, Path.of(text).toAbsolutePath().toUri());
    } catch (URISyntaxException | InvalidPathException e) {
      throw new ConfigFileException("HybridCache configuration location \"" + text + "\" in " + origin
          + " is not a valid URI or path: " + e.getMessage(), e);
    }
  }

  private static ConfigLocation ofResource(String asked, String resourceName, ClassLoader classLoader) {
    String resource = resourceName.startsWith("/") ? resourceName.substring(1) : resourceName;
    URL url = classLoader.getResource(resource);
    if (url == null) {
      throw new ConfigFileException("HybridCache configuration " + asked + " not found: the class path has no resource "
          + resource + "; check the name, or give a file: URL or a file path");
    }
    return new ConfigLocation(asked + " (" + url + ")", url);
  }

  private static ConfigLocation ofUrl(String asked, URI uri) {
    try {
      URL url = uri.toURL();
      return new ConfigLocation(asked.equals(uri.toString()) ? asked : asked + " (" + uri + ")", url);
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new ConfigFileException("HybridCache configuration " + asked + " is not a valid URL: " + e.getMessage(), e);
    }
  }

  /** The file as a URI, for {@link ManagerSettings#source()}. */
  URI uri() {
    try {
      return url.toURI();
    } catch (URISyntaxException e) {
      return URI.create(url.toString().replace(" ", "%20"));
    }
  }

  /**
   * Reads the whole file, without letting the JDK cache an open jar.
   *
   * @throws ConfigFileException if the file does not exist or cannot be read
   */
  byte[] read() {
    try {
      URLConnection connection = url.openConnection();
      connection.setUseCaches(false);
      try (InputStream in = connection.getInputStream()) {
        return in.readAllBytes();
      }
    } catch (FileNotFoundException | NoSuchFileException e) {
      throw new ConfigFileException("HybridCache configuration " + name + " not found; check the path ("
          + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new ConfigFileException("HybridCache configuration " + name + " cannot be read: " + e, e);
    }
  }
}

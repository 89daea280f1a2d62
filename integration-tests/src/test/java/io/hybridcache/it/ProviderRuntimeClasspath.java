package io.hybridcache.it;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The runtime class path of hybridcache-provider, as maven-dependency-plugin's build-classpath wrote it: the
 * provider itself and its transitive runtime dependencies. In the reactor's {@code verify} the provider entry is the
 * shaded jar its package phase made (with {@code test} alone it would be provider/target/classes, which the tests
 * refuse); the dependencies are those of the provider's POM, which {@link #DEPENDENCY_REDUCED_POM_PROPERTY} lets the
 * tests compare with the published, dependency-reduced one. That is what a user gets by adding our one dependency.
 */
final class ProviderRuntimeClasspath {
  static final String FILE_PROPERTY = "hybridcache.it.providerRuntimeClasspath";
  static final String DEPENDENCY_REDUCED_POM_PROPERTY = "hybridcache.it.providerDependencyReducedPom";
  static final String PROVIDER_POM_PROPERTY = "hybridcache.it.providerPom";
  static final String SERVICE_FILE = "META-INF/services/javax.cache.spi.CachingProvider";

  private ProviderRuntimeClasspath() {
  }

  static List<Path> entries() {
    Path file = Path.of(System.getProperty(FILE_PROPERTY, "target/provider-runtime-classpath.txt"));
    try {
      String content = Files.readString(file, StandardCharsets.UTF_8).trim();
      return Arrays.stream(content.split(File.pathSeparator))
          .filter(entry -> !entry.isBlank())
          .map(Path::of)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " (written by the build-classpath execution)", e);
    }
  }

  /** The entries that are the provider's own artifact: a jar named hybridcache-provider-*.jar, or a directory. */
  static List<Path> providerEntries(List<Path> entries) {
    return entries.stream()
        .filter(entry -> Files.isDirectory(entry) || entry.getFileName().toString().startsWith("hybridcache-provider-"))
        .toList();
  }

  static Path pathProperty(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException("system property " + property + " is not set (integration-tests/pom.xml sets it)");
    }
    return Path.of(value);
  }

  /** A loader that sees exactly these entries, over the platform loader: none of the test's own class path. */
  static URLClassLoader isolatedLoader(List<Path> entries) {
    URL[] urls = entries.stream().map(ProviderRuntimeClasspath::toUrl).toArray(URL[]::new);
    return new URLClassLoader("provider-runtime", urls, ClassLoader.getPlatformClassLoader());
  }

  /** The provider class names the entry's service file declares; empty when it has none. */
  static List<String> declaredCachingProviders(Path entry) {
    try {
      if (Files.isDirectory(entry)) {
        Path service = entry.resolve(SERVICE_FILE);
        return Files.exists(service) ? parseServiceFile(Files.readString(service, StandardCharsets.UTF_8)) : List.of();
      }
      try (JarFile jar = new JarFile(entry.toFile())) {
        ZipEntry service = jar.getEntry(SERVICE_FILE);
        if (service == null) {
          return List.of();
        }
        try (InputStream in = jar.getInputStream(service)) {
          return parseServiceFile(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + entry, e);
    }
  }

  private static List<String> parseServiceFile(String content) {
    List<String> names = new ArrayList<>();
    for (String line : content.split("\\R")) {
      String name = line.replaceFirst("#.*", "").trim();
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names;
  }

  private static URL toUrl(Path entry) {
    try {
      return entry.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(entry.toString(), e);
    }
  }
}

package io.hybridcache.jcache;

import io.hybridcache.HybridCache;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The cache managers of one test, each opened from a YAML file in a directory of the test's own:
 *
 * <pre>{@code
 * @RegisterExtension final FileConfiguredManagers managers = new FileConfiguredManagers();
 * ... CacheManager n1 = managers.open("n1.yaml", yaml); ...
 * }</pre>
 *
 * <p>It owns that directory, the files written there and every manager it opened. The directory is created before
 * each test. After the test, every manager opened is closed, in the order opened, all of them even when a close throws
 * (the first failure is rethrown once all are closed, with the others suppressed); then the directory is deleted with
 * its files.
 */
final class FileConfiguredManagers implements BeforeEachCallback, AfterEachCallback {
  private final CachingProvider provider = Caching.getCachingProvider(HybridCachingProvider.class.getName());
  private final List<CacheManager> opened = new ArrayList<>();
  private ClassLoader loader;
  private Path dir;

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    loader = context.getRequiredTestClass().getClassLoader();
    dir = Files.createTempDirectory("hybridcache-test-");
  }

  /**
   * Writes {@code yaml} to the file {@code name} of this test's directory, replacing one of that name.
   *
   * @return the file's URI, which {@link #open(URI)} takes
   */
  URI write(String name, String yaml) throws IOException {
    if (dir == null) {
      throw new IllegalStateException("no directory: register FileConfiguredManagers with @RegisterExtension");
    }
    return Files.writeString(dir.resolve(name), yaml).toUri();
  }

  /**
   * Opens the manager configured by {@code file} with the test class's loader, to be closed after the test.
   *
   * @throws javax.cache.CacheException as the provider throws it, when the manager cannot be opened (nothing to close)
   */
  CacheManager open(URI file) {
    CacheManager manager = provider.getCacheManager(file, loader);
    opened.add(manager);
    return manager;
  }

  /** Writes {@code yaml} to the file {@code name} and opens the manager it configures, as {@link #open(URI)}. */
  CacheManager open(String name, String yaml) throws IOException {
    return open(write(name, yaml));
  }

  /** Creates the cache {@code name} of String keys and values on {@code manager}, with the JSR's defaults. */
  static Cache<String, String> stringJCache(CacheManager manager, String name) {
    return manager.createCache(name, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  /** {@link #stringJCache}, unwrapped: its {@link HybridCache}. */
  @SuppressWarnings("unchecked")
  static HybridCache<String, String> stringCache(CacheManager manager, String name) {
    return stringJCache(manager, name).unwrap(HybridCache.class);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Throwable failure = null;
    for (CacheManager manager : opened) {
      try {
        manager.close();
      } catch (Throwable e) {
        failure = firstOf(failure, e);
      }
    }
    opened.clear();
    try {
      delete(dir);
    } catch (IOException e) {
      failure = firstOf(failure, e);
    }
    dir = null;
    if (failure instanceof Error error) {
      throw error;
    }
    if (failure != null) {
      throw (Exception) failure;
    }
  }

  private static Throwable firstOf(Throwable first, Throwable next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  private static void delete(Path dir) throws IOException {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}

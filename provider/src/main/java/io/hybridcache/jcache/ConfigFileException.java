package io.hybridcache.jcache;

import javax.cache.CacheException;

/**
 * A configuration file that cannot be found, read or understood. It is a {@link CacheException}, what a caller of
 * {@code CachingProvider.getCacheManager} expects; its message names the file, the key path (such as
 * {@code caches.users.duration}) where there is one, what is wrong and how to fix it.
 */
final class ConfigFileException extends CacheException {
  private static final long serialVersionUID = 1L;

  ConfigFileException(String message) {
    super(message);
  }

  ConfigFileException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A problem at {@code keyPath} of {@code file}; an empty path means the file as a whole. */
  static ConfigFileException at(String file, String keyPath, String problem) {
    return new ConfigFileException(keyPath.isEmpty()
        ? "HybridCache configuration " + file + ": " + problem
        : "HybridCache configuration " + file + ", at " + keyPath + ": " + problem);
  }
}

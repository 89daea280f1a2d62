package io.hybridcache.jcache;

/** Where a manager finds the settings of its caches: its configuration file, or the built-in defaults. */
interface CacheSettingsSource {

  /** The settings of the cache named {@code name}: its own section of the file, else the defaults. */
  CacheSettings cache(String name);

  /** Whether the file declares the cache named {@code name} (then {@code getCache} creates it on first use). */
  boolean isDeclared(String name);
}

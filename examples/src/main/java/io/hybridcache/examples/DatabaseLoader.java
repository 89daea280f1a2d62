package io.hybridcache.examples;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;

/** A read-through {@link CacheLoader} over a {@link FakeDatabase}: one query per key it loads. */
record DatabaseLoader(FakeDatabase<Product> db) implements CacheLoader<String, Product>, Serializable {
  @Override
  public Product load(String key) {
    try {
      return db.query(key);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheLoaderException(e);
    }
  }

  @Override
  public Map<String, Product> loadAll(Iterable<? extends String> keys) {
    Map<String, Product> loaded = new HashMap<>();
    keys.forEach(key -> loaded.put(key, load(key)));
    return loaded;
  }
}

package io.hybridcache.spi;

/**
 * Maps cache keys to the strings that name them in the distributed level and on the backplane, and back. The mapping
 * must be deterministic across JVMs (the same key gives the same string on every node) and injective; string keys
 * should stay readable.
 *
 * @param <K> the key type
 */
public interface KeyCodec<K> {

  /**
   * The string naming {@code key}; never null or empty.
   *
   * @param key the key
   * @return the string naming {@code key}
   */
  String encode(K key);

  /**
   * The key named by {@code encoded}.
   *
   * @param encoded a string {@link #encode} produced
   * @return the key named by {@code encoded}
   * @throws IllegalArgumentException if {@code encoded} was not produced by {@link #encode}
   */
  K decode(String encoded);
}

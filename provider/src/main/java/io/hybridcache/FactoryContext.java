package io.hybridcache;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link Factory} knows about the entry it produces, and how it adapts that entry.
 *
 * <p>A context belongs to one factory run and is not thread-safe; use it only from within the factory (or the stage an
 * {@link AsyncFactory} returns, before it completes). Changes made after the factory completed are ignored.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface FactoryContext<K, V> {

  /** {@return the key being produced} */
  K key();

  /** {@return the expired value still held as a fallback (or the current value during an eager refresh), if any} */
  Optional<V> staleValue();

  /** {@return the options the produced entry will be saved with} */
  EntryOptions options();

  /**
   * Replaces the options the produced entry is saved with (adaptive caching), e.g. a shorter duration for a value
   * that changes often. Applies to this entry only.
   *
   * @param options the options to save the produced entry with
   * @throws NullPointerException if {@code options} is null
   */
  void options(EntryOptions options);

  /** {@return the tags the produced entry will carry (never null, unmodifiable)} */
  Set<String> tags();

  /**
   * Replaces the tags the produced entry carries.
   *
   * @param tags the tags of the entry (an empty set for none)
   * @throws NullPointerException if {@code tags} or one of its elements is null
   * @throws IllegalArgumentException if a tag is empty
   */
  void tags(Set<String> tags);

  /** {@return the entity tag of the fallback value, as saved by {@link #modified(Object, String, Instant)}, if any} */
  Optional<String> etag();

  /**
   * {@return the last-modified time of the fallback value, as saved by {@link #modified(Object, String, Instant)}, if
   * any}
   */
  Optional<Instant> lastModified();

  /**
   * Answers a conditional refresh with "not modified": the fallback value is kept (with its etag and last-modified
   * time) and saved again with fresh options. Return what this method returns.
   *
   * @return the fallback value
   * @throws IllegalStateException if there is no fallback value to keep
   */
  V notModified();

  /**
   * Answers a conditional refresh with a new value and its validators, to be given back through {@link #etag()} and
   * {@link #lastModified()} on the next refresh. Return what this method returns.
   *
   * @param value the new value, not null
   * @param etag the value's entity tag, or null
   * @param lastModified the value's last-modified time, or null
   * @return {@code value}
   */
  V modified(V value, String etag, Instant lastModified);

  /**
   * Reports a failure without throwing: the run counts as failed (fail-safe applies exactly as for a thrown exception,
   * and without a fallback the caller gets a {@link FactoryFailedException} with this reason). Return what this method
   * returns.
   *
   * @param reason what went wrong, for the caller and the logs
   * @return {@code null}, which the cache does not store
   */
  V fail(String reason);
}

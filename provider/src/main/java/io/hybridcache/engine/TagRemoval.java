package io.hybridcache.engine;

/**
 * What becomes of an entry hidden by the removal of one of its tags, when a read comes across it: the entry is never
 * served as fresh again either way.
 */
public enum TagRemoval {
  /** Expire it: with fail-safe on it stays as a fallback, served when a later factory fails. */
  EXPIRE,
  /** Remove it: no fallback is left. */
  REMOVE
}

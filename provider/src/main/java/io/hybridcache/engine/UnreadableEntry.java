package io.hybridcache.engine;

/**
 * The bytes a {@code getOrSet}'s read of L2 found under its key and could not read (corrupt, truncated, foreign, of
 * another format version, unsigned or with a MAC that does not verify, of a class the serializer refuses): the write
 * of the factory result then replaces exactly those bytes, even where their header claims a later time than the
 * result's (a damaged header, a tampered one), which the level's ordering would otherwise keep. Anything written
 * there meanwhile is left to that ordering. Set at most once per read, possibly on another thread than the write's.
 */
final class UnreadableEntry {
  private volatile byte[] bytes;

  void found(byte[] unreadable) {
    bytes = unreadable;
  }

  /** The unreadable bytes, or null when the read found none. */
  byte[] bytes() {
    return bytes;
  }
}

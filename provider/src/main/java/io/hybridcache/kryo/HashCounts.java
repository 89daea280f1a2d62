package io.hybridcache.kryo;

/**
 * How many elements of one hash collection being read had each hash code: an open-addressing table of int keys,
 * cleared in time proportional to what it held, so one large collection does not make clearing it for every small
 * one after it expensive. Not thread-safe.
 */
final class HashCounts {
  private static final int INITIAL = 16;
  /** Past this many slots, clearing drops the table instead of keeping it. */
  private static final int MAX_RETAINED = 4096;

  private int[] keys = new int[INITIAL];
  private int[] counts = new int[INITIAL];
  /** The slots in use, in the order they were taken, so clearing touches only them. */
  private int[] used = new int[INITIAL / 2];
  private int size;
  /** The collection the counts are of. */
  private long owner = -1;

  long owner() {
    return owner;
  }

  /** Forgets every count and lets go of a large table: the graph was read. */
  void release() {
    clear(-1);
  }

  /** Forgets every count, for the collection {@code newOwner}. */
  void clear(long newOwner) {
    owner = newOwner;
    if (keys.length > MAX_RETAINED) {
      keys = new int[INITIAL];
      counts = new int[INITIAL];
      used = new int[INITIAL / 2];
    } else {
      for (int i = 0; i < size; i++) {
        counts[used[i]] = 0;
      }
    }
    size = 0;
  }

  /** Counts one more element with hash code {@code hash}; returns how many were counted before it. */
  int add(int hash) {
    int mask = keys.length - 1;
    int slot = mix(hash) & mask;
    while (counts[slot] != 0 && keys[slot] != hash) {
      slot = (slot + 1) & mask;
    }
    if (counts[slot] != 0) {
      return counts[slot]++;
    }
    keys[slot] = hash;
    counts[slot] = 1;
    used[size++] = slot;
    if (size * 2 >= keys.length) {
      grow();
    }
    return 0;
  }

  private void grow() {
    int[] oldKeys = keys;
    int[] oldCounts = counts;
    int[] oldUsed = used;
    int oldSize = size;
    keys = new int[oldKeys.length * 2];
    counts = new int[oldKeys.length * 2];
    used = new int[oldKeys.length];
    size = 0;
    int mask = keys.length - 1;
    for (int i = 0; i < oldSize; i++) {
      int from = oldUsed[i];
      int slot = mix(oldKeys[from]) & mask;
      while (counts[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = oldKeys[from];
      counts[slot] = oldCounts[from];
      used[size++] = slot;
    }
  }

  private static int mix(int hash) {
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}

package io.hybridcache.kryo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Graphs whose decoding, without a bound on work, never ends in human time: hash-based collections sharing references,
 * so that hashing them walks an exponential number of paths. Built so that building them hashes nothing expensive
 * (sets are linked into their parents while still small), and written with Kryo, which hashes nothing either: their
 * bytes are what an attacker who can write to Redis would put there.
 */
public final class HostilePayloads {
  private HostilePayloads() {}

  /**
   * The classic SerialDOS payload: each level holds two sets, each holding both sets of the level below, so hashing
   * the top walks about 2^depth paths (depth 30: about 1.3 KB of Kryo bytes).
   */
  public static Set<Object> serialDos(int depth) {
    return serialDos(depth, HashSet::new, new HashSet<>());
  }

  /** {@link #serialDos(int)} of the sets {@code sets} makes, into {@code root} (which may already be hashed, empty). */
  public static Set<Object> serialDos(int depth, Supplier<Set<Object>> sets, Set<Object> root) {
    Set<Object> s1 = root;
    Set<Object> s2 = sets.get();
    for (int i = 0; i < depth; i++) {
      Set<Object> t1 = sets.get();
      Set<Object> t2 = sets.get();
      t1.add("foo"); // so that t1 and t2 differ
      s1.add(t1);
      s1.add(t2);
      s2.add(t1);
      s2.add(t2);
      s1 = t1;
      s2 = t2;
    }
    return root;
  }

  /**
   * {@code levels} levels of {@code width} sets, each holding every set of the level below: only {@code levels} hash
   * collections deep, yet hashing the top walks width^levels paths.
   */
  public static Set<Object> wideBomb(int width, int levels) {
    Set<Object> root = new HashSet<>();
    List<List<Set<Object>>> all = new ArrayList<>();
    for (int level = 0; level < levels; level++) {
      List<Set<Object>> sets = new ArrayList<>();
      for (int i = 0; i < width; i++) {
        Set<Object> set = new HashSet<>();
        set.add(level * width + i);
        sets.add(set);
      }
      all.add(sets);
    }
    root.addAll(all.get(0));
    for (int level = 0; level < levels - 1; level++) {
      for (Set<Object> parent : all.get(level)) {
        parent.addAll(all.get(level + 1));
      }
    }
    return root;
  }

  /** The Kryo bytes of {@code graph}, as {@link KryoValueSerializer} writes them, however deep. */
  public static byte[] kryoBytes(Object graph) {
    return new KryoValueSerializer(HostilePayloads.class.getClassLoader(), name -> true, Integer.MAX_VALUE)
        .serialize(graph);
  }
}

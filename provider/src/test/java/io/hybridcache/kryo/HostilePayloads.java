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

  /**
   * {@link #serialDos(int)} of {@code ArrayList}s: lists do not hash their elements, but the hash code of the top one
   * walks about 2^depth paths, as {@code Arrays.deepHashCode} does in Spring's {@code SimpleKey.readObject}.
   */
  public static List<Object> serialDosLists(int depth, List<Object> root) {
    List<Object> l1 = root;
    List<Object> l2 = new ArrayList<>();
    for (int i = 0; i < depth; i++) {
      List<Object> t1 = new ArrayList<>();
      List<Object> t2 = new ArrayList<>();
      t1.add("foo");
      l1.add(t1);
      l1.add(t2);
      l2.add(t1);
      l2.add(t2);
      l1 = t1;
      l2 = t2;
    }
    return root;
  }

  /** The Kryo bytes of {@code graph}, as {@link KryoValueSerializer} writes them, however deep. */
  public static byte[] kryoBytes(Object graph) {
    return new KryoValueSerializer(HostilePayloads.class.getClassLoader(), name -> true, Integer.MAX_VALUE)
        .serialize(graph);
  }

  /**
   * The Kryo bytes of {@link #serialDos} as nested {@code Set.of} sets ({@code java.util.ImmutableCollections$SetN}),
   * which hash their elements only once all of them are read, so such a graph cannot be built in memory cheaply; its
   * bytes can: the {@code HashSet}s are written with the serializer Kryo reads {@code Set.of} sets with, then the class
   * name is replaced (Kryo writes an ASCII class name once, its last character marked by the high bit, then refers
   * to it by number).
   */
  public static byte[] setOfBomb(int depth) {
    ConfiguredKryo kryo = new ConfiguredKryo(HostilePayloads.class.getClassLoader(), ClassNameFilter.ALLOW_ALL,
        Integer.MAX_VALUE);
    kryo.addDefaultSerializer(HashSet.class, kryo.getDefaultSerializer(Set.of(1, 2, 3).getClass()));
    com.esotericsoftware.kryo.io.Output output = new com.esotericsoftware.kryo.io.Output(4096, -1);
    kryo.writeClassAndObject(output, serialDos(depth));
    return renamingClass(output.toBytes(), "java.util.HashSet", "java.util.ImmutableCollections$SetN");
  }

  /**
   * The Kryo bytes of a {@code HashSet} of {@code count} distinct two-element sets {i, -i}, whose hash codes are all
   * 0: a hash collision flood. Written as an {@code ArrayList} (Kryo writes both the same way), so building it hashes
   * nothing, then renamed.
   */
  public static byte[] collisionFlood(int count) {
    List<Object> elements = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      elements.add(new HashSet<>(List.of(i, -i)));
    }
    return renamingClass(kryoBytes(elements), "java.util.ArrayList", "java.util.HashSet");
  }

  /** The {@link #collisionFlood} elements, as Java serialization writes a {@code HashSet} of them. */
  public static hc.forged.HashSet javaSerializedCollisionFlood(int count) {
    List<Object> elements = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      elements.add(new HashSet<>(List.of(i, -i)));
    }
    return new hc.forged.HashSet(elements);
  }

  /** {@code bytes} with the Java serialization of {@code hc.forged.HashSet} naming {@code java.util.HashSet}. */
  public static byte[] forgingHashSet(byte[] bytes) {
    byte[] from = "hc.forged.HashSet".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] to = "java.util.HashSet".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (int i = 0; i + from.length <= bytes.length; i++) {
      if (java.util.Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
        byte[] forged = bytes.clone();
        System.arraycopy(to, 0, forged, i, to.length);
        return forged;
      }
    }
    throw new IllegalArgumentException("hc.forged.HashSet is not in the bytes");
  }

  private static byte[] renamingClass(byte[] bytes, String from, String to) {
    byte[] old = asciiName(from);
    byte[] now = asciiName(to);
    for (int i = 0; i + old.length <= bytes.length; i++) {
      if (java.util.Arrays.equals(bytes, i, i + old.length, old, 0, old.length)) {
        byte[] result = new byte[bytes.length - old.length + now.length];
        System.arraycopy(bytes, 0, result, 0, i);
        System.arraycopy(now, 0, result, i, now.length);
        System.arraycopy(bytes, i + old.length, result, i + now.length, bytes.length - i - old.length);
        return result;
      }
    }
    throw new IllegalArgumentException(from + " is not in the bytes");
  }

  private static byte[] asciiName(String name) {
    byte[] ascii = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    ascii[ascii.length - 1] |= (byte) 0x80;
    return ascii;
  }
}

package io.hybridcache.kryo;

import com.esotericsoftware.kryo.KryoException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * The bound on the work hash-based collections do while one graph is decoded. A {@code HashSet} (or {@code HashMap}
 * key, {@code LinkedHashSet}, {@code Hashtable}, {@code ConcurrentHashMap}, {@code Set.of} and {@code Map.of}, an
 * unmodifiable or synchronized set or map over one of them: every set or map that is not sorted, an identity map or
 * an enum set or map) computes the hash code of each element it is given, and the hash code of a set, list or map
 * walks everything inside it. Bytes that share references can describe a small graph whose hash codes walk an
 * exponential number of paths: sets of sets nested 30 deep in 1.2 KB (the "SerialDOS" of Java serialization) hash
 * for hours, and wider sharing gets there with fewer levels, so neither the byte count nor the nesting depth alone
 * bounds the work.
 *
 * <p>So every object read gets a weight: 1, plus the weights of the objects read inside it (a reference to an object
 * read before has that object's weight; one still being read, a cycle, weighs 1). The weight is never below the
 * number of hash code calls hashing the object can make, whatever its class, when everything inside it came through
 * Kryo. Before an element (or map key) read inside a hash-based collection is handed to the collection, its weight is
 * charged to the graph's budget; past the budget the bytes are refused with a {@link KryoException}, before the
 * expensive insertion. Map values are not charged: a map does not hash them. Whether the object being read hashes
 * what is read inside it is known from its class, read before its contents, so a {@code Set.of} made only once its
 * elements are read is covered too.
 *
 * <p>Inserting an element into a hash collection also compares it with the elements inserted before it that have the
 * same hash code: each such comparison is charged too ({@link #chargeCollisions}).
 *
 * <p>The budget is {@value #BASE} plus {@value #PER_BYTE} per byte decoded, up to {@value #SCALED_BYTES} bytes (a
 * larger value, or a key name of megabytes, buys no more work). A graph without shared references is
 * charged at most its object count times the number of hash collections it nests, and every object takes at least a
 * byte, so only values that nest hash collections more than {@value #PER_BYTE} deep, values past a megabyte with
 * more than 17 million such charges, or values that put many elements sharing a large graph into a hash collection,
 * come near it. Hashing a whole budget took at most about 0.35 s (nested sets, wide sets or a collision flood at
 * the largest budget, on two shared cores).
 *
 * <p>Objects read with Java serialization inside the stream (classes that define their own serialization, and JDK
 * classes Kryo cannot read field by field, such as {@code Collections.checkedSet}) fill their hash collections in
 * their own {@code readObject}, which no Kryo hook sees: {@link JavaStreamWork} weighs and charges them to the same
 * budget ({@link #charge}), and the object Kryo handed to Java serialization weighs what it weighed there ({@link
 * #weighs}).
 *
 * <p>One per Kryo instance; not thread-safe.
 */
final class HashingWork {
  static final long BASE = 1_000_000;
  static final int PER_BYTE = 16;
  /** Past this many bytes the budget stops growing: {@value #BASE} plus 16 MiB steps, hashed within about 0.35 s. */
  static final int SCALED_BYTES = 1 << 20;
  /** The steps one comparison of two elements with equal hash codes is charged, a few hash code calls' worth. */
  static final int PER_COMPARISON = 4;

  private static final byte UNKNOWN = 0;
  private static final byte OTHER = 1;
  private static final byte HASHED_ELEMENTS = 2;
  private static final byte HASHED_KEYS = 3;
  /** Flags of an object being read: its class is read next; it was created (not a reference to an earlier one). */
  private static final byte AWAITING_CLASS = 1;
  private static final byte CREATED = 2;

  private static final ClassValue<Byte> KINDS = new ClassValue<>() {
    @Override
    protected Byte computeValue(Class<?> type) {
      return kindOf(type);
    }
  };

  private long[] weights = new long[32];
  private byte[] kinds = new byte[32];
  private int[] children = new int[32];
  private byte[] flags = new byte[32];
  /**
   * The object Kryo registered for the one being read, which later references resolve to: not always the object
   * read ({@code Set.of} sets are registered as the list their elements are read into).
   */
  private Object[] registered = new Object[32];
  /** The frame's number, telling the hash counts of one collection from those of the one read before at its depth. */
  private long[] frames = new long[32];
  private long frameCount;
  /** The hash codes of the elements of the hash collection read at each depth, created when first needed. */
  private HashCounts[] hashCounts = new HashCounts[32];
  private int top = -1;
  /** Past this many objects weighed, the map is dropped after the graph instead of cleared (clear keeps its table). */
  private static final int MAX_RETAINED = 1024;

  /** The weights above 1 of the objects read so far, for references to them. */
  private IdentityHashMap<Object, Long> known = new IdentityHashMap<>();
  private long charged;
  private long budget;
  private boolean active;

  /** Starts a graph of {@code byteCount} bytes. */
  void start(int byteCount) {
    top = -1;
    charged = 0;
    budget = BASE + (long) PER_BYTE * Math.min(byteCount, SCALED_BYTES);
    active = true;
  }

  /** Ends the graph and lets go of what it read. */
  void stop() {
    active = false;
    java.util.Arrays.fill(registered, 0, Math.max(0, top + 1), null);
    top = -1;
    if (known.size() > MAX_RETAINED) {
      known = new IdentityHashMap<>();
    } else {
      known.clear();
    }
    for (HashCounts counts : hashCounts) {
      if (counts != null) {
        counts.release();
      }
    }
  }

  boolean active() {
    return active;
  }

  /** An object starts being read; its class is read next ({@link #classRead}). */
  void enter() {
    if (++top == weights.length) {
      int size = weights.length * 2;
      weights = java.util.Arrays.copyOf(weights, size);
      kinds = java.util.Arrays.copyOf(kinds, size);
      children = java.util.Arrays.copyOf(children, size);
      flags = java.util.Arrays.copyOf(flags, size);
      registered = java.util.Arrays.copyOf(registered, size);
      frames = java.util.Arrays.copyOf(frames, size);
      hashCounts = java.util.Arrays.copyOf(hashCounts, size);
    }
    frames[top] = ++frameCount;
    weights[top] = 1;
    kinds[top] = UNKNOWN;
    children[top] = 0;
    flags[top] = AWAITING_CLASS;
  }

  /** An object of class {@code type} starts being read. */
  void enter(Class<?> type) {
    enter();
    flags[top] = 0;
    kinds[top] = KINDS.get(type);
  }

  /**
   * A class was read: the class of the object being read when that one was waiting for it (the kind of collection
   * is known before anything inside it is read, even when the collection itself is made only afterwards, as a
   * {@code Set.of} is); any other class read inside it is not its own.
   */
  void classRead(Class<?> type) {
    if (top >= 0 && (flags[top] & AWAITING_CLASS) != 0) {
      flags[top] &= ~AWAITING_CLASS;
      if (type != null) {
        kinds[top] = KINDS.get(type);
      }
    }
  }

  /** The object being read was created (Kryo registers every object it reads, except a reference to an earlier one). */
  void created(Object object) {
    if (top >= 0 && object != null) {
      if ((flags[top] & CREATED) == 0) {
        registered[top] = object;
      }
      flags[top] |= CREATED;
      if (kinds[top] == UNKNOWN) {
        kinds[top] = KINDS.get(object.getClass());
      }
    }
  }

  /**
   * The object being read is {@code result}: its weight is added to the object it was read in, and charged when that
   * one hashes it.
   *
   * @throws KryoException past the budget
   */
  <T> T exit(T result) {
    long weight = weights[top];
    boolean fresh = (flags[top] & CREATED) != 0 || weight > 1;
    Object registeredAs = registered[top];
    registered[top] = null;
    top--;
    if (result != null) {
      if (fresh) {
        if (weight > 1) {
          known.put(result, weight);
          if (registeredAs != null && registeredAs != result) {
            known.put(registeredAs, weight);
          }
        }
      } else {
        Long earlier = known.get(result); // a reference to an object read before
        if (earlier != null) {
          weight = earlier;
        }
      }
    }
    if (top >= 0) {
      int index = children[top]++;
      byte parent = kinds[top];
      if (parent == HASHED_ELEMENTS || (parent == HASHED_KEYS && index % 2 == 0)) {
        charged = saturatedAdd(charged, weight);
        if (charged > budget) {
          throw new Exceeded("Hashing the elements of the hash-based collections read so far would take more"
              + " than " + budget + " steps (" + bound() + "): the bytes nest hash-based"
              + " collections that share references, which makes computing their hash codes explode");
        }
        chargeCollisions(result);
      }
      weights[top] = saturatedAdd(weights[top], weight);
    }
    return result;
  }

  /**
   * Charges the comparisons inserting {@code element} into the hash collection being read can cost: {@value
   * #PER_COMPARISON} steps per element inserted before it with the same hash code. Distinct elements with equal hash
   * codes that are not {@code Comparable} make a {@code HashMap} compare each new one with all of them, so many of
   * them (a hash collision flood: 16,000 two-element sets with hash code 0 fit in 140 KB and took 5 s) cost time
   * quadratic in their number.
   * The element's hash code is computed here, after its weight was charged, so at most once more than the collection
   * computes it; an element whose hash code cannot be computed yet (a cycle still being read) is not counted.
   */
  private void chargeCollisions(Object element) {
    if (element == null) {
      return;
    }
    int hash;
    try {
      hash = element.hashCode();
    } catch (RuntimeException | StackOverflowError e) {
      return; // the collection meets the same failure, or hashes the element only once the cycle is read
    }
    HashCounts counts = hashCounts[top];
    if (counts == null) {
      counts = hashCounts[top] = new HashCounts();
    }
    if (counts.owner() != frames[top]) {
      counts.clear(frames[top]);
    }
    int earlier = counts.add(hash);
    if (earlier > 0) {
      charged = saturatedAdd(charged, (long) PER_COMPARISON * earlier);
      if (charged > budget) {
        throw new Exceeded("Inserting the elements of the hash-based collections read so far would take more than "
            + budget + " steps (" + bound() + "): the bytes hold many distinct elements with equal hash codes in one"
            + " hash-based collection, which makes inserting each compare it with all the others");
      }
    }
  }

  private static String bound() {
    return BASE + " plus " + PER_BYTE + " per byte up to " + SCALED_BYTES + " bytes";
  }

  /** The budget left: steps that can still be charged. */
  long remaining() {
    return budget - charged;
  }

  /**
   * Charges {@code steps} of hashing that objects Java serialization read may do.
   *
   * @throws Exceeded past the budget
   */
  void charge(long steps) {
    charge(steps, "the bytes nest hash-based collections that share references, or refer back to a large object"
        + " many times, inside an object Java serialization reads");
  }

  /**
   * Charges {@code comparisons} of objects with equal hash codes that objects Java serialization read may make.
   *
   * @throws Exceeded past the budget
   */
  void chargeComparisons(long comparisons) {
    charge(PER_COMPARISON * comparisons, "the bytes hold many distinct objects with equal hash codes inside an"
        + " object Java serialization reads, which makes a hash-based collection compare each with all the others");
  }

  private void charge(long steps, String why) {
    charged = saturatedAdd(charged, steps);
    if (charged > budget) {
      throw new Exceeded("Hashing the objects Java serialization read so far could take more than " + budget
          + " steps (" + bound() + "): " + why);
    }
  }

  /** The object being read weighs at least {@code weight}: what Java serialization read inside it weighed. */
  void weighs(long weight) {
    if (top >= 0 && weight > weights[top]) {
      weights[top] = weight;
    }
  }

  /** The refusal of bytes past the budget. */
  static final class Exceeded extends KryoException {
    private static final long serialVersionUID = 1L;

    Exceeded(String message) {
      super(message);
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  private static byte kindOf(Class<?> type) {
    if (Map.class.isAssignableFrom(type)) {
      boolean hashes = !SortedMap.class.isAssignableFrom(type) && !IdentityHashMap.class.isAssignableFrom(type)
          && !EnumMap.class.isAssignableFrom(type);
      return hashes ? HASHED_KEYS : OTHER;
    }
    if (Set.class.isAssignableFrom(type)) {
      boolean hashes = !SortedSet.class.isAssignableFrom(type) && !EnumSet.class.isAssignableFrom(type);
      return hashes ? HASHED_ELEMENTS : OTHER;
    }
    return OTHER;
  }
}

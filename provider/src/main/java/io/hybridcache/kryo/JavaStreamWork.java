package io.hybridcache.kryo;

import java.io.ObjectInputFilter;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bound on the hashing work of the objects Java serialization reads inside a Kryo stream, charged to the graph's
 * {@link HashingWork} budget. Their hash collections are filled by the JDK's own {@code readObject} (and {@code
 * Set.of} sets by a {@code readResolve}, Spring's {@code SimpleKey} hashes its parameters in its {@code readObject}),
 * where no hook can charge an element before it is hashed; what the stream offers is a callback when an object is
 * complete ({@link #resolved}, from {@code resolveObject}) and one when a class or a reference to an earlier object
 * or class descriptor is read ({@link #filtered}, from the serialization filter).
 *
 * <p>So every object is weighed when it is complete: 1 plus the weights of the objects it refers to directly ({@link
 * DirectReferences}), each of which was complete before it (an object still being read, a cycle, weighs 1). Its
 * weight is charged at once, as the work of hashing it once, before whatever holds it can hash it. A reference to an
 * object read before is not complete again, and its target is not known when it is read, so once the next callback
 * shows it was a reference to an object (and not to a class descriptor: a reference inside a descriptor, to the
 * descriptor of a superclass, or to the descriptor of an object that is then read), it is charged the weight of the
 * heaviest object read so far. When a charge passes the budget, the bytes are refused ({@link HashingWork.Exceeded}).
 * At most one hash insertion happens between a reference and its charge, and it costs at most the heaviest weight,
 * which is within the budget, so the work done before a refusal stays below twice the budget.
 *
 * <p>Distinct objects with equal hash codes are charged too ({@link #countCollisions}): a hash collection
 * compares each new one with all those it holds, which costs time quadratic in their number.
 *
 * <p>For the depth at which a string completes to be known, a string is replaced by an equal copy (sharing its
 * characters), which makes the stream call the filter for it. The charge for references is conservative: a value
 * that Java serialization reads and that refers back to objects many times after a large part of it was read may be
 * refused, which Kryo's exact weights would accept.
 *
 * <p>One per object stream, so per graph; not thread-safe.
 */
final class JavaStreamWork {
  private final HashingWork hashing;
  /** The weights above 1 of the objects read so far. */
  private final IdentityHashMap<Object, Long> weights = new IdentityHashMap<>();
  /** Per hash code, the distinct objects read with it: one object, or {@link DistinctObjects}. */
  private final Map<Integer, Object> distinct = new HashMap<>();
  private long heaviest = 1;
  /** A reference was read at {@link #referenceDepth}; the next callback tells whether to an object. */
  private boolean referencePending;
  private long referenceDepth;
  /** A string was replaced by a copy: the next filter call is for that copy, at the string's depth. */
  private boolean stringAwaitingDepth;
  /** A class descriptor with a serializable superclass was read: its superclass's follows at this depth. */
  private long superDescriptorDepth = -1;
  /** Inside a class descriptor's own fields: references read there are to the strings naming field types. */
  private boolean readingDescriptor;

  JavaStreamWork(HashingWork hashing) {
    this.hashing = hashing;
  }

  /** The stream is about to read a class descriptor's name and fields ({@code readClassDescriptor}). */
  void descriptorStarted() {
    readingDescriptor = true;
  }

  /** The class descriptor's name and fields were read. */
  void descriptorEnded() {
    readingDescriptor = false;
  }

  /**
   * The serialization filter was called: for a class (a new class descriptor, an array, an object that replaced
   * another) or, without a class, for a reference to an object or a class descriptor read before.
   *
   * @throws HashingWork.Exceeded past the budget
   */
  void filtered(ObjectInputFilter.FilterInfo info) {
    Class<?> type = info.serialClass();
    long depth = info.depth();
    if (stringAwaitingDepth) {
      stringAwaitingDepth = false;
      settle(depth <= referenceDepth);
      return;
    }
    if (readingDescriptor && type == null) {
      return; // a reference to a string naming a field's type
    }
    long superDepth = superDescriptorDepth;
    superDescriptorDepth = -1;
    if (type == null && depth == superDepth) {
      return; // the reference to the descriptor of the superclass of the descriptor just read
    }
    boolean inside = depth > referenceDepth || (depth == referenceDepth && type != null && info.arrayLength() >= 0);
    settle(!inside);
    if (type == null) {
      referencePending = true;
      referenceDepth = depth;
    } else if (info.arrayLength() < 0 && type.getSuperclass() != null
        && Serializable.class.isAssignableFrom(type.getSuperclass())) {
      superDescriptorDepth = depth + 1;
    }
  }

  /**
   * An object is complete (after its {@code readResolve}): weighs it and charges its weight.
   *
   * @return the object to use instead: an equal copy of a string, the object itself otherwise
   * @throws HashingWork.Exceeded past the budget
   */
  Object resolved(Object object) {
    superDescriptorDepth = -1;
    if (object instanceof String string) {
      hashing.charge(1);
      stringAwaitingDepth = true;
      return new String(string); // distinct, so the stream filters it, and equal, sharing the characters
    }
    long[] weight = {1};
    long limit = hashing.remaining();
    DirectReferences.forEach(object, child -> {
      weight[0] += weightOf(child);
      if (weight[0] > limit) {
        hashing.charge(weight[0]); // refuses without walking the rest
      }
    });
    settle(weight[0] > 1); // an object read after a reference to its descriptor had nothing inside it
    if (weight[0] > 1) {
      weights.put(object, weight[0]);
      heaviest = Math.max(heaviest, weight[0]);
    }
    hashing.charge(weight[0]);
    countCollisions(object);
    return object;
  }

  /**
   * Charges the comparisons a hash collection inserting {@code object} can make: one per distinct object (by {@code
   * equals}) with the same hash code read before it in this stream, compared here to find out; the count {@link
   * HashingWork} charges per
   * collection, here over the whole stream, as the collection an object goes into is not known when it is complete.
   * Equal objects count once, so a value repeating equal objects in many places is not charged for them. Strings,
   * boxes and enum constants are left out: a {@code HashMap} orders equal-hash keys of one {@code Comparable} class
   * in a tree, and an enum constant's hash code is its identity's.
   */
  private void countCollisions(Object object) {
    if (object instanceof Enum || JavaSerializationRules.isPlatform(object.getClass())
        && object.getClass().getPackageName().equals("java.lang")) {
      return;
    }
    int hash;
    try {
      hash = object.hashCode();
    } catch (RuntimeException | StackOverflowError e) {
      return; // a cycle still being read: the collection meets the same, or hashes it only once it is read
    }
    Object known = distinct.get(hash);
    if (known == null) {
      distinct.put(hash, object);
      return;
    }
    List<Object> others;
    if (known instanceof DistinctObjects list) {
      others = list;
    } else {
      others = new DistinctObjects();
      others.add(known);
      distinct.put(hash, others);
    }
    for (Object other : others) {
      hashing.chargeComparisons(1);
      if (equal(object, other)) {
        return;
      }
    }
    others.add(object);
  }

  private static boolean equal(Object a, Object b) {
    try {
      return a.equals(b);
    } catch (RuntimeException | StackOverflowError e) {
      return false;
    }
  }

  /** The distinct objects read with one hash code, when there are several; a type of its own to tell from values. */
  private static final class DistinctObjects extends ArrayList<Object> {
    private static final long serialVersionUID = 1L;
  }

  /**
   * The stream returned {@code result} to Kryo: a reference still pending was that object.
   *
   * @return the weight of {@code result}
   */
  long returned(Object result) {
    long weight = weightOf(result);
    if (referencePending) {
      referencePending = false;
      hashing.charge(weight);
    }
    return weight;
  }

  private long weightOf(Object object) {
    Long weight = weights.get(object);
    return weight == null ? 1 : weight;
  }

  private void settle(boolean toAnObject) {
    if (referencePending) {
      referencePending = false;
      if (toAnObject) {
        hashing.charge(heaviest);
      }
    }
  }
}

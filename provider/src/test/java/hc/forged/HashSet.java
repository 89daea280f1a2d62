package hc.forged;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Collections;
import java.util.List;

/**
 * Writes what a {@code java.util.HashSet} of the elements given writes with Java serialization, without being one,
 * so it can hold what a real set never holds (one element many times) and is built without hashing anything (many
 * elements with equal hash codes): its name has the length of {@code java.util.HashSet} and its serialVersionUID is
 * that class's, so replacing the name in the bytes forges such a set, as hostile bytes can. Test code only.
 */
public final class HashSet implements Serializable {
  private static final long serialVersionUID = -5024744406713321676L;
  private final transient List<?> elements;

  public HashSet(List<?> elements) {
    this.elements = elements;
  }

  /** A set whose bytes hold {@code element}, then {@code count - 1} references back to it. */
  public static HashSet repeating(Object element, int count) {
    return new HashSet(Collections.nCopies(count, element));
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    out.writeInt(16);
    out.writeFloat(0.75f);
    out.writeInt(elements.size());
    for (Object element : elements) {
      out.writeObject(element);
    }
  }
}

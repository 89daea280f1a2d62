package hc.forged;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * Writes what a {@code java.util.HashSet} of {@code count} elements writes with Java serialization, but with one
 * element {@code count} times, which a real set never holds: its name has the length of {@code java.util.HashSet}
 * and its serialVersionUID is that class's, so replacing the name in the bytes forges a set whose stream refers back
 * to one element over and over, as hostile bytes can. Test code only.
 */
public final class HashSet implements Serializable {
  private static final long serialVersionUID = -5024744406713321676L;
  private final transient Object element;
  private final transient int count;

  public HashSet(Object element, int count) {
    this.element = element;
    this.count = count;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    out.writeInt(16);
    out.writeFloat(0.75f);
    out.writeInt(count);
    for (int i = 0; i < count; i++) {
      out.writeObject(element);
    }
  }
}

package io.hybridcache.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * A Kryo serializer that writes an object with Java serialization, for the classes that define how they are
 * serialized ({@code writeReplace}, {@code readResolve}, {@code writeObject}, {@code readObject},
 * {@code Externalizable}) and for JDK classes whose internals cannot be reached without {@code --add-opens}.
 *
 * <p>All the objects of one graph that go through here share one object stream, so references among them survive;
 * an object reachable both from inside such an object and from outside it comes back as two copies, because the two
 * serializations keep separate reference tables. Classes are resolved with the Kryo instance's class loader and must
 * pass its {@link ClassNameFilter}. Objects read here nest at most as deeply as the Kryo instance allows (a
 * serialization filter, merged with any the JVM sets), counted from the object Kryo handed to Java serialization,
 * and, when the graph's decoding is bounded, their hashing work is charged to its budget ({@link JavaStreamWork}).
 */
final class JavaSerialization extends Serializer<Object> {
  private final ClassNameFilter filter;
  private final int maxDepth;

  JavaSerialization(ClassNameFilter filter, int maxDepth) {
    this.filter = filter;
    this.maxDepth = maxDepth;
  }

  @Override
  @SuppressWarnings("unchecked") // Kryo's graph context is a raw map
  public void write(Kryo kryo, Output output, Object object) {
    try {
      ObjectOutputStream out = (ObjectOutputStream) kryo.getGraphContext().get(this);
      if (out == null) {
        out = new ObjectOutputStream(output);
        kryo.getGraphContext().put(this, out);
      }
      out.writeObject(object);
      out.flush();
    } catch (IOException e) {
      throw new KryoException("Java serialization of " + object.getClass().getName() + " failed: " + e, e);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object read(Kryo kryo, Input input, Class<? extends Object> type) {
    try {
      ResolvingInputStream in = (ResolvingInputStream) kryo.getGraphContext().get(this);
      if (in == null) {
        HashingWork hashing = kryo instanceof ConfiguredKryo configured ? configured.hashing() : null;
        JavaStreamWork work = hashing != null && hashing.active() ? new JavaStreamWork(hashing) : null;
        in = new ResolvingInputStream(input, kryo.getClassLoader(), filter, maxDepth, work);
        kryo.getGraphContext().put(this, in);
      }
      try {
        Object result = in.readObject();
        if (in.work != null) {
          ((ConfiguredKryo) kryo).hashing().weighs(in.work.returned(result));
        }
        return result;
      } catch (IOException e) {
        HashingWork.Exceeded exceeded = exceeded(e);
        if (exceeded != null) {
          throw exceeded; // the filter's refusal, with its reason
        }
        if (in.depthExceeded) {
          throw new KryoException("Max depth exceeded: objects read with Java serialization (" + type.getName()
              + ") nest deeper than " + maxDepth, e);
        }
        throw e;
      }
    } catch (IOException | ClassNotFoundException e) {
      throw new KryoException("Java deserialization of " + type.getName() + " failed: " + e, e);
    }
  }

  private static HashingWork.Exceeded exceeded(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HashingWork.Exceeded exceeded) {
        return exceeded;
      }
    }
    return null;
  }

  /**
   * An object input stream that loads classes with a given class loader, after the filter allowed them, and, when
   * decoding is bounded, bounds the depth and the hashing work ({@link JavaStreamWork}) of what it reads.
   */
  private static final class ResolvingInputStream extends ObjectInputStream {
    private final ClassLoader classLoader;
    private final ClassNameFilter filter;
    /** The bound on hashing work, or null when the graph is not bounded (a copy of the caller's own value). */
    final JavaStreamWork work;
    /** Whether the depth filter refused an object. */
    boolean depthExceeded;

    ResolvingInputStream(Input input, ClassLoader classLoader, ClassNameFilter filter, int maxDepth,
        JavaStreamWork work) throws IOException {
      super(input);
      this.classLoader = classLoader;
      this.filter = filter;
      this.work = work;
      if (maxDepth != Integer.MAX_VALUE || work != null) {
        ObjectInputFilter bound = info -> {
          if (info.depth() > maxDepth) {
            depthExceeded = true;
            return ObjectInputFilter.Status.REJECTED;
          }
          if (work != null) {
            work.filtered(info); // throws past the budget, which the stream reports as a rejection
          }
          return ObjectInputFilter.Status.UNDECIDED;
        };
        ObjectInputFilter current = getObjectInputFilter(); // the JVM's, if it sets one
        setObjectInputFilter(current == null ? bound : ObjectInputFilter.merge(bound, current));
      }
      if (work != null) {
        enableResolveObject(true);
      }
    }

    @Override
    protected Object resolveObject(Object object) {
      return work == null ? object : work.resolved(object);
    }

    @Override
    protected ObjectStreamClass readClassDescriptor() throws IOException, ClassNotFoundException {
      if (work == null) {
        return super.readClassDescriptor();
      }
      work.descriptorStarted();
      try {
        return super.readClassDescriptor();
      } finally {
        work.descriptorEnded();
      }
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass descriptor) throws IOException, ClassNotFoundException {
      String name = descriptor.getName();
      check(name);
      try {
        return Class.forName(name, false, classLoader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(descriptor); // primitive types, and classes only the caller's loader sees
      }
    }

    @Override
    protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
      for (String name : interfaces) {
        check(name);
      }
      return super.resolveProxyClass(interfaces);
    }

    private void check(String name) throws InvalidClassException {
      if (!filter.allows(name)) {
        throw new InvalidClassException(name, "Class is not allowed");
      }
    }
  }
}

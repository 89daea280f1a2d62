package io.hybridcache.kryo;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import io.hybridcache.spi.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread-safe pool of {@link ConfiguredKryo} instances for one class loader, each with its own output buffer. Every
 * call borrows an instance for its duration. An instance whose call failed is dropped instead of returned, because
 * Kryo may leave state behind after an exception (half-popped generic type stacks, a graph depth); an output buffer
 * that grew past {@value #MAX_RETAINED_BUFFER} bytes is replaced by a small one, so one large value does not keep
 * its size in memory.
 *
 * <p>Failures become {@link SerializationException}s naming the value's class (or the byte count), the reason, and
 * the advice given at construction.
 */
final class KryoPool {
  private static final Logger LOG = LoggerFactory.getLogger(KryoPool.class);
  private static final int INITIAL_BUFFER = 4 * 1024;
  private static final int MAX_RETAINED_BUFFER = 1024 * 1024;
  private static final int MAX_IDLE = Math.max(8, 2 * Runtime.getRuntime().availableProcessors());

  private final Pool<Slot> pool;
  private final String advice;
  private final int maxDepth;

  /**
   * @param classLoader resolves the classes named in the bytes
   * @param filter the classes bytes may name
   * @param maxDepth how deeply objects may nest, written or read ({@link Integer#MAX_VALUE}: no bound)
   * @param advice what the user can do when a value cannot be written, appended to the exception message
   */
  KryoPool(ClassLoader classLoader, ClassNameFilter filter, int maxDepth, String advice) {
    this.advice = advice;
    this.maxDepth = maxDepth;
    this.pool = new Pool<>(true, false, MAX_IDLE) {
      @Override
      protected Slot create() {
        return new Slot(new ConfiguredKryo(classLoader, filter, maxDepth));
      }
    };
  }

  /** The bytes of {@code value}, class name included. */
  byte[] serialize(Object value) {
    Slot slot = pool.obtain();
    try {
      slot.write(value);
      byte[] bytes = slot.output.toBytes();
      pool.free(slot);
      return bytes;
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      throw writeFailure("serialize", value, e);
    }
  }

  /**
   * The value {@code bytes} encode. Bytes that decode to nothing, to null or leave bytes over are refused; a size
   * declared in corrupt bytes that does not fit in memory is reported as corrupt bytes too, as it is the only thing
   * that can have asked for that much here. The work is bounded: objects nest at most {@code maxDepth} deep, and the
   * hashing of hash-based collections is bounded by {@link HashingWork}.
   */
  Object deserialize(byte[] bytes) {
    Slot slot = pool.obtain();
    try {
      Input input = new BoundedInput(bytes, 0, bytes.length);
      Object value;
      slot.kryo.startDecoding(bytes.length);
      try {
        value = slot.kryo.readClassAndObject(input);
      } finally {
        slot.kryo.stopDecoding();
      }
      pool.free(slot);
      if (value == null) {
        throw readFailure(bytes, "they encode null, which serialize never writes", null);
      }
      if (input.position() != bytes.length) {
        throw readFailure(bytes, (bytes.length - input.position()) + " bytes are left over", null);
      }
      return value;
    } catch (SerializationException e) {
      throw e;
    } catch (RuntimeException | LinkageError | StackOverflowError | OutOfMemoryError e) {
      SerializationException refused = boundFailure(bytes, e);
      throw refused != null ? refused : readFailure(bytes, reason(e), e);
    }
  }

  /**
   * The refusal of bytes past a bound on decoding work, with a message of its own (so it is logged apart from corrupt
   * bytes), or null when {@code e} is another failure.
   */
  private SerializationException boundFailure(byte[] bytes, Throwable e) {
    if (isDepthExceeded(e)) {
      return new SerializationException("Refused " + bytes.length + " bytes past the maximum depth: " + reason(e)
          + ". They were written by another writer than this cache, or by a node with a larger maxDepth.", e);
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HashingWork.Exceeded) {
        return new SerializationException("Refused " + bytes.length + " bytes past the bound on hashing work: "
            + t.getMessage().strip() + ".", e);
      }
    }
    return null;
  }

  /** A deep copy of {@code value}: written to the pooled buffer and read back, with no intermediate byte array. */
  Object copy(Object value) {
    Slot slot = pool.obtain();
    try {
      slot.write(value);
      Object copy = slot.kryo.readClassAndObject(
          new BoundedInput(slot.output.getBuffer(), 0, slot.output.position()));
      pool.free(slot);
      return copy;
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      throw writeFailure("copy", value, e);
    }
  }

  private SerializationException writeFailure(String action, Object value, Throwable cause) {
    LOG.debug("Dropped a Kryo instance after a failed {} of {}", action, value.getClass().getName(), cause);
    String what = isDepthExceeded(cause) ? "Raise serialization.maxDepth, or keep such values out of the distributed"
        + " level." : advice;
    return new SerializationException("Cannot " + action + " a value of class " + value.getClass().getName() + ": "
        + reason(cause) + ". " + what, cause);
  }

  private SerializationException readFailure(byte[] bytes, String reason, Throwable cause) {
    return new SerializationException("Cannot deserialize " + bytes.length + " bytes: " + reason + ". The bytes are"
        + " corrupt, were written by an incompatible version, or name a class that is missing or not allowed here.",
        cause);
  }

  private String reason(Throwable e) {
    if (isDepthExceeded(e)) {
      return "objects nest deeper than the maximum depth, " + maxDepth + " (serialization.maxDepth)";
    }
    if (e instanceof StackOverflowError) {
      return "the object graph is nested too deeply for the thread's stack";
    }
    if (e instanceof OutOfMemoryError) {
      return "a size they declare does not fit in memory";
    }
    return e.getMessage() != null ? e.getMessage().strip() : e.toString();
  }

  /** Kryo's own refusal, or that of the depth filter of the Java serialization inside the stream. */
  private static boolean isDepthExceeded(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && message.startsWith("Max depth exceeded")) {
        return true;
      }
    }
    return false;
  }

  /** One pooled Kryo instance with its output buffer. */
  private static final class Slot implements Pool.Poolable {
    final ConfiguredKryo kryo;
    final Output output = new Output(INITIAL_BUFFER, -1);

    Slot(ConfiguredKryo kryo) {
      this.kryo = kryo;
    }

    void write(Object value) {
      output.reset();
      kryo.writeClassAndObject(output, value);
    }

    @Override
    public void reset() {
      if (output.getBuffer().length > MAX_RETAINED_BUFFER) {
        output.setBuffer(new byte[INITIAL_BUFFER], -1);
      }
    }
  }
}

package io.hybridcache.spi;

/**
 * Turns values into bytes for the distributed level and back. Implementations must be thread-safe and must refuse to
 * instantiate classes they were not allowed to (a distributed level can be written by others).
 */
public interface ValueSerializer {

  /**
   * Encodes {@code value}.
   *
   * @param value the value to encode
   * @return the bytes
   * @throws SerializationException if the value cannot be encoded
   */
  byte[] serialize(Object value);

  /**
   * Decodes bytes written by {@link #serialize}.
   *
   * @param bytes bytes written by {@link #serialize}
   * @return the value
   * @throws SerializationException if the bytes are corrupt or name a class that is not allowed
   */
  Object deserialize(byte[] bytes);
}

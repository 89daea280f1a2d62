package io.hybridcache.spi;

import io.hybridcache.HybridCacheException;

/** A value or an envelope could not be encoded or decoded. */
public class SerializationException extends HybridCacheException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message and an optional cause.
   *
   * @param message the message
   * @param cause the cause
   */
  public SerializationException(String message, Throwable cause) {
    super(message, cause);
  }
}

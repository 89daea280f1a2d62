package io.hybridcache;

/** The base of the unchecked exceptions HybridCache throws on its own account. */
public class HybridCacheException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message the message
   */
  public HybridCacheException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message the message
   * @param cause the cause
   */
  public HybridCacheException(String message, Throwable cause) {
    super(message, cause);
  }
}

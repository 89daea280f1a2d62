package io.hybridcache;

/**
 * A factory failed and no fallback value could stand in: it threw a checked exception (the cause), or it reported a
 * failure through {@link FactoryContext#fail(String)} (no cause). An unchecked exception thrown by a factory reaches
 * the caller unchanged.
 */
public class FactoryFailedException extends HybridCacheException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message and an optional cause.
   *
   * @param message the message
   * @param cause the cause
   */
  public FactoryFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}

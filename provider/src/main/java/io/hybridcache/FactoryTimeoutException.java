package io.hybridcache;

/**
 * A factory did not finish within its hard timeout and no fallback value could stand in. If the options allow it, the
 * factory goes on in the background and its value is cached when it completes.
 */
public class FactoryTimeoutException extends HybridCacheException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message the message
   */
  public FactoryTimeoutException(String message) {
    super(message);
  }
}

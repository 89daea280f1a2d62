package io.hybridcache;

/**
 * Publishing a backplane notification failed while the operation's options asked to see it
 * ({@link EntryOptions#reThrowBackplaneExceptions()}); otherwise such failures are logged and counted, and the other
 * nodes catch up when their copies expire.
 */
public class BackplaneException extends HybridCacheException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message and the failure of the backplane.
   *
   * @param message the message
   * @param cause the cause
   */
  public BackplaneException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.hybridcache;

/**
 * The distributed level failed (unreachable, timed out, refused the command) while the operation's options asked to see
 * it ({@link EntryOptions#reThrowDistributedCacheExceptions()}); otherwise such failures are logged and counted and the
 * operation goes on with the memory level.
 */
public class DistributedCacheException extends HybridCacheException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message and the failure of the distributed level. */
  public DistributedCacheException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.hybridcache;

/**
 * The distributed level failed (unreachable, timed out, refused the command) while the operation's options asked to see
 * it ({@link EntryOptions#reThrowDistributedCacheExceptions()}); otherwise such failures are logged and counted and the
 * operation goes on with the memory level.
 *
 * <p>Also thrown, whatever the options, by a JCache atomic operation whose compare-and-set lost to another writer on
 * every attempt until its time bound passed ({@link EntryOptions#distributedCacheHardTimeout()}, 10 seconds when
 * unset); the message names the key, the bound and the setting, and the entry is left unchanged.
 */
public class DistributedCacheException extends HybridCacheException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message and the failure of the distributed level.
   *
   * @param message the message
   * @param cause the cause
   */
  public DistributedCacheException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.hybridcache.engine;

/** A lock this thread or operation holds, released by {@link #close()} (which throws nothing). */
@FunctionalInterface
interface HeldLock extends AutoCloseable {
  /** Releases the lock. */
  @Override
  void close();
}

package io.hybridcache.jcache;

/**
 * The number of Redisson I/O threads ({@code nettyThreads}) a {@code redis} section that does not set it gets: one per
 * processor, at least 2 and at most 32 (Redisson's own default, kept on machines of 32 processors or more).
 *
 * <p>Why: a node's own pub/sub notice comes back on its subscription connection while the write's reply comes on a
 * command connection; with Redisson's 32 threads another thread reads each, and on two cores that wake-up delays the
 * writer (a {@code set} cost 1.32x a bare {@code SET} at 32 threads, 1.05x at one; see docs/benchmarks.md). Each
 * thread serves many connections, so one per processor keeps every core busy without threads waiting for a core.
 */
final class NettyThreadsDefault {
  /** Redisson's default, and the most this default gives. */
  static final int MAXIMUM = 32;
  /** The fewest this default gives: one thread for commands and one for subscriptions can then run at once. */
  static final int MINIMUM = 2;

  private NettyThreadsDefault() {}

  /** {@return the default for a machine of {@code processors} processors} */
  static int forProcessors(int processors) {
    return Math.max(MINIMUM, Math.min(MAXIMUM, processors));
  }

  /** {@return the default for this machine ({@link Runtime#availableProcessors()})} */
  static int forThisMachine() {
    return forProcessors(Runtime.getRuntime().availableProcessors());
  }
}

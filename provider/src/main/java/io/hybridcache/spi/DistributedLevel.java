package io.hybridcache.spi;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The contract of a distributed cache level shared by every node (Redis in production, an in-memory map in tests).
 *
 * <p>A level stores opaque envelopes (bytes the engine encodes and decodes) under string keys the engine builds; it
 * never interprets them. Every operation is asynchronous and must not block the calling thread; a failure completes the
 * future exceptionally and the engine decides (circuit breaker, auto-recovery, re-throw). A write may carry the
 * backplane notification that must follow it, so an implementation that can do both in one round trip (a Redis script
 * that writes, bumps the sequence and publishes) does; otherwise the engine publishes it itself.
 */
public interface DistributedLevel extends AutoCloseable {

  /** Reads the envelope under {@code key}; the future completes with {@code null} when there is none. */
  CompletableFuture<byte[]> get(String key);

  /**
   * Writes {@code envelope} under {@code key}, to disappear after {@code timeToLive} (the entry's physical lifetime).
   *
   * @param notification the backplane message to publish once the write succeeded, or {@code null} for none
   */
  CompletableFuture<Void> set(String key, byte[] envelope, Duration timeToLive, BackplaneMessage notification);

  /**
   * Removes {@code key}; removing an absent key succeeds.
   *
   * @param notification the backplane message to publish once the removal succeeded, or {@code null} for none
   */
  CompletableFuture<Void> remove(String key, BackplaneMessage notification);

  /** Whether {@link #set} and {@link #remove} publish their notification themselves. */
  boolean publishesNotifications();

  /** Releases the connections; later calls fail. */
  @Override
  void close();
}

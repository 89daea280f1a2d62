package io.hybridcache.redis.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What runs the Redis of a {@link RedisServer}: a {@code redis-server} child process ({@link ProcessBackend}) or, where
 * no binary is installed but a Docker engine runs, a container ({@link ContainerBackend}). {@link BackendSelection}
 * picks one.
 *
 * <p>One backend serves one server for its whole life: each {@link #launch} starts a new, empty Redis reachable on
 * 127.0.0.1 at the given port, after the previous one was killed. The faults have the same effect on a client whatever
 * the backend: after {@link #kill()} connections are refused, while {@link #pause()} lasts they are accepted but no
 * command is answered. Not thread-safe: {@link RedisServer} synchronizes the calls.
 */
interface RedisBackend {
  /**
   * Starts a new, empty Redis on {@code port} and returns once it answers PING on connections opened by
   * {@code connector} (which authenticates when the server has a password), within the options' start timeout.
   *
   * @throws PortTaken when another process holds the port: the caller tries again, or another port
   * @throws IllegalStateException when Redis exits or stays silent; the message holds the tail of its log
   */
  void launch(int port, Connector connector);

  /** The operating-system id of the current Redis process; it changes at each launch. */
  long pid();

  /** The log file of the current Redis; a new one at each launch. */
  Path logFile();

  /** Whether Redis is alive, also while it is paused. */
  boolean isRunning();

  /** Whether Redis was paused and not resumed since. */
  boolean isPaused();

  /** Kills Redis at once and returns once it is gone; does nothing when it is already dead. Data is lost. */
  void kill();

  /**
   * Freezes Redis and returns once it is frozen.
   *
   * @throws IllegalStateException when it is not running
   */
  void pause();

  /** Wakes a paused Redis; does nothing when it is not paused. */
  void resume();

  /** Stops Redis for good (resuming it first when paused) and frees what it holds. Idempotent, never throws. */
  void stop();

  /** Says what runs Redis now, for {@link RedisServer#toString()}, e.g. {@code "pid 4242"}. */
  String describe();

  /** Opens a connection to the server, authenticated when it has a password ({@link RedisServer#connect}). */
  @FunctionalInterface
  interface Connector {
    RespClient connect(Duration timeout) throws IOException;
  }
}

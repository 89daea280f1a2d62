package io.hybridcache.redis.harness;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link RedisServer} per test class:
 *
 * <pre>{@code
 * @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();
 * ... redis.server().uri() ...
 * }</pre>
 *
 * <p>The server starts before the first test of the class and is closed after the last one. Before each test, a server
 * that an earlier test paused is resumed and one it killed is restarted (empty), so a fault test does not break the
 * tests after it; data written by earlier tests is otherwise kept.
 *
 * <p>The field must be static: on an instance field JUnit never calls {@code beforeAll}, and {@link #server()} then
 * fails. When neither {@code redis-server} nor a Docker engine is there, the whole class fails (or is skipped when
 * {@code hybridcache.redis.optional=true}).
 */
public final class RedisServerExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
  private final RedisServer.Options options;
  private RedisServer server;

  /** A server with the default options. */
  public RedisServerExtension() {
    this(RedisServer.Options.defaults());
  }

  /** A server started with {@code options}. */
  public RedisServerExtension(RedisServer.Options options) {
    this.options = options;
  }

  /**
   * The server of the running test class.
   *
   * @throws IllegalStateException outside the class's lifecycle, or when the extension is not on a static field
   */
  public RedisServer server() {
    if (server == null) {
      throw new IllegalStateException(
          "no Redis server: register RedisServerExtension with @RegisterExtension on a static field");
    }
    return server;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = RedisServer.start(options);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (server == null) {
      return;
    }
    if (server.isPaused()) {
      server.resume();
    }
    if (!server.isRunning()) {
      server.restart();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
      server = null;
    }
  }
}

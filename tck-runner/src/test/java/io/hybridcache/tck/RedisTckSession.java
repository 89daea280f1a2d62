package io.hybridcache.tck;

import io.hybridcache.redis.harness.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Runs the TCK with every cache on L1 + L2 + backplane against a real Redis, when the system property
 * {@value #MODE_PROPERTY} is {@code true} (the {@code tck-redis} execution of this module sets it).
 *
 * <p>When the launcher session opens, it starts a {@code redis-server} of its own on a free port (never the shared
 * 6379), writes a configuration file whose {@code redis} section names it, and points the provider's default URI at
 * that file ({@code hybridcache.config}): every {@code Caching.getCachingProvider().getCacheManager()} the TCK makes
 * is then a node on that server. Before each test the server is emptied ({@code FLUSHALL}): each TCK test assumes it
 * starts with empty caches, and entries a test left in Redis would otherwise outlive its cache manager, as they
 * should in production. The server is stopped when the session closes.
 */
public final class RedisTckSession implements LauncherSessionListener {
  static final String MODE_PROPERTY = "hybridcache.tck.redis";
  private static final String CONFIG_PROPERTY = "hybridcache.config";

  private static volatile RedisServer running;
  private RedisServer server;
  private Path config;

  /** Empties the session's server before each test (registered as a service); does nothing in L1-only mode. */
  public static final class FlushBeforeEachTest implements TestExecutionListener {
    @Override
    public void executionStarted(TestIdentifier test) {
      RedisServer server = running;
      if (server != null && test.isTest()) {
        server.command("FLUSHALL");
      }
    }
  }

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (!Boolean.getBoolean(MODE_PROPERTY)) {
      return;
    }
    server = RedisServer.start();
    try {
      config = Files.createTempFile("hybridcache-tck", ".yaml");
      // the TCK's own value classes (org.jsr107.tck..., domain...) must be allowed out of L2, as an application's would be
      Files.writeString(config, "keyPrefix: tck\nredis:\n  singleServerConfig:\n    address: \"" + server.uri()
          + "\"\nserialization:\n  allowedClasses: [\"org.jsr107.tck.\", \"domain.\"]\n");
    } catch (IOException e) {
      server.close();
      throw new UncheckedIOException("could not write the TCK's configuration file", e);
    }
    System.setProperty(CONFIG_PROPERTY, config.toString());
    running = server;
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (server == null) {
      return;
    }
    running = null;
    System.clearProperty(CONFIG_PROPERTY);
    server.close();
    try {
      Files.deleteIfExists(config);
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + config, e);
    }
  }
}

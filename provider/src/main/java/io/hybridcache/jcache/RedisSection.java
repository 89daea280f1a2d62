package io.hybridcache.jcache;

import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.DistributedLevel;
import java.net.URI;

/** The Redis connection a configuration file's {@code redis} section describes (wired with the Redis module). */
final class RedisSection implements AutoCloseable {
  private RedisSection() {}

  static RedisSection connect(URI uri, ManagerSettings settings) {
    throw new UnsupportedOperationException("the redis section of " + settings.source() + " (cache manager " + uri
        + ") needs the Redis level, which is not wired yet");
  }

  DistributedLevel level() {
    return null;
  }

  Backplane backplane() {
    return null;
  }

  @Override
  public void close() {}
}

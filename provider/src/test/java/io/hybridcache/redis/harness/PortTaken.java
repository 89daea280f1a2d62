package io.hybridcache.redis.harness;

/** Redis could not bind its port on 127.0.0.1: another process holds it. {@link RedisServer} then tries again. */
final class PortTaken extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  PortTaken(int port, String detail) {
    super("port " + port + " is taken:\n" + detail);
  }
}

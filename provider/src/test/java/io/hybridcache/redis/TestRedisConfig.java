package io.hybridcache.redis;

import io.hybridcache.redis.harness.RedisServer;
import org.redisson.config.Config;

/**
 * Redisson configurations for tests against a harness {@link RedisServer}: few connections and threads (a test opens
 * many clients), short timeouts and one retry (a test on a killed server must fail in about a second, not hang),
 * and no periodic PING (it would show in {@code INFO commandstats}).
 */
public final class TestRedisConfig {
  /** The command timeout of test clients, in milliseconds. */
  public static final int TIMEOUT_MILLIS = 1_000;

  private TestRedisConfig() {}

  /** A single-server configuration pointing at {@code server}. */
  public static Config singleServer(RedisServer server) {
    Config config = new Config();
    config.setThreads(2);
    config.setNettyThreads(4);
    config.setPassword(server.password());
    config.useSingleServer()
        .setAddress(server.uri())
        .setConnectionMinimumIdleSize(1)
        .setConnectionPoolSize(4)
        .setSubscriptionConnectionMinimumIdleSize(1)
        .setSubscriptionConnectionPoolSize(2)
        .setTimeout(TIMEOUT_MILLIS)
        .setConnectTimeout(TIMEOUT_MILLIS)
        .setRetryAttempts(1)
        .setPingConnectionInterval(0);
    return config;
  }
}

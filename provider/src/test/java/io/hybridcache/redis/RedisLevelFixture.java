package io.hybridcache.redis;

import io.hybridcache.redis.harness.RedisServerExtension;
import io.hybridcache.spi.DistributedLevel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Redis level on a server of the test's own: a writer connection whose {@link #level} the test drives and a reader
 * connection on the same key prefix (a second node), the prefix new for each test so that tests share no keys.
 */
abstract class RedisLevelFixture {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  static final Duration WAIT = Duration.ofSeconds(10);
  static final Duration HOUR = Duration.ofHours(1);

  final String prefix = getClass().getSimpleName() + PREFIXES.incrementAndGet();
  RedisConnection writer;
  RedisConnection reader;
  DistributedLevel level;

  @BeforeEach
  void connect() {
    writer = RedisConnection.open(TestRedisConfig.singleServer(redis.server()), prefix);
    reader = RedisConnection.open(TestRedisConfig.singleServer(redis.server()), prefix);
    level = writer.level();
  }

  @AfterEach
  void disconnect() {
    writer.close();
    reader.close();
  }
}

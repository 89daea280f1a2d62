package io.hybridcache.it.bucket4j;

import io.hybridcache.it.bucket4j.Bucket4jNodes.Layout;
import io.hybridcache.redis.harness.RedisServerExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Bucket4j's distributed-bucket suite on one node with Redis (L2 and backplane). */
class Bucket4jTckOneRedisNodeTest extends Bucket4jTckOnHybridCache {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();
  @TempDir static Path dir;

  @BeforeAll
  static void startNodes() {
    start(Layout.ONE_REDIS_NODE, dir, redis.server().uri());
  }

  @AfterAll
  static void stopNodes() {
    stop();
  }
}

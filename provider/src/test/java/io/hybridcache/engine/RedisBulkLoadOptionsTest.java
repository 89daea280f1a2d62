package io.hybridcache.engine;

import io.hybridcache.distributed.RedisTopology;
import io.hybridcache.distributed.Topology;
import io.hybridcache.redis.harness.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link BulkLoadOptionsBehaviour} on one real Redis server: Redisson's locks, each node with its own client. */
class RedisBulkLoadOptionsTest extends BulkLoadOptionsBehaviour {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  @Override
  Topology topology(FakeTimeSource time) {
    return new RedisTopology(redis.server());
  }
}

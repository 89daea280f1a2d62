package io.hybridcache.engine;

import io.hybridcache.distributed.RedisTopology;
import io.hybridcache.distributed.Topology;
import io.hybridcache.redis.harness.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DistributedLockingBehaviour} on one real Redis server: Redisson's locks, each node with its own client. */
class RedisDistributedLockingTest extends DistributedLockingBehaviour {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  @Override
  Topology topology(FakeTimeSource time) {
    return new RedisTopology(redis.server());
  }
}

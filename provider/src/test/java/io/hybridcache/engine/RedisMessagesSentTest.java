package io.hybridcache.engine;

import io.hybridcache.distributed.RedisTopology;
import io.hybridcache.distributed.Topology;
import io.hybridcache.redis.harness.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link MessagesSentBehaviour} on one real Redis server, each node with its own Redisson client. */
class RedisMessagesSentTest extends MessagesSentBehaviour {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  @Override
  Topology topology(FakeTimeSource time) {
    return new RedisTopology(redis.server());
  }
}

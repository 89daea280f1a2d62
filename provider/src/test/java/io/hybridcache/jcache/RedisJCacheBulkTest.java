package io.hybridcache.jcache;

import io.hybridcache.distributed.RedisTopology;
import io.hybridcache.distributed.Topology;
import io.hybridcache.engine.FakeTimeSource;
import io.hybridcache.redis.harness.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link JCacheBulkBehaviour} on one real Redis server, each manager with its own Redisson client. */
class RedisJCacheBulkTest extends JCacheBulkBehaviour {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  @Override
  Topology topology(FakeTimeSource time) {
    return new RedisTopology(redis.server());
  }
}

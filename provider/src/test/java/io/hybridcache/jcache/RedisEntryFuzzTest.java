package io.hybridcache.jcache;

import io.hybridcache.distributed.RedisTopology;
import io.hybridcache.distributed.Topology;
import io.hybridcache.engine.FakeTimeSource;
import io.hybridcache.redis.harness.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link EntryFuzzBehaviour} on one real Redis server, whose scripts read the header of what they overwrite: every
 * truncation and bit flip, and fewer random strings than in memory.
 */
class RedisEntryFuzzTest extends EntryFuzzBehaviour {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  @Override
  Topology topology(FakeTimeSource time) {
    return new RedisTopology(redis.server());
  }

  @Override
  int randomCases() {
    return 300;
  }
}

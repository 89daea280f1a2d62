package io.hybridcache.engine;

import io.hybridcache.distributed.InMemoryTopology;
import io.hybridcache.distributed.Topology;

/** {@link DistributedLockingBehaviour} on the in-memory level, bus and locks. */
class InMemoryDistributedLockingTest extends DistributedLockingBehaviour {
  @Override
  Topology topology(FakeTimeSource time) {
    return new InMemoryTopology(time);
  }
}

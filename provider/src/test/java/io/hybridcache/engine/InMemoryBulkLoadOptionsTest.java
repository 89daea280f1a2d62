package io.hybridcache.engine;

import io.hybridcache.distributed.InMemoryTopology;
import io.hybridcache.distributed.Topology;

/** {@link BulkLoadOptionsBehaviour} on the in-memory level, bus and locks. */
class InMemoryBulkLoadOptionsTest extends BulkLoadOptionsBehaviour {
  @Override
  Topology topology(FakeTimeSource time) {
    return new InMemoryTopology(time);
  }
}

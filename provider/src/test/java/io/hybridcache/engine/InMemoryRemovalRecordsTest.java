package io.hybridcache.engine;

import io.hybridcache.distributed.InMemoryTopology;
import io.hybridcache.distributed.Topology;

/** {@link RemovalRecordsBehaviour} on the in-memory level and bus. */
class InMemoryRemovalRecordsTest extends RemovalRecordsBehaviour {
  @Override
  Topology topology(FakeTimeSource time) {
    return new InMemoryTopology(time);
  }
}

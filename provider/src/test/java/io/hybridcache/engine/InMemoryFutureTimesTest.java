package io.hybridcache.engine;

import io.hybridcache.distributed.InMemoryTopology;
import io.hybridcache.distributed.Topology;

/** {@link FutureTimesBehaviour} on the in-memory level and bus. */
class InMemoryFutureTimesTest extends FutureTimesBehaviour {
  @Override
  Topology topology(FakeTimeSource time) {
    return new InMemoryTopology(time);
  }
}

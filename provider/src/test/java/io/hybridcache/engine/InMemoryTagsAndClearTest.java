package io.hybridcache.engine;

import io.hybridcache.distributed.InMemoryTopology;
import io.hybridcache.distributed.Topology;

/** {@link TagsAndClearBehaviour} on the in-memory level and bus. */
class InMemoryTagsAndClearTest extends TagsAndClearBehaviour {
  @Override
  Topology topology(FakeTimeSource time) {
    return new InMemoryTopology(time);
  }
}

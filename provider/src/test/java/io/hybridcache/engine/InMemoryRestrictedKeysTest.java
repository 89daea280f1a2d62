package io.hybridcache.engine;

import io.hybridcache.distributed.InMemoryTopology;
import io.hybridcache.distributed.Topology;

/** {@link RestrictedKeysBehaviour} on the in-memory level and bus. */
class InMemoryRestrictedKeysTest extends RestrictedKeysBehaviour {
  @Override
  Topology topology(FakeTimeSource time) {
    return new InMemoryTopology(time);
  }
}

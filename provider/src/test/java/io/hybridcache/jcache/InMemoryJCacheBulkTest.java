package io.hybridcache.jcache;

import io.hybridcache.distributed.InMemoryTopology;
import io.hybridcache.distributed.Topology;
import io.hybridcache.engine.FakeTimeSource;

/** {@link JCacheBulkBehaviour} on the in-memory level and bus. */
class InMemoryJCacheBulkTest extends JCacheBulkBehaviour {
  @Override
  Topology topology(FakeTimeSource time) {
    return new InMemoryTopology(time);
  }
}

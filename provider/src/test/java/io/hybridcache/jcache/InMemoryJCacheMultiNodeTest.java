package io.hybridcache.jcache;

import io.hybridcache.distributed.InMemoryTopology;
import io.hybridcache.distributed.Topology;
import io.hybridcache.engine.FakeTimeSource;

/** {@link JCacheMultiNodeBehaviour} on the in-memory level and bus. */
class InMemoryJCacheMultiNodeTest extends JCacheMultiNodeBehaviour {
  @Override
  Topology topology(FakeTimeSource time) {
    return new InMemoryTopology(time);
  }
}

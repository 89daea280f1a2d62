package io.hybridcache.jcache;

import io.hybridcache.distributed.Topology;
import io.hybridcache.engine.FakeTimeSource;

/** {@link JCacheBulkBehaviour} with no distributed level: each node on its memory level alone. */
class MemoryOnlyJCacheBulkTest extends JCacheBulkBehaviour {
  @Override
  Topology topology(FakeTimeSource time) {
    return null;
  }
}

package io.hybridcache.jcache;

import io.hybridcache.distributed.InMemoryTopology;
import io.hybridcache.distributed.Topology;
import io.hybridcache.engine.FakeTimeSource;

/** {@link EntryFuzzBehaviour} on the in-memory level and bus: the full set of cases. */
class InMemoryEntryFuzzTest extends EntryFuzzBehaviour {
  @Override
  Topology topology(FakeTimeSource time) {
    return new InMemoryTopology(time);
  }

  @Override
  int randomCases() {
    return 2_000;
  }
}

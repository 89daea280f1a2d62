package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridcache.StandardErrorCapture;
import io.hybridcache.distributed.InMemoryTopology;
import io.hybridcache.distributed.Topology;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link BadDataBehaviour} on the in-memory level and bus, plus what is logged. */
class InMemoryBadDataTest extends BadDataBehaviour {
  @Override
  Topology topology(FakeTimeSource time) {
    return new InMemoryTopology(time);
  }

  @Test
  void eachCauseOfUnreadableEntriesIsLoggedAtWarnOnceAndEveryOccurrenceIsCounted() {
    var writer = node("writer");
    var reader = node("reader");
    writer.set("p1", "v1");
    byte[] valid = inLevel("p1");
    byte[] otherVersion = valid.clone();
    otherVersion[2] = 7;

    List<String> warnings = warningsOf(() -> {
      for (int length = 5; length < 25; length++) { // twenty different messages, one cause: a corrupt envelope
        plant("p1", Arrays.copyOf(valid, length));
        assertThat(reader.tryGet("p1")).isEmpty();
      }
      plant("p1", otherVersion);
      assertThat(reader.tryGet("p1")).isEmpty();
      assertThat(reader.tryGet("p1")).isEmpty();
    });

    assertThat(reader.stats().serializationErrors()).isEqualTo(22);
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0)).contains("corrupt cache envelope").contains("logged once per cause");
    assertThat(warnings.get(1)).contains("unknown envelope format version 7");
  }

  /** The lines logged at warn about serialization errors (slf4j-simple writes to {@code System.err}) by {@code run}. */
  private static List<String> warningsOf(Runnable run) {
    return StandardErrorCapture.of(run).lines()
        .filter(line -> line.contains("WARN") && line.contains("could not read the entry"))
        .toList();
  }
}

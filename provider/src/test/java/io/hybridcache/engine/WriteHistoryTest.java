package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checker of {@link WriteHistory}: it catches a lost write and accepts a superseded or concurrent one. */
class WriteHistoryTest {
  private final WriteHistory history = new WriteHistory();

  /** A write started and acknowledged at those times, in nanoseconds from a point where a millisecond began. */
  private void write(String value, long started, long acknowledged) {
    history.record(new WriteHistory.Write("k", value, started, acknowledged, started / 1_000_000,
        acknowledged / 1_000_000));
  }

  private static Map<String, Map<String, String>> everyNodeHas(String value) {
    return Map.of("n1", Map.of("k", value), "n2", Map.of("k", value));
  }

  @Test
  void aWriteSupersededByOneStartedAfterItsAcknowledgementIsNotLost() {
    write("old", 1_000_000, 2_000_000);
    write("new", 3_000_000, 4_000_000);

    assertThatCode(() -> history.assertNoLostWrites(everyNodeHas("new"))).doesNotThrowAnyException();
  }

  @Test
  void aWriteStartedAfterTheAcknowledgementOfTheValueTheNodesKeepIsLost() {
    write("old", 1_000_000, 2_000_000);
    write("new", 3_000_000, 4_000_000);

    assertThatThrownBy(() -> history.assertNoLostWrites(everyNodeHas("old")))
        .hasMessageContaining("key 'k': lost write 'new' (started 3000000 in ms 3, acknowledged 4000000 in ms 4): "
            + "it started after 'old'");
  }

  @Test
  void aWriteStartedAfterAnotherWasAcknowledgedButInTheSameMillisecondIsConcurrentWithIt() {
    write("old", 1_000_000, 1_200_000);
    write("new", 1_300_000, 1_400_000); // entry times are milliseconds: the cache cannot order these two

    assertThatCode(() -> history.assertNoLostWrites(everyNodeHas("old"))).doesNotThrowAnyException();
  }

  @Test
  void eitherOfTwoConcurrentWritesMayWin() {
    write("a", 1_000_000, 4_000_000);
    write("b", 2_000_000, 3_000_000);

    assertThatCode(() -> history.assertNoLostWrites(everyNodeHas("a"))).doesNotThrowAnyException();
    assertThatCode(() -> history.assertNoLostWrites(everyNodeHas("b"))).doesNotThrowAnyException();
  }

  @Test
  void aValueNoWriteMadeOrNoValueAtAllLosesTheLatestWrites() {
    write("old", 1_000_000, 2_000_000);
    write("new", 3_000_000, 4_000_000);

    assertThatThrownBy(() -> history.assertNoLostWrites(everyNodeHas("stale")))
        .hasMessageContaining("lost write 'new'").hasMessageNotContaining("lost write 'old'")
        .hasMessageContaining("every node has 'stale'");
    assertThatThrownBy(() -> history.assertNoLostWrites(Map.of("n1", Map.of(), "n2", Map.of())))
        .hasMessageContaining("lost write 'new'").hasMessageContaining("every node has no value");
  }

  @Test
  void nodesThatDisagreeFailTheCheckNamingEachNodesValue() {
    write("new", 3_000_000, 4_000_000);

    assertThatThrownBy(() -> history.assertNoLostWrites(Map.of("n1", Map.of("k", "new"), "n2", Map.of())))
        .hasMessageContaining("key 'k': the nodes disagree: {n1=new, n2=null}");
  }
}

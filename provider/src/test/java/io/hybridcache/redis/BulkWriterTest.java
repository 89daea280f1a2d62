package io.hybridcache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BulkWriterTest {
  private static BulkWriter.Part part(String key, int valueBytes) {
    return new BulkWriter.Part(key, new byte[][] {new byte[0], new byte[valueBytes], {'0'}});
  }

  private static List<BulkWriter.Part> parts(int count, int valueBytes) {
    return IntStream.range(0, count).mapToObj(i -> part("p:c:k" + i, valueBytes)).toList();
  }

  private static List<Integer> flat(List<List<Integer>> calls) {
    List<Integer> all = new ArrayList<>();
    calls.forEach(all::addAll);
    return all;
  }

  @Test
  void onOneMasterEveryKeyGoesInOneCallInItsOrder() {
    List<List<Integer>> calls = BulkWriter.calls(parts(100, 100), false);

    assertThat(calls).hasSize(1);
    assertThat(calls.get(0)).isEqualTo(IntStream.range(0, 100).boxed().toList());
  }

  @Test
  void aBatchLargerThanTheKeyBoundIsCutIntoCallsOfAtMostThatMany() {
    List<List<Integer>> calls = BulkWriter.calls(parts(2 * BulkWriter.MAX_KEYS + 1, 10), false);

    assertThat(calls).extracting(List::size).containsExactly(BulkWriter.MAX_KEYS, BulkWriter.MAX_KEYS, 1);
    assertThat(flat(calls)).isEqualTo(IntStream.range(0, 2 * BulkWriter.MAX_KEYS + 1).boxed().toList());
  }

  @Test
  void largeValuesAreCutAtTheByteBoundAndALargerOneIsACallOfItsOwn() {
    int third = BulkWriter.MAX_BYTES / 3;
    List<BulkWriter.Part> parts = List.of(part("a", third), part("b", third), part("c", third),
        part("d", BulkWriter.MAX_BYTES + 1), part("e", 10));

    assertThat(BulkWriter.calls(parts, false)).containsExactly(List.of(0, 1), List.of(2), List.of(3), List.of(4));
  }

  @Test
  void inClusterModeKeysAreGroupedByHashSlotEachGroupInItsOrder() {
    List<BulkWriter.Part> parts = List.of(part("{u1}.a", 1), part("foo", 1), part("{u1}.b", 1), part("bar", 1),
        part("{foo}.x", 1));

    List<List<Integer>> calls = BulkWriter.calls(parts, true);

    assertThat(calls).containsExactly(List.of(0, 2), List.of(1, 4), List.of(3));
    for (List<Integer> call : calls) {
      assertThat(call).extracting(i -> HashSlot.of(parts.get(i).key())).containsOnly(
          HashSlot.of(parts.get(call.get(0)).key()));
    }
  }

  @Test
  void inClusterModeAGroupLargerThanTheKeyBoundIsCutToo() {
    List<BulkWriter.Part> parts = IntStream.range(0, BulkWriter.MAX_KEYS + 5)
        .mapToObj(i -> part("{same}:" + i, 1)).toList();

    assertThat(BulkWriter.calls(parts, true)).extracting(List::size).containsExactly(BulkWriter.MAX_KEYS, 5);
  }
}

package io.hybridcache.kryo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The per-collection counts of hash codes behind the charge for comparisons: exact through growth and clearing. */
class HashCountsTest {
  @Test
  void eachAddAnswersHowManyEarlierOnesHadTheSameHashCodeThroughGrowth() {
    HashCounts counts = new HashCounts();
    counts.clear(1);
    for (int round = 0; round < 3; round++) {
      for (int hash = -5_000; hash < 5_000; hash++) {
        assertThat(counts.add(hash * 16)).isEqualTo(round); // multiples of 16 collide in a plain table
      }
    }
    assertThat(counts.add(0)).isEqualTo(3);
  }

  @Test
  void clearingForgetsEveryCountWhetherTheTableIsKeptOrDropped() {
    HashCounts counts = new HashCounts();
    counts.clear(1);
    counts.add(7);
    counts.add(7);
    counts.clear(2);
    assertThat(counts.owner()).isEqualTo(2);
    assertThat(counts.add(7)).isZero();

    for (int hash = 0; hash < 10_000; hash++) {
      counts.add(hash);
    }
    counts.release();
    assertThat(counts.add(42)).isZero();
    assertThat(counts.add(7)).isZero();
  }
}

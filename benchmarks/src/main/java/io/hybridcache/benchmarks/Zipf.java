package io.hybridcache.benchmarks;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Ranks {@code 0..n-1} drawn with Zipf probabilities (rank {@code r} with weight {@code 1 / (r + 1)^s}): a
 * precomputed cumulative table and a binary search per draw, so a draw costs the same whatever the rank.
 */
final class Zipf {
  private final double[] cumulative;

  Zipf(int n, double exponent) {
    cumulative = new double[n];
    double sum = 0;
    for (int r = 0; r < n; r++) {
      sum += 1 / Math.pow(r + 1, exponent);
      cumulative[r] = sum;
    }
    for (int r = 0; r < n; r++) {
      cumulative[r] /= sum;
    }
  }

  int next(SplittableRandom random) {
    int i = Arrays.binarySearch(cumulative, random.nextDouble());
    return Math.min(i >= 0 ? i : -i - 1, cumulative.length - 1);
  }
}

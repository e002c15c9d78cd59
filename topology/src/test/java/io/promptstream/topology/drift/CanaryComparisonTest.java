package io.promptstream.topology.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CanaryComparisonTest {

  private static final CanaryComparison TEST = new CanaryComparison(200, 0.05);

  @Test
  void shouldMatchAWorkedExample() {
    // Candidate 1,1,1,0: mean 3/4, variance (3 - 9/4) / 3 = 1/4. Active 1,0,0,0: mean 1/4,
    // variance 1/4. Standard error sqrt(1/16 + 1/16) = 0.35355, z = 0.5 / 0.35355 = 1.41421,
    // one-sided p = 1 - Phi(1.41421) = 0.07865: not enough at alpha 0.05.
    CanaryComparison small = new CanaryComparison(4, 0.05);

    CanaryComparison.Result result =
        small.test(new CanaryComparison.Side(4, 3, 3), new CanaryComparison.Side(4, 1, 1));

    assertThat(result.statistic()).isCloseTo(1.41421, within(1e-5));
    assertThat(result.pValue()).isCloseTo(0.07865, within(1e-5));
    assertThat(result.promote()).isFalse();
  }

  @Test
  void shouldPromoteANoBetterCandidateAtMostAtRateAlpha() {
    Random random = new Random(42);
    int trials = 4_000;
    int promoted = 0;
    for (int t = 0; t < trials; t++) {
      if (TEST.test(side(random, 0.5), side(random, 0.5)).promote()) {
        promoted++;
      }
    }

    // Binomial(4000, 0.05) has a standard deviation of 0.0034: the band is about +-3 of them.
    assertThat(promoted / (double) trials).isBetween(0.04, 0.06);
  }

  @Test
  void shouldPromoteAClearlyBetterCandidate() {
    Random random = new Random(43);
    int trials = 1_000;
    int promoted = 0;
    for (int t = 0; t < trials; t++) {
      if (TEST.test(side(random, 0.65), side(random, 0.5)).promote()) {
        promoted++;
      }
    }

    // A 15-point lead over 200 judgments a side: z near 3, power near 0.9.
    assertThat(promoted / (double) trials).isGreaterThan(0.85);
  }

  @Test
  void shouldNotPromoteAWorseCandidate() {
    Random random = new Random(44);
    for (int t = 0; t < 200; t++) {
      assertThat(TEST.test(side(random, 0.3), side(random, 0.6)).promote()).isFalse();
    }
  }

  @Test
  void shouldWaitForBothSidesToReachTheHorizon() {
    CanaryComparison.Side full = new CanaryComparison.Side(200, 100, 100);
    CanaryComparison.Side short_ = new CanaryComparison.Side(199, 150, 150);

    assertThat(TEST.ready(full, short_)).isFalse();
    assertThat(TEST.ready(short_, full)).isFalse();
    assertThat(TEST.ready(full, full)).isTrue();
    assertThatThrownBy(() -> TEST.test(short_, full)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldKeepSomeSpreadForAUnanimousSide() {
    CanaryComparison small = new CanaryComparison(10, 0.05);

    CanaryComparison.Result result =
        small.test(new CanaryComparison.Side(10, 10, 10), new CanaryComparison.Side(10, 10, 10));

    assertThat(result.statistic()).isZero();
    assertThat(result.promote()).isFalse();
  }

  @Test
  void shouldRejectInvalidSettings() {
    assertThatThrownBy(() -> new CanaryComparison(1, 0.05))
        .hasMessageContaining("judgments must be >= 2");
    assertThatThrownBy(() -> new CanaryComparison(10, 0.5)).hasMessageContaining("alpha");
    assertThatThrownBy(() -> new CanaryComparison(10, 0)).hasMessageContaining("alpha");
  }

  /** 200 judged outcomes: wins with probability p, one in ten a tie. */
  private static CanaryComparison.Side side(Random random, double p) {
    double sum = 0;
    double squares = 0;
    for (int i = 0; i < 200; i++) {
      double outcome = random.nextDouble() < 0.1 ? 0.5 : (random.nextDouble() < p ? 1 : 0);
      sum += outcome;
      squares += outcome * outcome;
    }
    return new CanaryComparison.Side(200, sum, squares);
  }
}

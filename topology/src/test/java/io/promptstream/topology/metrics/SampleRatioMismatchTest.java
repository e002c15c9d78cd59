package io.promptstream.topology.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SampleRatioMismatchTest {

  @Test
  void shouldGiveOneForAPerfectSplit() {
    assertThat(SampleRatioMismatch.pValue(500, 500, 0.5)).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void shouldMatchAChiSquaredTestComputedByHand() {
    // 450 vs 550 at 50/50: chi2 = 50^2/500 + 50^2/500 = 10; P(chi2(1) > 10) = 0.0015654.
    assertThat(SampleRatioMismatch.pValue(450, 550, 0.5)).isCloseTo(0.0015654, within(1e-6));
    // 720 vs 280 at 30% treatment: expected 700/300; chi2 = 400/700 + 400/300 = 1.9048; p = 0.1675.
    assertThat(SampleRatioMismatch.pValue(720, 280, 0.3)).isCloseTo(0.1675, within(1e-3));
  }

  @Test
  void shouldGiveOneWithoutObservationsOrForADegenerateShare() {
    assertThat(SampleRatioMismatch.pValue(0, 0, 0.5)).isEqualTo(1.0);
    assertThat(SampleRatioMismatch.pValue(10, 0, 0.0)).isEqualTo(1.0);
  }
}

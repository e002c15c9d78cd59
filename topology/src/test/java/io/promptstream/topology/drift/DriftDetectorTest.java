package io.promptstream.topology.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The detectors on synthetic judgment streams with a known change point: the optimized prompt wins
 * 70% of judgments, then, after {@value #CHANGE_AT} judgments, 50%. Over {@value #RUNS} seeded runs
 * each detector is measured for detection delay (judgments after the change until it fires) and
 * false alarms (firing before the change, per 1,000 judgments).
 */
class DriftDetectorTest {

  private static final int CHANGE_AT = 2_000;
  private static final int AFTER = 1_000;
  private static final int RUNS = 200;

  record Figures(double meanDelay, double p90Delay, double falseAlarmsPer1000, double missed) {}

  @Test
  void cusumShouldDetectAFallFromSeventyToFiftyPercentQuicklyWithFewFalseAlarms() {
    Figures f = measure(() -> new CusumDetector(0.70, 0.05, 10));
    System.out.printf("cusum(0.70, 0.05, 10): %s%n", f);
    assertThat(f.meanDelay()).isLessThan(100);
    assertThat(f.falseAlarmsPer1000()).isLessThan(0.5);
    assertThat(f.missed()).isZero();
  }

  @Test
  void pageHinkleyShouldDetectTheSameFallWithoutKnowingTheBaseline() {
    Figures f = measure(() -> new PageHinkleyDetector(0.05, 15, 30));
    System.out.printf("page-hinkley(0.05, 15, 30): %s%n", f);
    assertThat(f.meanDelay()).isLessThan(250);
    assertThat(f.falseAlarmsPer1000()).isLessThan(0.5);
    assertThat(f.missed()).isLessThan(0.05);
  }

  @Test
  void shouldNotFireOnAStableStream() {
    DriftDetector cusum = new CusumDetector(0.70, 0.05, 10);
    SplittableRandom random = new SplittableRandom(1);
    int alarms = 0;
    for (int i = 0; i < 10_000; i++) {
      if (cusum.update(random.nextDouble() < 0.70 ? 1 : 0)) {
        alarms++;
        cusum.reset();
      }
    }
    assertThat(alarms).isLessThanOrEqualTo(2);
  }

  @Test
  void shouldMapAlpacaEvalPreferencesToOutcomes() {
    assertThat(Outcomes.fromPreference(2)).isEqualTo(1.0);
    assertThat(Outcomes.fromPreference(1)).isEqualTo(0.0);
    assertThat(Outcomes.fromPreference(1.5)).isEqualTo(0.5);
    assertThatThrownBy(() -> Outcomes.fromPreference(0)).hasMessageContaining("preference");
  }

  @Test
  void shouldComputeTheWilsonIntervalOfAWorkedExample() {
    // 7 wins of 10 at 95%: centre (0.7 + 0.19207) / 1.38415 = 0.64449,
    // half-width 1.95996 * sqrt(0.021 + 0.0096037) / 1.38415 = 0.24772.
    WilsonInterval w = WilsonInterval.of(7, 10, WilsonInterval.Z95);
    assertThat(w.rate()).isEqualTo(0.7);
    assertThat(w.lower()).isCloseTo(0.39678, within(1e-5));
    assertThat(w.upper()).isCloseTo(0.89221, within(1e-5));
  }

  private static Figures measure(Supplier<DriftDetector> detectors) {
    double delaySum = 0;
    double[] delays = new double[RUNS];
    int detected = 0;
    int falseAlarms = 0;
    for (int run = 0; run < RUNS; run++) {
      SplittableRandom random = new SplittableRandom(1_000 + run);
      DriftDetector detector = detectors.get();
      Integer delay = null;
      for (int t = 0; t < CHANGE_AT + AFTER && delay == null; t++) {
        double p = t < CHANGE_AT ? 0.70 : 0.50;
        if (detector.update(random.nextDouble() < p ? 1 : 0)) {
          if (t < CHANGE_AT) {
            falseAlarms++;
            detector.reset();
          } else {
            delay = t - CHANGE_AT + 1;
          }
        }
      }
      if (delay != null) {
        delays[detected++] = delay;
        delaySum += delay;
      }
    }
    java.util.Arrays.sort(delays, 0, detected);
    return new Figures(
        detected == 0 ? Double.NaN : delaySum / detected,
        detected == 0 ? Double.NaN : delays[(int) Math.ceil(0.9 * detected) - 1],
        falseAlarms * 1000.0 / ((double) RUNS * CHANGE_AT),
        1.0 - detected / (double) RUNS);
  }
}

package io.promptstream.topology.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LengthControlledWinRateTest {

  @Test
  void shouldDiscountWinsThatComeFromLongerAnswers() {
    // Worked by hand. 10 judgments where the optimized answer is 100 characters longer (9 wins),
    // 10 where it is 100 shorter (5 wins). The length differences are +-100 with std 100, so the
    // feature is +-tanh(1) = +-t, and the maximum-likelihood fit satisfies
    //   theta + phi t = logit(0.9) = ln 9,   theta - phi t = logit(0.5) = 0,
    // hence theta = ln 9 / 2 = ln 3, phi = ln 3 / t, and the length-controlled win rate is
    // sigmoid(ln 3) = 3 / 4 = 0.75, against a raw win rate of 14 / 20 = 0.70.
    List<LengthControlledWinRate.Observation> data = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      data.add(new LengthControlledWinRate.Observation(i < 9 ? 1 : 0, 100));
      data.add(new LengthControlledWinRate.Observation(i < 5 ? 1 : 0, -100));
    }
    LengthControlledWinRate.Fit fit = LengthControlledWinRate.fit(data);

    assertThat(fit.winRate()).isEqualTo(0.70);
    assertThat(fit.theta()).isCloseTo(Math.log(3), within(1e-4));
    assertThat(fit.phi()).isCloseTo(Math.log(3) / Math.tanh(1), within(1e-4));
    assertThat(fit.lengthControlledWinRate()).isCloseTo(0.75, within(1e-4));
  }

  @Test
  void shouldEqualTheRawWinRateWhenLengthsDoNotDiffer() {
    List<LengthControlledWinRate.Observation> data = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      data.add(new LengthControlledWinRate.Observation(i % 4 == 0 ? 0 : (i % 4 == 1 ? 0.5 : 1), 0));
    }
    LengthControlledWinRate.Fit fit = LengthControlledWinRate.fit(data);
    // Outcomes 0, 0.5, 1, 1 repeated: 2.5 / 4 = 0.625.
    assertThat(fit.winRate()).isEqualTo(0.625);
    assertThat(fit.lengthControlledWinRate()).isCloseTo(0.625, within(1e-6));
  }

  @Test
  void shouldStayFiniteWhenTheOptimizedAnswerAlwaysWins() {
    List<LengthControlledWinRate.Observation> data = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      data.add(new LengthControlledWinRate.Observation(1, i * 10));
    }
    LengthControlledWinRate.Fit fit = LengthControlledWinRate.fit(data);
    assertThat(fit.lengthControlledWinRate()).isBetween(0.9, 1.0);
    assertThat(Double.isFinite(fit.theta())).isTrue();
  }
}

package io.promptstream.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RopeSettingsTest {

  @Test
  void shouldComputeUnscaledInverseFrequencies() {
    float[] inv = RopeSettings.of(500000, 8).inverseFrequencies();

    assertThat(inv[0]).isEqualTo(1.0f);
    // float32 reference values; allow one unit in the last place
    assertThat((double) inv[1]).isCloseTo(0.03760603070259094, within(1e-8));
    assertThat((double) inv[3]).isCloseTo(5.318296462064609e-05, within(1e-11));
  }

  @Test
  void shouldScaleFrequenciesTheLlama3Way() {
    // Expected values from the reference formula (low/high/medium wavelength regions).
    RopeSettings s = new RopeSettings(500000, 8, RopeSettings.Scaling.LLAMA3, 8, 1, 4, 16);

    float[] inv = s.inverseFrequencies();

    assertThat((double) inv[0]).isCloseTo(0.5760563611984253, within(1e-6));
    assertThat((double) inv[1]).isCloseTo(0.004700753837823868, within(1e-8));
    assertThat((double) inv[2]).isCloseTo(0.00017677668074611574, within(1e-10));
    assertThat((double) inv[3]).isCloseTo(6.647870577580761e-06, within(1e-12));
  }
}

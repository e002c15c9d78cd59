package io.promptstream.runtime.training.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptstream.runtime.generate.FinishReason;
import io.promptstream.runtime.generate.Generation;
import org.junit.jupiter.api.Test;

class DegeneracyTest {

  private static Generation generation(String text, FinishReason reason) {
    return new Generation(text, 5, 10, reason, new long[0]);
  }

  @Test
  void shouldFlagEmptyTruncatedAndLoopingOutputs() {
    assertThat(Degeneracy.of(generation("  ", FinishReason.EOS))).isEqualTo(Degeneracy.Kind.EMPTY);
    assertThat(Degeneracy.of(generation("Write a", FinishReason.LENGTH)))
        .isEqualTo(Degeneracy.Kind.TRUNCATED);
    assertThat(
            Degeneracy.of(
                generation(
                    "write a story about a story about a story about a story", FinishReason.EOS)))
        .isEqualTo(Degeneracy.Kind.REPETITION);
    assertThat(Degeneracy.of(generation("Write a short story about a robot.", FinishReason.EOS)))
        .isEqualTo(Degeneracy.Kind.NONE);
  }
}

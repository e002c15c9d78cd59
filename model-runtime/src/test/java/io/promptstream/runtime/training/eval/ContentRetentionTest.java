package io.promptstream.runtime.training.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ContentRetentionTest {

  @Test
  void shouldCountContentWordsAndNumbersButNotStopwords() {
    String prompt = "Can you help me write 3 haiku about autumn leaves?";

    assertThat(ContentRetention.contentWords(prompt))
        .containsExactly("write", "haiku", "autumn", "leave");
    assertThat(ContentRetention.score(prompt, "Write 3 haiku about autumn leaves.")).isEqualTo(1.0);
    assertThat(ContentRetention.score(prompt, "Write haiku about autumn."))
        .isCloseTo(3.0 / 5, within(1e-9));
  }

  @Test
  void shouldMatchPluralsAndIgnoreCase() {
    assertThat(ContentRetention.score("Compare the APIs", "compare each API")).isEqualTo(1.0);
  }

  @Test
  void shouldRequireEveryNumber() {
    assertThat(
            ContentRetention.keepsEveryNumber(
                "a 250-word abstract in 2 parts", "2 parts, 250 words"))
        .isTrue();
    assertThat(ContentRetention.keepsEveryNumber("budget of 1,500 dollars", "a budget")).isFalse();
    assertThat(ContentRetention.score("please help", "anything")).isEqualTo(1.0);
  }
}

package io.promptstream.runtime.training.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptstream.runtime.training.TrainingFixtures;
import io.promptstream.runtime.training.data.PromptRewrite;
import io.promptstream.runtime.training.data.PromptRewriteDataset;
import io.promptstream.runtime.training.data.RewriteStyle;
import java.util.List;
import org.junit.jupiter.api.Test;

class StyleRulesTest {

  @Test
  void shouldRecogniseEachStyleByItsRule() {
    assertThat(StyleRules.matches(RewriteStyle.STRUCTURED, "Explain X, covering (1) a, (2) b."))
        .isTrue();
    assertThat(StyleRules.matches(RewriteStyle.STRUCTURED, "Explain X (1) only.")).isFalse();
    assertThat(StyleRules.matches(RewriteStyle.EXPERT, "You are a tutor. Explain X.")).isTrue();
    assertThat(StyleRules.matches(RewriteStyle.EXPERT, "As an editor, revise it.")).isTrue();
    assertThat(StyleRules.matches(RewriteStyle.EXPERT, "Assume nothing.")).isFalse();
    assertThat(
            StyleRules.matches(RewriteStyle.CONCISE, "Thank Dr. Okafor and St. Helens, e.g. now."))
        .isTrue();
    assertThat(StyleRules.matches(RewriteStyle.CONCISE, "Fix 'It failed. Retry.' politely."))
        .isTrue();
    assertThat(StyleRules.matches(RewriteStyle.CONCISE, "Do this. Then that.")).isFalse();
    assertThat(StyleRules.matches(RewriteStyle.CONCISE, "")).isFalse();
  }

  @Test
  void shouldClassifyEachTextAsAtMostOneStyleEnumerationFirst() {
    assertThat(StyleRules.classify("As a chef, list (1) salt and (2) pepper."))
        .isEqualTo(RewriteStyle.STRUCTURED);
    assertThat(StyleRules.classify("As a chef, list salt and pepper."))
        .isEqualTo(RewriteStyle.EXPERT);
    assertThat(StyleRules.classify("List salt and pepper.")).isEqualTo(RewriteStyle.CONCISE);
    assertThat(StyleRules.classify("List salt. Then pepper.")).isNull();
  }

  @Test
  void shouldClassifyTheDatasetsOwnRewritesAsTheirStyle() throws Exception {
    List<PromptRewrite> records = PromptRewriteDataset.read(TrainingFixtures.DATASET);

    for (RewriteStyle style : RewriteStyle.values()) {
      long adherent =
          records.stream().filter(r -> StyleRules.classify(r.rewrite(style)) == style).count();

      assertThat(adherent).as(style.key()).isGreaterThanOrEqualTo(990);
    }
    assertThat(
            records.stream()
                .filter(
                    r ->
                        StyleRules.matches(
                            RewriteStyle.STRUCTURED, r.rewrite(RewriteStyle.EXPERT))))
        .isEmpty();
  }
}

package io.promptstream.topology.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.promptstream.events.JudgedExample;
import io.promptstream.runtime.training.data.PromptRewrite;
import io.promptstream.runtime.training.data.RewriteStyle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class JudgedTrainingSetTest {

  private static final RetrainSettings SETTINGS = RetrainSettings.defaults();

  @Test
  void shouldGiveTheMassToTheHeadTheJudgesPreferNow() {
    List<JudgedExample> examples = new ArrayList<>();
    // The drifted own head: 10 judged, 2 won. An explored head: 10 judged, 8 won.
    for (int i = 0; i < 10; i++) {
      examples.add(example("own " + i, "gemma-7b", i < 2 ? 1.0 : 0.0));
      examples.add(example("explored " + i, "mixtral-8x7b", i < 8 ? 1.0 : 0.0));
    }

    JudgedTrainingSet set = JudgedTrainingSet.build(examples, List.of(), SETTINGS);

    // Smoothed win rates 3/12 and 9/12; mass ratio exp((0.75 - 0.25) / 0.1) = exp(5).
    double explored = Math.exp(5) / (1 + Math.exp(5));
    assertThat(set.judged()).isEqualTo(20);
    assertThat(set.winners()).isEqualTo(10);
    assertThat(set.scores())
        .extracting(JudgedTrainingSet.HeadScore::winRate)
        .containsExactly(0.25, 0.75);
    assertThat(set.scores().get(1).share()).isCloseTo(explored, within(1e-9));
    List<JudgedTrainingSet.Pair> all =
        Stream.concat(set.train().stream(), set.heldOut().stream()).toList();
    // Winning rewrites of the drifted head keep a sliver of weight; weights sum to the winners.
    assertThat(weightOf(all, "mixtral-8x7b/v1")).isCloseTo(10 * explored, within(1e-3));
    assertThat(weightOf(all, "gemma-7b/v1")).isCloseTo(10 * (1 - explored), within(1e-3));
    assertThat(set.heldOut()).hasSize(2);
  }

  @Test
  void shouldTrainOnlyOnRewritesWhoseAnswerWon() {
    List<JudgedExample> examples =
        List.of(
            example("won", "gemma-7b", 1.0),
            example("tied", "gemma-7b", 0.5),
            example("lost", "gemma-7b", 0.0));

    JudgedTrainingSet set = JudgedTrainingSet.build(examples, List.of(), SETTINGS);

    assertThat(set.winners()).isEqualTo(1);
    assertThat(set.heldOut()).isEmpty(); // too few winners to hold any out
    assertThat(set.train()).extracting(JudgedTrainingSet.Pair::prompt).containsExactly("won");
  }

  @Test
  void shouldAddTheBaseDataAsARegulariserWithAFixedShareOfTheMass() {
    List<JudgedExample> examples = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      examples.add(example("p" + i, "gemma-7b", 1.0));
    }
    List<PromptRewrite> base = List.of(row("b1"), row("b2"));

    JudgedTrainingSet set = JudgedTrainingSet.build(examples, base, SETTINGS);

    double judgedMass = weightOf(set.train(), "gemma-7b/v1");
    double baseMass = weightOf(set.train(), JudgedTrainingSet.BASE_DATA);
    assertThat(set.train().stream().filter(p -> p.writer().equals(JudgedTrainingSet.BASE_DATA)))
        .hasSize(2 * RewriteStyle.values().length);
    assertThat(baseMass).isCloseTo(SETTINGS.baseShare() * judgedMass, within(1e-4));
  }

  @Test
  void shouldHoldOutTheSameWinnersForTheSameSeed() {
    List<JudgedExample> examples = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      examples.add(example("p" + i, "gemma-7b", 1.0));
    }

    List<String> first =
        JudgedTrainingSet.build(examples, List.of(), SETTINGS).heldOut().stream()
            .map(JudgedTrainingSet.Pair::prompt)
            .toList();
    List<String> second =
        JudgedTrainingSet.build(examples, List.of(), SETTINGS).heldOut().stream()
            .map(JudgedTrainingSet.Pair::prompt)
            .toList();

    assertThat(first).hasSize(4).isEqualTo(second);
  }

  private static double weightOf(List<JudgedTrainingSet.Pair> pairs, String writer) {
    return pairs.stream()
        .filter(p -> p.writer().equals(writer))
        .mapToDouble(JudgedTrainingSet.Pair::weight)
        .sum();
  }

  private static JudgedExample example(String prompt, String headTarget, double outcome) {
    return JudgedExample.newBuilder()
        .setPrompt(prompt)
        .setRewrite("rewrite of " + prompt)
        .setHeadTarget(headTarget)
        .setHeadVersion("v1")
        .setOutcome(outcome)
        .setJudgedAt(Instant.parse("2026-12-07T12:00:00Z"))
        .build();
  }

  private static PromptRewrite row(String id) {
    Map<RewriteStyle, String> rewrites = new EnumMap<>(RewriteStyle.class);
    for (RewriteStyle style : RewriteStyle.values()) {
      rewrites.put(style, style.key() + " rewrite of " + id);
    }
    return new PromptRewrite(id, "general", "prompt " + id, rewrites);
  }
}

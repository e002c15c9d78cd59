package io.promptstream.topology.demo.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.promptstream.events.Arm;
import io.promptstream.events.Judgment;
import io.promptstream.events.OptimizedPrompt;
import io.promptstream.events.PromptStatus;
import io.promptstream.runtime.training.data.RewriteStyle;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The simulated judge of the drift demo, on the bundled prompt-rewrite dataset. */
class SimulatedJudgeTest {

  private static final String GEMMA = "gemma-7b";
  private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final int JUDGMENTS = 4_000;

  private static StyleClassifier dataset;

  /** Share of wins among decisive judgments, and share of ties among all. */
  record Shares(double winShare, double tieShare) {}

  @BeforeAll
  static void loadDataset() {
    dataset = StyleClassifier.bundled();
  }

  @Test
  void shouldClassifyEachDatasetRewriteAsItsOwnStyle() {
    List<String> prompts = dataset.prompts().subList(0, 100);
    for (RewriteStyle style : RewriteStyle.values()) {
      long right =
          prompts.stream()
              .filter(
                  p ->
                      dataset
                          .styleOf(dataset.rewrite(p, style).orElseThrow())
                          .equals(Optional.of(style)))
              .count();
      assertThat(right).as("rewrites classified as %s", style).isGreaterThanOrEqualTo(95);
    }
  }

  @Test
  void shouldTellTheStyleByTheRulesThatMeasureHeadAdherence() {
    assertThat(dataset.styleOf("Describe teapots, covering (1) history and (2) uses."))
        .contains(RewriteStyle.STRUCTURED);
    assertThat(dataset.styleOf("You are a tea historian. Describe teapots in depth."))
        .contains(RewriteStyle.EXPERT);
    assertThat(dataset.styleOf("  As an industrial designer, describe teapots.\n"))
        .contains(RewriteStyle.EXPERT);
    assertThat(dataset.styleOf("Describe the history of teapots in one paragraph."))
        .contains(RewriteStyle.CONCISE);
    assertThat(dataset.styleOf("Describe teapots. Then describe kettles as well.")).isEmpty();
    assertThat(dataset.styleOf("   ")).isEmpty();
  }

  @Test
  void shouldReadTheDatasetFromAFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("rewrites.jsonl");
    Files.writeString(
        file,
        "{\"id\": \"x\", \"prompt\": \"Explain tides\", \"rewrites\": {\"structured\": \"Explain"
            + " tides, covering (1) the moon and (2) the sun.\", \"expert\": \"As an oceanographer,"
            + " explain tides.\", \"concise\": \"Explain in one sentence what causes tides.\"}}\n");

    StyleClassifier fromFile = StyleClassifier.fromFile(file);

    assertThat(fromFile.prompts()).containsExactly("Explain tides");
    assertThat(fromFile.rewrite("Explain tides", RewriteStyle.EXPERT))
        .contains("As an oceanographer, explain tides.");
  }

  @Test
  void shouldRejectADatasetLineWithoutAllThreeRewrites() {
    byte[] line =
        "{\"prompt\": \"p\", \"rewrites\": {\"structured\": \"s\", \"expert\": \"e\"}}\n"
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> StyleClassifier.parse(new ByteArrayInputStream(line)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Line 1")
        .hasMessageContaining("rewrites.concise");
  }

  @Test
  void shouldLetThePreferredStyleWinAtThePreferredRate() {
    SimulatedJudge judge = judge(7);

    Shares preferred = shares(judge, GEMMA, RewriteStyle.STRUCTURED);
    Shares other = shares(judge, GEMMA, RewriteStyle.EXPERT);

    assertThat(preferred.winShare()).isCloseTo(0.8, within(0.03));
    assertThat(other.winShare()).isCloseTo(0.3, within(0.03));
    assertThat(preferred.tieShare()).isCloseTo(0.05, within(0.015));
    assertThat(other.tieShare()).isCloseTo(0.05, within(0.015));
  }

  @Test
  void shouldTreatAnUnknownStyleAsNotPreferred() {
    SimulatedJudge judge = judge(7);
    List<Judgment> judgments = new ArrayList<>();
    for (int i = 0; i < JUDGMENTS; i++) {
      String prompt = dataset.prompts().get(i % dataset.size());
      judge
          .judge(output(i, GEMMA, prompt, "Tell me a joke about penguins"))
          .ifPresent(judgments::add);
    }

    assertThat(shares(judgments).winShare()).isCloseTo(0.3, within(0.03));
  }

  @Test
  void shouldSwapWinRatesAfterATasteShift() {
    SimulatedJudge judge = judge(11);

    RewriteStyle previous = judge.shift(GEMMA, RewriteStyle.CONCISE);

    assertThat(previous).isEqualTo(RewriteStyle.STRUCTURED);
    assertThat(judge.preferredStyle(GEMMA)).contains(RewriteStyle.CONCISE);
    assertThat(shares(judge, GEMMA, RewriteStyle.CONCISE).winShare()).isCloseTo(0.8, within(0.03));
    assertThat(shares(judge, GEMMA, RewriteStyle.STRUCTURED).winShare())
        .isCloseTo(0.3, within(0.03));
    assertThat(judge.preferredStyle("llama-3-8b")).contains(RewriteStyle.EXPERT);
  }

  @Test
  void shouldNameTheNewTasteInTheAnnotatorAfterAShift() {
    SimulatedJudge judge = judge(7);
    String prompt = dataset.prompts().get(0);
    String concise = dataset.rewrite(prompt, RewriteStyle.CONCISE).orElseThrow();

    judge.shift(GEMMA, RewriteStyle.CONCISE);
    Judgment judgment = judge.judge(output(0, GEMMA, prompt, concise)).orElseThrow();

    assertThat(judgment.getAnnotator()).isEqualTo("simulated-judge(gemma-7b prefers concise)");
  }

  @Test
  void shouldRejectAShiftOfATargetWithoutATaste() {
    SimulatedJudge judge = judge(7);

    assertThatThrownBy(() -> judge.shift("gpt-4o", RewriteStyle.CONCISE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gpt-4o");
    assertThat(judge.preferredStyle("gpt-4o")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = PromptStatus.class,
      mode = EnumSource.Mode.EXCLUDE,
      names = {"REWRITTEN"})
  void shouldNotJudgeOutputsThatWereNotRewritten(PromptStatus status) {
    SimulatedJudge judge = judge(7);
    String prompt = dataset.prompts().get(0);
    OptimizedPrompt output =
        OptimizedPrompt.newBuilder(output(0, GEMMA, prompt, prompt))
            .setArm(Arm.CONTROL)
            .setStatus(status)
            .build();

    assertThat(judge.judge(output)).isEmpty();
  }

  @Test
  void shouldNotJudgeATargetWithoutATaste() {
    SimulatedJudge judge = judge(7);
    String prompt = dataset.prompts().get(0);
    String structured = dataset.rewrite(prompt, RewriteStyle.STRUCTURED).orElseThrow();

    assertThat(judge.judge(output(0, "gpt-4o", prompt, structured))).isEmpty();
  }

  @Test
  void shouldFillTheJudgmentInAlpacaEvalShape() {
    SimulatedJudge judge = judge(7);
    String prompt = dataset.prompts().get(0);
    String expert = dataset.rewrite(prompt, RewriteStyle.EXPERT).orElseThrow();
    OptimizedPrompt output =
        OptimizedPrompt.newBuilder(output(42, "llama-3-8b", prompt, expert))
            .setHeadVersion("v3")
            .build();

    Judgment judgment = judge.judge(output).orElseThrow();

    assertThat(judgment.getRequestId()).isEqualTo("req-42");
    assertThat(judgment.getTargetLlm()).isEqualTo("llama-3-8b");
    assertThat(judgment.getHeadVersion()).isEqualTo("v3");
    assertThat(judgment.getInstruction()).isEqualTo(prompt);
    assertThat(judgment.getOutput1())
        .startsWith("[simulated llama-3-8b answer to the user prompt] ");
    assertThat(judgment.getOutput2())
        .startsWith("[simulated llama-3-8b answer to the optimized prompt] ");
    assertThat(judgment.getGenerator1()).isEqualTo("llama-3-8b/user-prompt");
    assertThat(judgment.getGenerator2()).isEqualTo("llama-3-8b/optimized-prompt");
    assertThat(judgment.getAnnotator()).isEqualTo("simulated-judge(llama-3-8b prefers expert)");
    assertThat(judgment.getPreference()).isIn(1.0, 1.5, 2.0);
    assertThat(judgment.getJudgedAt()).isEqualTo(NOW);
  }

  @Test
  void shouldJudgeTheStyleOfTheSentRewriteWhoeverWroteIt() {
    SimulatedJudge judge = judge(7);
    List<Judgment> judgments = new ArrayList<>();
    for (int i = 0; i < JUDGMENTS; i++) {
      String prompt = dataset.prompts().get(i % dataset.size());
      // An exploring llama head wrote a structured rewrite for gemma, which prefers structured.
      OptimizedPrompt output =
          OptimizedPrompt.newBuilder(
                  output(i, GEMMA, prompt, dataset.rewrite(prompt, RewriteStyle.STRUCTURED).get()))
              .setHeadVersion("llama-3-8b@v1")
              .build();
      judge.judge(output).ifPresent(judgments::add);
    }

    assertThat(shares(judgments).winShare()).isCloseTo(0.8, within(0.03));
  }

  @Test
  void shouldGiveTheSameJudgmentsForTheSameSeed() {
    List<Judgment> first = judgeAll(judge(99));
    List<Judgment> second = judgeAll(judge(99));
    List<Judgment> otherSeed = judgeAll(judge(100));

    assertThat(second).isEqualTo(first);
    assertThat(otherSeed).isNotEqualTo(first);
  }

  @Test
  void shouldNotLetAnswerLengthsGiveTheOutcomeAway() {
    SimulatedJudge judge = judge(3);
    List<Judgment> judgments = new ArrayList<>();
    judgments.addAll(judgeAll(judge, GEMMA, RewriteStyle.STRUCTURED));
    judgments.addAll(judgeAll(judge, GEMMA, RewriteStyle.CONCISE));
    double meanLength =
        judgments.stream().mapToInt(j -> j.getOutput2().length()).average().orElseThrow();

    double winsDiff = meanLengthDiff(judgments, SimulatedJudge.OPTIMIZED_WINS);
    double lossesDiff = meanLengthDiff(judgments, SimulatedJudge.USER_PROMPT_WINS);
    double winsLength = meanOptimizedLength(judgments, SimulatedJudge.OPTIMIZED_WINS);
    double lossesLength = meanOptimizedLength(judgments, SimulatedJudge.USER_PROMPT_WINS);

    assertThat(Math.abs(winsDiff - lossesDiff)).isLessThan(0.05 * meanLength);
    assertThat(Math.abs(winsLength - lossesLength)).isLessThan(0.05 * meanLength);
  }

  @Test
  void shouldRejectInvalidSettings() {
    assertThatThrownBy(() -> SimulatedJudge.builder().optPreferredWinRate(1.2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("preferredWinRate");
    assertThatThrownBy(() -> SimulatedJudge.builder().optTieRate(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tieRate");
    assertThatThrownBy(() -> SimulatedJudge.builder().setTaste(GEMMA, RewriteStyle.EXPERT).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dataset");
    assertThatThrownBy(() -> SimulatedJudge.builder().setDataset(dataset).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("taste");
  }

  @Test
  void shouldOfferTheDefaultPrompterTastes() {
    assertThat(SimulatedJudge.defaultTastes())
        .containsExactly(
            entry("gemma-7b", RewriteStyle.STRUCTURED),
            entry("llama-3-8b", RewriteStyle.EXPERT),
            entry("mixtral-8x7b", RewriteStyle.CONCISE));
  }

  private static SimulatedJudge judge(long seed) {
    return SimulatedJudge.builder()
        .setDataset(dataset)
        .setTastes(SimulatedJudge.defaultTastes())
        .optSeed(seed)
        .optClock(CLOCK)
        .build();
  }

  private static Shares shares(SimulatedJudge judge, String target, RewriteStyle sentStyle) {
    return shares(judgeAll(judge, target, sentStyle));
  }

  private static Shares shares(List<Judgment> judgments) {
    assertThat(judgments).hasSize(JUDGMENTS);
    long wins = judgments.stream().filter(j -> j.getPreference() == 2.0).count();
    long losses = judgments.stream().filter(j -> j.getPreference() == 1.0).count();
    long ties = judgments.size() - wins - losses;
    return new Shares((double) wins / (wins + losses), (double) ties / judgments.size());
  }

  private static List<Judgment> judgeAll(SimulatedJudge judge) {
    List<Judgment> judgments = new ArrayList<>();
    for (String target : SimulatedJudge.defaultTastes().keySet()) {
      for (RewriteStyle style : RewriteStyle.values()) {
        for (int i = 0; i < 50; i++) {
          String prompt = dataset.prompts().get(i);
          String rewrite = dataset.rewrite(prompt, style).orElseThrow();
          judge.judge(output(i, target, prompt, rewrite)).ifPresent(judgments::add);
        }
      }
    }
    return judgments;
  }

  private static List<Judgment> judgeAll(
      SimulatedJudge judge, String target, RewriteStyle sentStyle) {
    List<Judgment> judgments = new ArrayList<>();
    for (int i = 0; i < JUDGMENTS; i++) {
      String prompt = dataset.prompts().get(i % dataset.size());
      String rewrite = dataset.rewrite(prompt, sentStyle).orElseThrow();
      judge.judge(output(i, target, prompt, rewrite)).ifPresent(judgments::add);
    }
    return judgments;
  }

  private static double meanLengthDiff(List<Judgment> judgments, double preference) {
    return judgments.stream()
        .filter(j -> j.getPreference() == preference)
        .mapToInt(j -> j.getOutput2().length() - j.getOutput1().length())
        .average()
        .orElseThrow();
  }

  private static double meanOptimizedLength(List<Judgment> judgments, double preference) {
    return judgments.stream()
        .filter(j -> j.getPreference() == preference)
        .mapToInt(j -> j.getOutput2().length())
        .average()
        .orElseThrow();
  }

  private static OptimizedPrompt output(int n, String target, String prompt, String sent) {
    return OptimizedPrompt.newBuilder()
        .setRequestId("req-" + n)
        .setConversationId("conv-" + n)
        .setUserId("user-" + (n % 7))
        .setTargetLlm(target)
        .setArm(Arm.TREATMENT)
        .setStatus(PromptStatus.REWRITTEN)
        .setOriginalText(prompt)
        .setSentText(sent)
        .setProducedAt(NOW)
        .build();
  }
}

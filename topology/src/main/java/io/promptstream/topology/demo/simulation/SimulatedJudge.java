package io.promptstream.topology.demo.simulation;

import io.promptstream.events.Judgment;
import io.promptstream.events.OptimizedPrompt;
import io.promptstream.events.PromptStatus;
import io.promptstream.runtime.training.data.RewriteStyle;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A simulation of target LLMs and their judge, for {@code demo --scenario drift}: no LLM answers
 * and no LLM judges. Each simulated target has a taste, a preferred {@link RewriteStyle}; the
 * answer to a rewritten prompt beats the answer to the user's prompt more often when the rewrite is
 * in that style. Midway through the demo a taste {@linkplain #shift shifts}, and the gateway's
 * drift detection should notice the fall in win rate.
 *
 * <pre>{@code
 * SimulatedJudge judge = SimulatedJudge.builder()
 *     .setBundledDataset()
 *     .setTastes(SimulatedJudge.defaultTastes())
 *     .optSeed(7)
 *     .build();
 * judge.judge(optimizedPrompt).ifPresent(judgments::send);
 * judge.shift("gemma-7b", RewriteStyle.CONCISE);
 * }</pre>
 *
 * <ul>
 *   <li><b>What is judged</b>: only {@link PromptStatus#REWRITTEN} outputs of targets with a taste;
 *       control and fallback outputs send the user's prompt unchanged, so there is no pair to
 *       judge, and {@link #judge} returns empty for them and for targets without a taste.
 *   <li><b>Style</b>: the style of the sent rewrite as {@link StyleClassifier} tells it, whoever
 *       wrote it (an exploring head of another target included).
 *   <li><b>Outcome</b>: a tie (preference 1.5) with probability {@code tieRate}; otherwise the
 *       optimized prompt's answer wins (preference 2.0) with probability {@code preferredWinRate}
 *       when the rewrite is in the preferred style and {@code otherWinRate} when it is in another
 *       or an unknown style, and loses (preference 1.0) otherwise.
 *   <li><b>Answers</b>: placeholder texts whose lengths are drawn from one distribution for both
 *       answers, whatever the outcome, so length does not give the outcome away.
 *   <li><b>Reproducibility</b>: one seeded {@link Random}; the same seed and the same sequence of
 *       calls give the same judgments. Thread-safe: draws are synchronized, tastes may shift from
 *       any thread.
 * </ul>
 */
public final class SimulatedJudge {

  public static final double DEFAULT_PREFERRED_WIN_RATE = 0.8;
  public static final double DEFAULT_OTHER_WIN_RATE = 0.3;
  public static final double DEFAULT_TIE_RATE = 0.05;
  public static final long DEFAULT_SEED = 7L;

  /** Preference when the answer to the optimized prompt ({@code output_2}) wins. */
  public static final double OPTIMIZED_WINS = 2.0;

  /** Preference when the answer to the user's prompt ({@code output_1}) wins. */
  public static final double USER_PROMPT_WINS = 1.0;

  /** Preference of a tie. */
  public static final double TIE = 1.5;

  private static final int MIN_SENTENCES = 2;
  private static final int MAX_SENTENCES = 8;
  private static final List<String> FILLER =
      List.of(
          "Here is a considered response to the request.",
          "The main points are set out below in order.",
          "Each point comes with a short justification.",
          "Where the request is ambiguous, the most likely reading is assumed.",
          "An example follows to make the idea concrete.",
          "Some caveats apply, and they are noted briefly.",
          "The answer ends with a short summary.",
          "Further detail can be given on request.");

  private final StyleClassifier classifier;
  private final Map<String, RewriteStyle> tastes;
  private final double preferredWinRate;
  private final double otherWinRate;
  private final double tieRate;
  private final Clock clock;
  // Guarded by this.
  private final Random random;

  private record Draw(double preference, String userPromptAnswer, String optimizedAnswer) {}

  private SimulatedJudge(Builder b) {
    this.classifier = b.classifier;
    this.tastes = new ConcurrentHashMap<>(b.tastes);
    this.preferredWinRate = b.preferredWinRate;
    this.otherWinRate = b.otherWinRate;
    this.tieRate = b.tieRate;
    this.clock = b.clock;
    this.random = new Random(b.seed);
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The simulated tastes matching the shipped default prompter's three adapter heads: gemma-7b
   * prefers structured rewrites, llama-3-8b expert ones, mixtral-8x7b concise ones.
   */
  public static Map<String, RewriteStyle> defaultTastes() {
    Map<String, RewriteStyle> tastes = new LinkedHashMap<>();
    tastes.put("gemma-7b", RewriteStyle.STRUCTURED);
    tastes.put("llama-3-8b", RewriteStyle.EXPERT);
    tastes.put("mixtral-8x7b", RewriteStyle.CONCISE);
    return Collections.unmodifiableMap(tastes);
  }

  /**
   * A simulated judgment of the output, or empty when the output was not rewritten or its target
   * has no taste. Preference 2.0 means the answer to the optimized prompt won.
   */
  public Optional<Judgment> judge(OptimizedPrompt output) {
    Objects.requireNonNull(output, "output");
    if (output.getStatus() != PromptStatus.REWRITTEN) {
      return Optional.empty();
    }
    String target = output.getTargetLlm();
    RewriteStyle preferred = tastes.get(target);
    if (preferred == null) {
      return Optional.empty();
    }
    boolean inPreferredStyle =
        classifier.styleOf(output.getSentText()).filter(preferred::equals).isPresent();
    Draw draw = draw(inPreferredStyle ? preferredWinRate : otherWinRate);
    return Optional.of(
        Judgment.newBuilder()
            .setRequestId(output.getRequestId())
            .setTargetLlm(target)
            .setHeadVersion(output.getHeadVersion())
            .setInstruction(output.getOriginalText())
            .setOutput1(answerPrefix(target, "user prompt") + draw.userPromptAnswer())
            .setOutput2(answerPrefix(target, "optimized prompt") + draw.optimizedAnswer())
            .setGenerator1(target + "/user-prompt")
            .setGenerator2(target + "/optimized-prompt")
            .setAnnotator("simulated-judge(" + target + " prefers " + preferred.key() + ")")
            .setPreference(draw.preference())
            .setJudgedAt(clock.instant())
            .build());
  }

  /** The style of a rewrite, as the judge sees it; see {@link StyleClassifier}. */
  public Optional<RewriteStyle> styleOf(String rewrite) {
    return classifier.styleOf(rewrite);
  }

  /**
   * Changes the target's preferred style for every judgment from now on.
   *
   * @return the style preferred until now
   * @throws IllegalArgumentException when the target has no taste
   */
  public RewriteStyle shift(String targetLlm, RewriteStyle newPreferred) {
    Objects.requireNonNull(targetLlm, "targetLlm");
    Objects.requireNonNull(newPreferred, "newPreferred");
    RewriteStyle previous = tastes.replace(targetLlm, newPreferred);
    if (previous == null) {
      throw new IllegalArgumentException("targetLlm " + targetLlm + " has no simulated taste");
    }
    return previous;
  }

  /** The style the target prefers now, or empty when it has no taste. */
  public Optional<RewriteStyle> preferredStyle(String targetLlm) {
    Objects.requireNonNull(targetLlm, "targetLlm");
    return Optional.ofNullable(tastes.get(targetLlm));
  }

  /** A snapshot of every target's preferred style now. */
  public Map<String, RewriteStyle> tastes() {
    return Map.copyOf(tastes);
  }

  /** Draws the outcome and both answers; always the same number of draws, whatever the outcome. */
  private synchronized Draw draw(double winRate) {
    double tieDraw = random.nextDouble();
    double winDraw = random.nextDouble();
    double preference;
    if (tieDraw < tieRate) {
      preference = TIE;
    } else {
      preference = winDraw < winRate ? OPTIMIZED_WINS : USER_PROMPT_WINS;
    }
    return new Draw(preference, answer(), answer());
  }

  private static String answerPrefix(String target, String prompt) {
    return "[simulated " + target + " answer to the " + prompt + "] ";
  }

  private String answer() {
    int sentences = MIN_SENTENCES + random.nextInt(MAX_SENTENCES - MIN_SENTENCES + 1);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < sentences; i++) {
      if (i > 0) {
        text.append(' ');
      }
      text.append(FILLER.get(random.nextInt(FILLER.size())));
    }
    return text.toString();
  }

  /** Builds a {@link SimulatedJudge}; {@code set*} are required, {@code opt*} have defaults. */
  public static final class Builder {
    private StyleClassifier classifier;
    private final Map<String, RewriteStyle> tastes = new LinkedHashMap<>();
    private double preferredWinRate = DEFAULT_PREFERRED_WIN_RATE;
    private double otherWinRate = DEFAULT_OTHER_WIN_RATE;
    private double tieRate = DEFAULT_TIE_RATE;
    private long seed = DEFAULT_SEED;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The prompt-rewrite dataset the styles are told by. Required (this or another setDataset). */
    public Builder setDataset(StyleClassifier classifier) {
      this.classifier = Objects.requireNonNull(classifier, "classifier");
      return this;
    }

    /** The prompt-rewrite dataset as a JSON-lines file, read now. */
    public Builder setDataset(Path file) {
      return setDataset(StyleClassifier.fromFile(file));
    }

    /** The prompt-rewrite dataset bundled with the launcher, read now. */
    public Builder setBundledDataset() {
      return setDataset(StyleClassifier.bundled());
    }

    /** The style a target prefers. At least one taste is required; a later call replaces it. */
    public Builder setTaste(String targetLlm, RewriteStyle preferred) {
      Objects.requireNonNull(targetLlm, "targetLlm");
      Objects.requireNonNull(preferred, "preferred");
      if (targetLlm.isBlank()) {
        throw new IllegalArgumentException("targetLlm must not be blank");
      }
      tastes.put(targetLlm, preferred);
      return this;
    }

    /** Every entry as by {@link #setTaste}; e.g. {@link SimulatedJudge#defaultTastes()}. */
    public Builder setTastes(Map<String, RewriteStyle> tastes) {
      Objects.requireNonNull(tastes, "tastes").forEach(this::setTaste);
      return this;
    }

    /** Win probability of a non-tied rewrite in the preferred style. Default 0.8. */
    public Builder optPreferredWinRate(double preferredWinRate) {
      this.preferredWinRate = probability(preferredWinRate, "preferredWinRate");
      return this;
    }

    /** Win probability of a non-tied rewrite in another or an unknown style. Default 0.3. */
    public Builder optOtherWinRate(double otherWinRate) {
      this.otherWinRate = probability(otherWinRate, "otherWinRate");
      return this;
    }

    /** Probability of a tie (preference 1.5), whatever the style. Default 0.05. */
    public Builder optTieRate(double tieRate) {
      this.tieRate = probability(tieRate, "tieRate");
      return this;
    }

    /** Seed of the judge's random draws. Default {@value SimulatedJudge#DEFAULT_SEED}. */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The clock that stamps {@code judgedAt}. Default the system UTC clock. */
    public Builder optClock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The judge.
     *
     * @throws IllegalStateException when no dataset or no taste was set
     */
    public SimulatedJudge build() {
      if (classifier == null) {
        throw new IllegalStateException("dataset is required (setDataset or setBundledDataset)");
      }
      if (tastes.isEmpty()) {
        throw new IllegalStateException("at least one taste is required (setTaste)");
      }
      return new SimulatedJudge(this);
    }

    private static double probability(double value, String name) {
      if (!(value >= 0 && value <= 1)) {
        throw new IllegalArgumentException(name + " must be in [0, 1], was " + value);
      }
      return value;
    }
  }
}

package io.promptstream.topology.evaluator;

import io.promptstream.events.Judgment;
import io.promptstream.events.OptimizedPrompt;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * Turns a rewritten prompt into a judgment: the target LLM answers the user's prompt and the
 * optimized prompt, and the judge compares the two answers. The result has AlpacaEval's shape:
 * output_1 answers the user prompt, output_2 the optimized one.
 */
public final class EvaluatorBridge {

  private final ChatCompletionsClient targets;
  private final UnaryOperator<String> modelOf;
  private final PairwiseJudge judge;
  private final String judgeName;
  private final Clock clock;

  /**
   * @param modelOf maps a target LLM name to the model name the endpoint knows it by
   */
  public EvaluatorBridge(
      ChatCompletionsClient targets,
      UnaryOperator<String> modelOf,
      PairwiseJudge judge,
      String judgeName,
      Clock clock) {
    this.targets = targets;
    this.modelOf = modelOf;
    this.judge = judge;
    this.judgeName = judgeName;
    this.clock = clock;
  }

  public Judgment evaluate(OptimizedPrompt prompt) {
    String model = modelOf.apply(prompt.getTargetLlm());
    String answerToUser = targets.complete(model, "", prompt.getOriginalText(), 0.0);
    String answerToOptimized = targets.complete(model, "", prompt.getSentText(), 0.0);
    PairwiseJudge.Verdict verdict =
        judge.judge(prompt.getOriginalText(), answerToUser, answerToOptimized);
    return Judgment.newBuilder()
        .setRequestId(prompt.getRequestId())
        .setTargetLlm(prompt.getTargetLlm())
        .setHeadVersion(prompt.getHeadVersion())
        .setInstruction(prompt.getOriginalText())
        .setOutput1(answerToUser)
        .setOutput2(answerToOptimized)
        .setGenerator1(model)
        .setGenerator2(model)
        .setAnnotator(judgeName + (verdict.swapped() ? " (order swapped)" : ""))
        .setPreference(verdict.preference())
        .setJudgedAt(clock.instant())
        .build();
  }
}

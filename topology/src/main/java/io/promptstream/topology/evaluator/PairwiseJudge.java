package io.promptstream.topology.evaluator;

import java.util.Locale;
import java.util.Random;

/**
 * Asks a judge LLM which of two answers to an instruction is better, in the pairwise style of
 * AlpacaEval. The two answers are shown in a random order (judges favour a position); the order is
 * recorded and undone, so the verdict is always about output_1 (the answer to the user's prompt)
 * versus output_2 (the answer to the optimized prompt).
 */
public final class PairwiseJudge {

  /**
   * The verdict.
   *
   * @param preference 1 = output_1 better, 2 = output_2 better, 1.5 = tie or no clear answer
   * @param swapped true when output_2 was shown first
   */
  public record Verdict(double preference, boolean swapped, String rawAnswer) {}

  static final String SYSTEM =
      "You compare two answers to the same instruction and decide which one a careful, expert"
          + " reader would prefer. Judge helpfulness, accuracy, depth and clarity; ignore length"
          + " for its own sake.";

  private final ChatCompletionsClient client;
  private final String judgeModel;
  private final Random random;

  public PairwiseJudge(ChatCompletionsClient client, String judgeModel, Random random) {
    this.client = client;
    this.judgeModel = judgeModel;
    this.random = random;
  }

  public Verdict judge(String instruction, String output1, String output2) {
    boolean swapped = random.nextBoolean();
    String first = swapped ? output2 : output1;
    String second = swapped ? output1 : output2;
    String answer = client.complete(judgeModel, SYSTEM, prompt(instruction, first, second), 0.0);
    double shown = parse(answer);
    double preference = shown == 1.5 ? 1.5 : (swapped ? 3 - shown : shown);
    return new Verdict(preference, swapped, answer);
  }

  static String prompt(String instruction, String first, String second) {
    return "## Instruction\n"
        + instruction
        + "\n\n## Output (a)\n"
        + first
        + "\n\n## Output (b)\n"
        + second
        + "\n\n## Task\nWhich output is better? Answer with exactly \"Output (a)\" or \"Output (b)\".";
  }

  /** 1 for (a), 2 for (b), 1.5 when the answer names neither or both. */
  static double parse(String answer) {
    String a = answer.toLowerCase(Locale.ROOT);
    boolean first = a.contains("output (a)");
    boolean second = a.contains("output (b)");
    if (first == second) {
      return 1.5;
    }
    return first ? 1 : 2;
  }
}

package io.promptstream.topology.retrain;

import java.nio.file.Path;

/**
 * How a drifted head is retrained.
 *
 * @param epochs stage-2 epochs over the judged set (default 6)
 * @param learningRate stage-2 peak learning rate (default 1e-3)
 * @param rewardTemperature the temperature of the reward weighting: each head that wrote judged
 *     rewrites gets a share of the training mass proportional to {@code exp(winRate / T)}, so a
 *     smaller T gives more of the set to the rewrites judges prefer now (default 0.1)
 * @param heldOutShare share of the judged winners held out for the offline evaluation (default 0.2)
 * @param baseData the prompt-rewrite dataset (JSON lines: prompt and rewrites by style) used as a
 *     regulariser, or null for none
 * @param baseShare training mass of the base data relative to the judged examples (default 0.2)
 * @param maxBaseExamples base examples drawn per retrain, seeded (default 300)
 * @param minWinners judged winning rewrites needed to train at all (default 8)
 * @param seed seed of the split, the draw of base examples and training
 */
public record RetrainSettings(
    int epochs,
    float learningRate,
    double rewardTemperature,
    double heldOutShare,
    Path baseData,
    double baseShare,
    int maxBaseExamples,
    int minWinners,
    long seed) {

  public RetrainSettings {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, was " + epochs);
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learningRate must be > 0, was " + learningRate);
    }
    if (!(rewardTemperature > 0)) {
      throw new IllegalArgumentException("rewardTemperature must be > 0, was " + rewardTemperature);
    }
    if (!(heldOutShare >= 0 && heldOutShare < 1)) {
      throw new IllegalArgumentException("heldOutShare must be in [0, 1), was " + heldOutShare);
    }
    if (!(baseShare >= 0)) {
      throw new IllegalArgumentException("baseShare must be >= 0, was " + baseShare);
    }
    if (minWinners < 1) {
      throw new IllegalArgumentException("minWinners must be >= 1, was " + minWinners);
    }
  }

  public static RetrainSettings defaults() {
    return new RetrainSettings(6, 1e-3f, 0.1, 0.2, null, 0.2, 300, 8, 17);
  }

  /** These settings with {@code baseData} as the regulariser. */
  public RetrainSettings withBaseData(Path baseData) {
    return new RetrainSettings(
        epochs,
        learningRate,
        rewardTemperature,
        heldOutShare,
        baseData,
        baseShare,
        maxBaseExamples,
        minWinners,
        seed);
  }
}

package io.promptstream.runtime.training;

/**
 * Linear warm-up from 0 to the peak, then cosine decay to {@code floor × peak} at the last step.
 *
 * @param peak the learning rate after warm-up
 * @param warmupSteps steps of linear warm-up
 * @param totalSteps all steps of the run
 * @param floor the final learning rate as a share of the peak
 */
public record LearningRateSchedule(float peak, int warmupSteps, int totalSteps, float floor) {

  /** Validates. */
  public LearningRateSchedule {
    if (peak < 0 || warmupSteps < 0 || totalSteps <= 0 || floor < 0 || floor > 1) {
      throw new IllegalArgumentException(
          "need peak >= 0, warmupSteps >= 0, totalSteps > 0, floor in [0, 1]");
    }
  }

  /** The learning rate of a step (0-based). */
  public float at(int step) {
    if (step < warmupSteps) {
      return peak * (step + 1) / warmupSteps;
    }
    int decaySteps = Math.max(1, totalSteps - warmupSteps - 1);
    double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
    double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
    return (float) (peak * (floor + (1 - floor) * cosine));
  }
}

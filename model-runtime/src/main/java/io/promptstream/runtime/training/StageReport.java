package io.promptstream.runtime.training;

import java.time.Duration;
import java.util.List;

/**
 * What a training stage did.
 *
 * @param label the stage's name
 * @param steps optimizer steps taken
 * @param tokens tokens processed (padding excluded)
 * @param wallTime wall-clock time of the training loop
 * @param trainLosses mean training loss per epoch
 * @param heldOutLosses held-out loss after each epoch (empty without held-out examples)
 */
public record StageReport(
    String label,
    int steps,
    long tokens,
    Duration wallTime,
    List<Double> trainLosses,
    List<Double> heldOutLosses) {

  /** Copies the lists. */
  public StageReport {
    trainLosses = List.copyOf(trainLosses);
    heldOutLosses = List.copyOf(heldOutLosses);
  }

  /** The last epoch's training loss, or NaN. */
  public double finalTrainLoss() {
    return trainLosses.isEmpty() ? Double.NaN : trainLosses.get(trainLosses.size() - 1);
  }

  /** The last held-out loss, or NaN. */
  public double finalHeldOutLoss() {
    return heldOutLosses.isEmpty() ? Double.NaN : heldOutLosses.get(heldOutLosses.size() - 1);
  }
}

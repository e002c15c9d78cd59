package io.promptstream.topology.abtest;

import io.promptstream.events.Arm;
import io.promptstream.events.Experiment;
import io.promptstream.events.PromptRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * Assigns each prompt an arm by a sticky hash of (experiment salt, user id): a user sees the same
 * arm for the whole experiment, on every instance. Treatment users are further split, by another
 * sticky hash, between the target's active head and its candidate (canary) head.
 */
public final class ArmAssigner {

  private final ExperimentCatalog catalog;
  private final double defaultCanaryShare;

  /**
   * @param defaultCanaryShare canary share for prompts no experiment covers
   */
  public ArmAssigner(ExperimentCatalog catalog, double defaultCanaryShare) {
    if (!(defaultCanaryShare >= 0 && defaultCanaryShare <= 1)) {
      throw new IllegalArgumentException(
          "defaultCanaryShare must be in [0, 1], was " + defaultCanaryShare);
    }
    this.catalog = catalog;
    this.defaultCanaryShare = defaultCanaryShare;
  }

  public Assignment assign(PromptRequest prompt, Instant now) {
    Optional<Experiment> experiment = catalog.covering(prompt.getTargetLlm(), now);
    if (experiment.isEmpty()) {
      return new Assignment(
          Arm.UNASSIGNED, null, inCanary("", prompt.getUserId(), defaultCanaryShare));
    }
    Experiment e = experiment.get();
    boolean treatment =
        StickyHash.unitInterval(e.getSalt() + ":" + prompt.getUserId()) < e.getTreatmentShare();
    if (!treatment) {
      return new Assignment(Arm.CONTROL, e.getName(), false);
    }
    return new Assignment(
        Arm.TREATMENT, e.getName(), inCanary(e.getSalt(), prompt.getUserId(), e.getCanaryShare()));
  }

  private static boolean inCanary(String salt, String userId, double share) {
    return share > 0 && StickyHash.unitInterval(salt + ":canary:" + userId) < share;
  }
}

package io.promptstream.topology.abtest;

import io.promptstream.events.Arm;
import io.promptstream.events.Experiment;
import io.promptstream.events.PromptRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * Assigns each prompt an arm by a sticky hash of (experiment salt, user id): a user sees the same
 * arm for the whole experiment, on every instance. Treatment users are further split, by another
 * sticky hash, between the target's active head and its candidate (canary) head. A small share of
 * the other rewritten prompts, drawn per request, is rewritten by another target's head instead
 * (exploration): its judgments show which rewrite style a target's judges prefer now, which the
 * target's own head alone cannot show once their taste moves away from it.
 */
public final class ArmAssigner {

  private final ExperimentCatalog catalog;
  private final double defaultCanaryShare;
  private final double explorationShare;

  /**
   * @param defaultCanaryShare canary share for prompts no experiment covers
   * @param explorationShare share of rewritten, non-canary prompts given to another target's head
   */
  public ArmAssigner(
      ExperimentCatalog catalog, double defaultCanaryShare, double explorationShare) {
    if (!(defaultCanaryShare >= 0 && defaultCanaryShare <= 1)) {
      throw new IllegalArgumentException(
          "defaultCanaryShare must be in [0, 1], was " + defaultCanaryShare);
    }
    if (!(explorationShare >= 0 && explorationShare <= 1)) {
      throw new IllegalArgumentException(
          "explorationShare must be in [0, 1], was " + explorationShare);
    }
    this.catalog = catalog;
    this.defaultCanaryShare = defaultCanaryShare;
    this.explorationShare = explorationShare;
  }

  /** No exploration. */
  public ArmAssigner(ExperimentCatalog catalog, double defaultCanaryShare) {
    this(catalog, defaultCanaryShare, 0.0);
  }

  public Assignment assign(PromptRequest prompt, Instant now) {
    Optional<Experiment> experiment = catalog.covering(prompt.getTargetLlm(), now);
    if (experiment.isEmpty()) {
      return rewritten(
          Arm.UNASSIGNED, null, inCanary("", prompt.getUserId(), defaultCanaryShare), prompt);
    }
    Experiment e = experiment.get();
    boolean treatment =
        StickyHash.unitInterval(e.getSalt() + ":" + prompt.getUserId()) < e.getTreatmentShare();
    if (!treatment) {
      return new Assignment(Arm.CONTROL, e.getName(), false, false);
    }
    return rewritten(
        Arm.TREATMENT,
        e.getName(),
        inCanary(e.getSalt(), prompt.getUserId(), e.getCanaryShare()),
        prompt);
  }

  private Assignment rewritten(Arm arm, String experiment, boolean canary, PromptRequest prompt) {
    boolean explore =
        !canary
            && explorationShare > 0
            && StickyHash.unitInterval("explore:" + prompt.getRequestId()) < explorationShare;
    return new Assignment(arm, experiment, canary, explore);
  }

  private static boolean inCanary(String salt, String userId, double share) {
    return share > 0 && StickyHash.unitInterval(salt + ":canary:" + userId) < share;
  }
}

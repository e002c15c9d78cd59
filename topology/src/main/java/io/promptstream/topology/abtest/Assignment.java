package io.promptstream.topology.abtest;

import io.promptstream.events.Arm;

/**
 * Where one prompt goes.
 *
 * @param arm CONTROL (sent unchanged), TREATMENT (rewritten) or UNASSIGNED (no experiment covers
 *     its target: rewritten)
 * @param experiment the experiment that decided, or null
 * @param canary for rewritten prompts: use the target's candidate head
 * @param explore for rewritten prompts: use another target's active head (exploration)
 */
public record Assignment(Arm arm, String experiment, boolean canary, boolean explore) {

  /** True when the prompt goes through the model. */
  public boolean rewritten() {
    return arm != Arm.CONTROL;
  }
}

package io.promptstream.topology.retrain;

import io.promptstream.adapters.store.AdapterStore;
import io.promptstream.adapters.store.AdapterVersion;
import io.promptstream.adapters.verify.AdapterExpectations;
import io.promptstream.events.CanaryDecision;
import io.promptstream.events.CanaryVerdict;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a canary verdict to the adapter store: a winning candidate is promoted (new active
 * pointer, {@code ACTIVE} release), a losing one withdrawn ({@code ROLLED_BACK} release, active
 * pointer untouched). Applying a verdict twice changes nothing the second time.
 */
public final class VerdictApplier {

  private static final Logger log = LoggerFactory.getLogger(VerdictApplier.class);

  /** What applying a verdict did. */
  public enum Applied {
    PROMOTED,
    WITHDRAWN,
    ALREADY_APPLIED
  }

  private final AdapterStore store;
  private final AdapterExpectations trunk;

  /**
   * @param trunk the running trunk's expectations; a promoted version is verified against them
   */
  public VerdictApplier(AdapterStore store, AdapterExpectations trunk) {
    this.store = store;
    this.trunk = trunk;
  }

  public Applied apply(CanaryVerdict verdict) throws IOException {
    String target = verdict.getTargetLlm();
    String candidate = verdict.getCandidateVersion();
    Optional<AdapterVersion> active = store.active(target);
    boolean candidateActive = active.isPresent() && active.get().version().equals(candidate);
    String reason = describe(verdict);
    if (verdict.getDecision() == CanaryDecision.PROMOTE) {
      if (candidateActive) {
        return Applied.ALREADY_APPLIED;
      }
      store.promote(target, candidate, trunk, reason);
      log.info("Promoted {}/{}: {}", target, candidate, reason);
      return Applied.PROMOTED;
    }
    if (candidateActive) {
      // Promoted by an operator meanwhile: an operator's decision stands.
      log.warn("Not withdrawing {}/{}: it is active", target, candidate);
      return Applied.ALREADY_APPLIED;
    }
    store.withdraw(target, candidate, reason);
    log.info("Rolled back canary {}/{}: {}", target, candidate, reason);
    return Applied.WITHDRAWN;
  }

  private static String describe(CanaryVerdict v) {
    return String.format(
        Locale.ROOT,
        "canary %s: win rate %.3f (%d judgments) vs active %s %.3f (%d), z=%.2f, p=%.4f, %s",
        v.getDecision() == CanaryDecision.PROMOTE ? "won" : "did not win",
        v.getCandidateWinRate(),
        v.getCandidateJudgments(),
        v.getActiveVersion(),
        v.getActiveWinRate(),
        v.getActiveJudgments(),
        v.getStatistic(),
        v.getPValue(),
        v.getTest());
  }
}

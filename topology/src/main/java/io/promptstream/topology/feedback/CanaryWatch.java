package io.promptstream.topology.feedback;

import io.promptstream.events.CanaryDecision;
import io.promptstream.events.CanaryState;
import io.promptstream.events.CanaryVerdict;
import io.promptstream.events.JudgedOutcome;
import io.promptstream.topology.drift.CanaryComparison;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Follows each target's canary: from the candidate's first judgment on, it sums the outcomes of the
 * candidate and of the active head it runs beside, and decides once, when both sides have enough
 * judgments, with the {@link CanaryComparison}.
 */
final class CanaryWatch {

  static final String STORE = "canary-store";

  private final KeyValueStore<String, CanaryState> store;
  private final CanaryComparison comparison;
  private final Clock clock;

  CanaryWatch(KeyValueStore<String, CanaryState> store, CanaryComparison comparison, Clock clock) {
    this.store = store;
    this.comparison = comparison;
    this.clock = clock;
  }

  /** Counts a judgment of a canary head; the verdict when this judgment completes the test. */
  Optional<CanaryVerdict> candidate(JudgedOutcome o) {
    String target = o.getTargetLlm();
    CanaryState state = store.get(target);
    if (state == null || !state.getCandidateVersion().equals(o.getHeadVersion())) {
      state = fresh(target, o.getHeadVersion());
    }
    if (state.getDecided()) {
      return Optional.empty(); // A late judgment of a canary already decided.
    }
    double x = o.getOutcome();
    return settle(
        CanaryState.newBuilder(state)
            .setCandidateJudgments(state.getCandidateJudgments() + 1)
            .setCandidateWins(state.getCandidateWins() + x)
            .setCandidateSquares(state.getCandidateSquares() + x * x)
            .build());
  }

  /** Counts a judgment of the active head while a canary of its target is undecided. */
  Optional<CanaryVerdict> active(JudgedOutcome o) {
    CanaryState state = store.get(o.getTargetLlm());
    if (state == null
        || state.getDecided()
        || (state.getActiveVersion() != null
            && !state.getActiveVersion().equals(o.getHeadVersion()))) {
      return Optional.empty();
    }
    double x = o.getOutcome();
    return settle(
        CanaryState.newBuilder(state)
            .setActiveVersion(o.getHeadVersion())
            .setActiveJudgments(state.getActiveJudgments() + 1)
            .setActiveWins(state.getActiveWins() + x)
            .setActiveSquares(state.getActiveSquares() + x * x)
            .build());
  }

  /** True while a canary of the target is being judged and not yet decided. */
  boolean undecided(String target) {
    CanaryState state = store.get(target);
    return state != null && !state.getDecided();
  }

  private Optional<CanaryVerdict> settle(CanaryState state) {
    CanaryComparison.Side candidate =
        new CanaryComparison.Side(
            state.getCandidateJudgments(), state.getCandidateWins(), state.getCandidateSquares());
    CanaryComparison.Side active =
        new CanaryComparison.Side(
            state.getActiveJudgments(), state.getActiveWins(), state.getActiveSquares());
    if (!comparison.ready(candidate, active)) {
      store.put(state.getTargetLlm(), state);
      return Optional.empty();
    }
    CanaryComparison.Result result = comparison.test(candidate, active);
    store.put(state.getTargetLlm(), CanaryState.newBuilder(state).setDecided(true).build());
    return Optional.of(
        CanaryVerdict.newBuilder()
            .setIdempotencyKey(state.getTargetLlm() + ":" + state.getCandidateVersion())
            .setTargetLlm(state.getTargetLlm())
            .setCandidateVersion(state.getCandidateVersion())
            .setActiveVersion(state.getActiveVersion())
            .setDecision(result.promote() ? CanaryDecision.PROMOTE : CanaryDecision.ROLL_BACK)
            .setCandidateJudgments(candidate.n())
            .setCandidateWinRate(candidate.sum() / candidate.n())
            .setActiveJudgments(active.n())
            .setActiveWinRate(active.sum() / active.n())
            .setTest(comparison.describe())
            .setStatistic(result.statistic())
            .setPValue(result.pValue())
            .setDecidedAt(clock.instant())
            .build());
  }

  private static CanaryState fresh(String target, String candidateVersion) {
    return CanaryState.newBuilder()
        .setTargetLlm(target)
        .setCandidateVersion(candidateVersion)
        .setActiveVersion(null)
        .setCandidateJudgments(0)
        .setCandidateWins(0)
        .setCandidateSquares(0)
        .setActiveJudgments(0)
        .setActiveWins(0)
        .setActiveSquares(0)
        .setDecided(false)
        .build();
  }
}

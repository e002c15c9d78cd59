package io.promptstream.topology.feedback;

import io.promptstream.events.CanaryDecision;
import io.promptstream.events.CanaryVerdict;
import io.promptstream.events.DriftEvidence;
import io.promptstream.events.DriftState;
import io.promptstream.events.JudgedExample;
import io.promptstream.events.JudgedOutcome;
import io.promptstream.events.RetrainRequest;
import io.promptstream.events.WinRateAggregate;
import io.promptstream.topology.drift.CusumDetector;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per target LLM (its input is keyed by target), for every judged outcome:
 *
 * <ul>
 *   <li>updates the win rates per head x arm, all time and per tumbling window;
 *   <li>keeps the judged rewrite in the target's example ring, for retraining;
 *   <li>watches the target's active head for a fall of its win rate: a CUSUM against the baseline
 *       measured over the head's first judgments. A drift episode gives one retrain request, with
 *       an idempotency key, the evidence and the examples judged since the estimated change point;
 *       the head is not watched again until a canary verdict closes the episode, or until the
 *       episode times out without one;
 *   <li>compares a canary head with the active head and emits the verdict. A rolled-back canary
 *       reopens drift watching, so a target that still drifts asks again.
 * </ul>
 */
public final class OutcomeAggregator
    implements Processor<String, JudgedOutcome, String, LoopSignal> {

  public static final String WIN_RATES_STORE = "win-rates-store";
  public static final String DRIFT_STORE = "drift-store";
  public static final String EXAMPLES_STORE = ExampleRing.STORE;
  public static final String EXAMPLE_COUNTERS_STORE = ExampleRing.COUNTERS_STORE;
  public static final String CANARY_STORE = CanaryWatch.STORE;

  private final FeedbackSettings settings;
  private final DriftWatchSettings drift;
  private final Clock clock;
  private ProcessorContext<String, LoopSignal> context;
  private KeyValueStore<String, WinRateAggregate> winRates;
  private KeyValueStore<String, DriftState> driftStore;
  private ExampleRing examples;
  private CanaryWatch canaries;

  public OutcomeAggregator(FeedbackSettings settings, Clock clock) {
    this.settings = settings;
    this.drift = settings.drift();
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, LoopSignal> context) {
    this.context = context;
    winRates = context.getStateStore(WIN_RATES_STORE);
    driftStore = context.getStateStore(DRIFT_STORE);
    examples =
        new ExampleRing(
            context.getStateStore(EXAMPLES_STORE),
            context.getStateStore(EXAMPLE_COUNTERS_STORE),
            settings.exampleCapacity(),
            settings.exampleMaxBytes());
    canaries = new CanaryWatch(context.getStateStore(CANARY_STORE), settings.canary(), clock);
  }

  @Override
  public void process(Record<String, JudgedOutcome> record) {
    JudgedOutcome o = record.value();
    count(o);
    if (!o.getRewritten()) {
      return;
    }
    examples.append(o.getTargetLlm(), example(o));
    switch (o.getHeadRole()) {
      case "CANARY" -> canaries.candidate(o).ifPresent(this::verdict);
      case "EXPLORATION" -> {
        // Exploration rows only feed the examples: they say nothing about the target's own head.
      }
      default -> {
        watchForDrift(o);
        canaries.active(o).ifPresent(this::verdict);
      }
    }
  }

  private void count(JudgedOutcome o) {
    String target = o.getTargetLlm();
    String head = headKey(o);
    String arm = o.getArm();
    String all = WinRates.allTimeKey(target, head, arm);
    winRates.put(
        all,
        WinRates.add(
            winRates.get(all), target, head, arm, null, o.getOutcome(), o.getLengthDiff()));
    long windowMillis = settings.window().toMillis();
    long start = clock.millis() / windowMillis * windowMillis;
    String window = WinRates.windowKey(target, head, arm, start);
    winRates.put(
        window,
        WinRates.add(
            winRates.get(window),
            target,
            head,
            arm,
            Instant.ofEpochMilli(start),
            o.getOutcome(),
            o.getLengthDiff()));
  }

  /** The head version, or for exploration rows the head that wrote it, e.g. explore:llama/v2. */
  private static String headKey(JudgedOutcome o) {
    return "EXPLORATION".equals(o.getHeadRole())
        ? "explore:" + o.getHeadTarget() + "/" + o.getHeadVersion()
        : o.getHeadVersion();
  }

  private void watchForDrift(JudgedOutcome o) {
    String target = o.getTargetLlm();
    double outcome = o.getOutcome();
    DriftState state = driftStore.get(target);
    if (state == null || !state.getHeadVersion().equals(o.getHeadVersion())) {
      state = fresh(target, o.getHeadVersion());
    }
    if (state.getEpisodeOpen()) {
      // A retrain request for this head is out; its canary verdict reopens watching, or the
      // timeout does when no canary comes (the retrain failed or found no better head).
      Instant opened =
          state.getEpisodeOpenedAt() == null ? state.getWindowStart() : state.getEpisodeOpenedAt();
      if (clock.instant().isBefore(opened.plus(drift.episodeTimeout()))
          || canaries.undecided(target)) {
        return;
      }
      state = reopened(state);
    }
    DriftState.Builder next = DriftState.newBuilder(state);
    if (Double.isNaN(state.getBaselineWinRate())) {
      next.setObservations(state.getObservations() + 1).setWins(state.getWins() + outcome);
      if (state.getObservations() + 1 == drift.warmup()) {
        // The baseline: this head's win rate over its first judgments.
        next.setBaselineWinRate((state.getWins() + outcome) / drift.warmup());
        restartWindow(next, target);
      }
      driftStore.put(target, next.build());
      return;
    }
    double statistic =
        Math.max(0, state.getStatistic() + (state.getBaselineWinRate() - drift.slack() - outcome));
    next.setStatistic(statistic);
    if (statistic == 0) {
      // No evidence of a fall so far: the change, if one comes, is after this judgment.
      restartWindow(next, target);
      driftStore.put(target, next.build());
      return;
    }
    next.setObservations(state.getObservations() + 1).setWins(state.getWins() + outcome);
    if (statistic > drift.threshold()) {
      next.setEpisode(state.getEpisode() + 1)
          .setEpisodeOpen(true)
          .setEpisodeOpenedAt(clock.instant());
      DriftState fired = next.build();
      driftStore.put(target, fired);
      context.forward(
          new Record<String, LoopSignal>(
              target, new LoopSignal.Retrain(retrainRequest(fired)), clock.millis()));
      return;
    }
    driftStore.put(target, next.build());
  }

  private void restartWindow(DriftState.Builder next, String target) {
    next.setObservations(0)
        .setWins(0)
        .setWindowStart(clock.instant())
        .setChangeSeen(examples.seen(target));
  }

  private void verdict(CanaryVerdict verdict) {
    if (verdict.getDecision() == CanaryDecision.ROLL_BACK) {
      Optional.ofNullable(driftStore.get(verdict.getTargetLlm()))
          .filter(s -> s.getHeadVersion().equals(verdict.getActiveVersion()))
          .ifPresent(s -> driftStore.put(s.getTargetLlm(), reopened(s)));
    }
    context.forward(
        new Record<String, LoopSignal>(
            verdict.getTargetLlm(), new LoopSignal.Verdict(verdict), clock.millis()));
  }

  /**
   * Watching again after an episode closed without a promotion. The head has not changed, so what
   * was judged since that episode's change point still counts: {@code unresolvedSince} keeps it for
   * the next request.
   */
  private DriftState reopened(DriftState s) {
    DriftState.Builder reopened =
        DriftState.newBuilder(s)
            .setEpisodeOpen(false)
            .setEpisodeOpenedAt(null)
            .setStatistic(0)
            .setUnresolvedSince(examplesFrom(s));
    restartWindow(reopened, s.getTargetLlm());
    return reopened.build();
  }

  /** Where the examples of a retrain request start: the earliest unresolved change point. */
  private static long examplesFrom(DriftState s) {
    return s.getUnresolvedSince() == null
        ? s.getChangeSeen()
        : Math.min(s.getUnresolvedSince(), s.getChangeSeen());
  }

  private DriftState fresh(String target, String version) {
    return DriftState.newBuilder()
        .setTargetLlm(target)
        .setHeadVersion(version)
        .setBaselineWinRate(Double.NaN)
        .setStatistic(0)
        .setObservations(0)
        .setWins(0)
        .setWindowStart(clock.instant())
        .setEpisode(0)
        .setEpisodeOpen(false)
        .setChangeSeen(examples.seen(target))
        .build();
  }

  private static JudgedExample example(JudgedOutcome o) {
    return JudgedExample.newBuilder()
        .setPrompt(o.getOriginalText())
        .setRewrite(o.getSentText())
        .setHeadTarget(o.getHeadTarget())
        .setHeadVersion(o.getHeadVersion())
        .setOutcome(o.getOutcome())
        .setJudgedAt(o.getJudgedAt())
        .build();
  }

  private RetrainRequest retrainRequest(DriftState s) {
    CusumDetector described =
        new CusumDetector(s.getBaselineWinRate(), drift.slack(), drift.threshold());
    return RetrainRequest.newBuilder()
        .setIdempotencyKey(s.getTargetLlm() + ":" + s.getHeadVersion() + ":drift-" + s.getEpisode())
        .setTargetLlm(s.getTargetLlm())
        .setActiveVersion(s.getHeadVersion())
        .setDetector(described.describe())
        .setEvidence(
            DriftEvidence.newBuilder()
                .setBaselineWinRate(s.getBaselineWinRate())
                .setObservedWinRate(
                    s.getObservations() == 0 ? 0 : s.getWins() / s.getObservations())
                .setObservations(s.getObservations())
                .setStatistic(s.getStatistic())
                .setThreshold(drift.threshold())
                .setWindowStart(s.getWindowStart())
                .setWindowEnd(clock.instant())
                .build())
        .setExamples(examples.since(s.getTargetLlm(), examplesFrom(s)))
        .setRequestedAt(clock.instant())
        .build();
  }
}

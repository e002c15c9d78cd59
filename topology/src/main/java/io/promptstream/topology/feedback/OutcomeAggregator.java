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
 *       the head is not watched again until a canary verdict closes the episode;
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
  private final Clock clock;
  private ProcessorContext<String, LoopSignal> context;
  private KeyValueStore<String, WinRateAggregate> winRates;
  private KeyValueStore<String, DriftState> drift;
  private ExampleRing examples;
  private CanaryWatch canaries;

  public OutcomeAggregator(FeedbackSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, LoopSignal> context) {
    this.context = context;
    winRates = context.getStateStore(WIN_RATES_STORE);
    drift = context.getStateStore(DRIFT_STORE);
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
    DriftState state = drift.get(target);
    if (state == null || !state.getHeadVersion().equals(o.getHeadVersion())) {
      state = fresh(target, o.getHeadVersion());
    }
    if (state.getEpisodeOpen()) {
      return; // A retrain request for this head is out; its canary verdict reopens watching.
    }
    DriftState.Builder next = DriftState.newBuilder(state);
    if (Double.isNaN(state.getBaselineWinRate())) {
      next.setObservations(state.getObservations() + 1).setWins(state.getWins() + outcome);
      if (state.getObservations() + 1 == settings.driftWarmup()) {
        // The baseline: this head's win rate over its first judgments.
        next.setBaselineWinRate((state.getWins() + outcome) / settings.driftWarmup());
        restartWindow(next, target);
      }
      drift.put(target, next.build());
      return;
    }
    double statistic =
        Math.max(
            0,
            state.getStatistic() + (state.getBaselineWinRate() - settings.driftSlack() - outcome));
    next.setStatistic(statistic);
    if (statistic == 0) {
      // No evidence of a fall so far: the change, if one comes, is after this judgment.
      restartWindow(next, target);
      drift.put(target, next.build());
      return;
    }
    next.setObservations(state.getObservations() + 1).setWins(state.getWins() + outcome);
    if (statistic > settings.driftThreshold()) {
      next.setEpisode(state.getEpisode() + 1).setEpisodeOpen(true);
      DriftState fired = next.build();
      drift.put(target, fired);
      context.forward(
          new Record<String, LoopSignal>(
              target, new LoopSignal.Retrain(retrainRequest(fired)), clock.millis()));
      return;
    }
    drift.put(target, next.build());
  }

  private void restartWindow(DriftState.Builder next, String target) {
    next.setObservations(0)
        .setWins(0)
        .setWindowStart(clock.instant())
        .setChangeSeen(examples.seen(target));
  }

  private void verdict(CanaryVerdict verdict) {
    if (verdict.getDecision() == CanaryDecision.ROLL_BACK) {
      Optional.ofNullable(drift.get(verdict.getTargetLlm()))
          .filter(s -> s.getHeadVersion().equals(verdict.getActiveVersion()))
          .ifPresent(
              s -> {
                DriftState.Builder reopened =
                    DriftState.newBuilder(s).setEpisodeOpen(false).setStatistic(0);
                restartWindow(reopened, s.getTargetLlm());
                drift.put(s.getTargetLlm(), reopened.build());
              });
    }
    context.forward(
        new Record<String, LoopSignal>(
            verdict.getTargetLlm(), new LoopSignal.Verdict(verdict), clock.millis()));
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
        new CusumDetector(s.getBaselineWinRate(), settings.driftSlack(), settings.driftThreshold());
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
                .setThreshold(settings.driftThreshold())
                .setWindowStart(s.getWindowStart())
                .setWindowEnd(clock.instant())
                .build())
        .setExamples(examples.since(s.getTargetLlm(), s.getChangeSeen()))
        .setRequestedAt(clock.instant())
        .build();
  }
}

package io.promptstream.topology.feedback;

import io.promptstream.events.DriftEvidence;
import io.promptstream.events.DriftState;
import io.promptstream.events.JudgedOutcome;
import io.promptstream.events.RetrainRequest;
import io.promptstream.events.WinRateAggregate;
import io.promptstream.topology.drift.CusumDetector;
import java.time.Clock;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per target LLM (its input is keyed by target): updates the win rates per head version x arm, all
 * time and per tumbling window, and watches the target's current head for a fall of its win rate: a
 * CUSUM against the baseline measured over the head's first judgments. A head signals drift once,
 * so each drift episode gives one retrain request, with an idempotency key and the evidence.
 */
public final class OutcomeAggregator
    implements Processor<String, JudgedOutcome, String, RetrainRequest> {

  public static final String WIN_RATES_STORE = "win-rates-store";
  public static final String DRIFT_STORE = "drift-store";

  private final FeedbackSettings settings;
  private final Clock clock;
  private ProcessorContext<String, RetrainRequest> context;
  private KeyValueStore<String, WinRateAggregate> winRates;
  private KeyValueStore<String, DriftState> drift;

  public OutcomeAggregator(FeedbackSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, RetrainRequest> context) {
    this.context = context;
    winRates = context.getStateStore(WIN_RATES_STORE);
    drift = context.getStateStore(DRIFT_STORE);
  }

  @Override
  public void process(Record<String, JudgedOutcome> record) {
    JudgedOutcome o = record.value();
    count(o);
    if (o.getRewritten()) {
      watchForDrift(o.getTargetLlm(), o.getHeadVersion(), o.getOutcome());
    }
  }

  private void count(JudgedOutcome o) {
    String target = o.getTargetLlm();
    String version = o.getHeadVersion();
    String arm = o.getArm();
    String all = WinRates.allTimeKey(target, version, arm);
    winRates.put(
        all,
        WinRates.add(
            winRates.get(all), target, version, arm, null, o.getOutcome(), o.getLengthDiff()));
    long windowMillis = settings.window().toMillis();
    long start = clock.millis() / windowMillis * windowMillis;
    String window = WinRates.windowKey(target, version, arm, start);
    winRates.put(
        window,
        WinRates.add(
            winRates.get(window),
            target,
            version,
            arm,
            Instant.ofEpochMilli(start),
            o.getOutcome(),
            o.getLengthDiff()));
  }

  private void watchForDrift(String target, String version, double outcome) {
    DriftState state = drift.get(target);
    if (state == null || !state.getHeadVersion().equals(version)) {
      state = fresh(target, version);
    }
    if (state.getEpisode() > 0) {
      return; // This head already asked to be retrained.
    }
    DriftState.Builder next =
        DriftState.newBuilder(state)
            .setObservations(state.getObservations() + 1)
            .setWins(state.getWins() + outcome);
    if (Double.isNaN(state.getBaselineWinRate())) {
      if (state.getObservations() + 1 == settings.driftWarmup()) {
        // The baseline: this head's win rate over its first judgments.
        next.setBaselineWinRate((state.getWins() + outcome) / settings.driftWarmup())
            .setObservations(0)
            .setWins(0)
            .setWindowStart(clock.instant());
      }
      drift.put(target, next.build());
      return;
    }
    double statistic =
        Math.max(
            0,
            state.getStatistic() + (state.getBaselineWinRate() - settings.driftSlack() - outcome));
    next.setStatistic(statistic);
    if (statistic > settings.driftThreshold()) {
      next.setEpisode(1);
      DriftState fired = next.build();
      drift.put(target, fired);
      context.forward(new Record<>(target, retrainRequest(fired), clock.millis()));
      return;
    }
    drift.put(target, next.build());
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
        .build();
  }

  private RetrainRequest retrainRequest(DriftState s) {
    CusumDetector described =
        new CusumDetector(s.getBaselineWinRate(), settings.driftSlack(), settings.driftThreshold());
    return RetrainRequest.newBuilder()
        .setIdempotencyKey(s.getTargetLlm() + ":" + s.getHeadVersion() + ":drift-1")
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
        .setRequestedAt(clock.instant())
        .build();
  }
}

package io.promptstream.topology.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptstream.events.CanaryDecision;
import io.promptstream.events.CanaryState;
import io.promptstream.events.DriftState;
import io.promptstream.events.JudgedExample;
import io.promptstream.events.JudgedOutcome;
import io.promptstream.events.RetrainRequest;
import io.promptstream.events.WinRateAggregate;
import io.promptstream.topology.drift.CanaryComparison;
import io.promptstream.topology.testutil.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The aggregator's drift episodes and canary verdicts, driven outcome by outcome with a mock
 * processor context and in-memory stores.
 */
class OutcomeAggregatorTest {

  private static final String TARGET = "gemma-7b";
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
  private MockProcessorContext<String, LoopSignal> context;
  private OutcomeAggregator aggregator;
  private int sequence;

  @BeforeEach
  void setUp() {
    FeedbackSettings settings =
        FeedbackSettings.defaults()
            .withDrift(new DriftWatchSettings(10, 0.1, 3, TIMEOUT))
            .withCanary(new CanaryComparison(20, 0.05));
    context = new MockProcessorContext<>();
    add(store(OutcomeAggregator.WIN_RATES_STORE, avro(WinRateAggregate.class)));
    add(store(OutcomeAggregator.DRIFT_STORE, avro(DriftState.class)));
    add(store(OutcomeAggregator.EXAMPLES_STORE, avro(JudgedExample.class)));
    add(store(OutcomeAggregator.EXAMPLE_COUNTERS_STORE, Serdes.Long()));
    add(store(OutcomeAggregator.CANARY_STORE, avro(CanaryState.class)));
    aggregator = new OutcomeAggregator(settings, clock);
    aggregator.init(context);
  }

  @Test
  void shouldAskOnceForARetrainWithTheExamplesSinceTheChangePoint() {
    judge("v1", "ACTIVE", 1.0, 10); // baseline 1.0
    judge("v1", "ACTIVE", 0.0, 3); // S = 0.9, 1.8, 2.7
    assertThat(retrains()).isEmpty();

    judge("v1", "EXPLORATION", 1.0, 2); // another head's rewrites: examples, not drift evidence
    judge("v1", "ACTIVE", 0.0, 1); // S = 3.6 > 3
    judge("v1", "ACTIVE", 0.0, 20); // the episode is open: no second request

    List<RetrainRequest> retrains = retrains();
    assertThat(retrains).hasSize(1);
    RetrainRequest request = retrains.get(0);
    assertThat(request.getIdempotencyKey()).isEqualTo(TARGET + ":v1:drift-1");
    assertThat(request.getEvidence().getBaselineWinRate()).isEqualTo(1.0);
    assertThat(request.getEvidence().getObservations()).isEqualTo(4);
    assertThat(request.getEvidence().getStatistic()).isGreaterThan(3);
    // The CUSUM was last zero after the baseline: the examples are the six judged since.
    assertThat(request.getExamples()).hasSize(6);
    assertThat(request.getExamples())
        .extracting(JudgedExample::getHeadTarget)
        .containsOnly(TARGET, "mixtral-8x7b");
  }

  @Test
  void shouldWatchAgainAfterTheEpisodeTimesOutAndCarryEverythingSinceTheFirstChangePoint() {
    judge("v1", "ACTIVE", 1.0, 10);
    judge("v1", "ACTIVE", 0.0, 4); // drift-1, with 4 examples
    judge("v1", "ACTIVE", 0.0, 5); // no canary comes
    clock.advance(TIMEOUT.plusSeconds(1));

    judge("v1", "ACTIVE", 0.0, 5); // reopened: S climbs again, drift-2 after 4 more

    List<RetrainRequest> retrains = retrains();
    assertThat(retrains)
        .extracting(RetrainRequest::getIdempotencyKey)
        .containsExactly(TARGET + ":v1:drift-1", TARGET + ":v1:drift-2");
    assertThat(retrains.get(0).getExamples()).hasSize(4);
    // 4 + 5 while the first episode was open + 4 after the reopening.
    assertThat(retrains.get(1).getExamples()).hasSize(13);
  }

  @Test
  void shouldHoldTheEpisodeOpenWhileACanaryIsJudged() {
    judge("v1", "ACTIVE", 1.0, 10);
    judge("v1", "ACTIVE", 0.0, 4); // drift-1
    judge("v1-r1", "CANARY", 1.0, 5); // the candidate's canary runs
    clock.advance(TIMEOUT.plusSeconds(1));

    judge("v1", "ACTIVE", 0.0, 10);

    assertThat(retrains()).hasSize(1);
  }

  @Test
  void shouldPromoteACanaryThatBeatsTheActiveHead() {
    judge("v1", "ACTIVE", 1.0, 10);
    judge("v1", "ACTIVE", 0.0, 4); // drift-1
    for (int i = 0; i < 20; i++) {
      judge("v1-r1", "CANARY", i % 5 == 0 ? 0.0 : 1.0, 1);
      judge("v1", "ACTIVE", i % 5 == 0 ? 1.0 : 0.0, 1);
    }

    List<io.promptstream.events.CanaryVerdict> verdicts = verdicts();
    assertThat(verdicts).hasSize(1);
    assertThat(verdicts.get(0).getDecision()).isEqualTo(CanaryDecision.PROMOTE);
    assertThat(verdicts.get(0).getCandidateVersion()).isEqualTo("v1-r1");
    assertThat(verdicts.get(0).getActiveVersion()).isEqualTo("v1");
    assertThat(verdicts.get(0).getCandidateWinRate()).isEqualTo(0.8);
    assertThat(verdicts.get(0).getActiveWinRate()).isEqualTo(0.2);
  }

  @Test
  void shouldRollBackALosingCanaryAndWatchTheActiveHeadAgain() {
    judge("v1", "ACTIVE", 1.0, 10);
    judge("v1", "ACTIVE", 0.0, 4); // drift-1
    judge("v1-r1", "CANARY", 0.0, 20);
    judge("v1", "ACTIVE", 0.5, 20); // verdict ROLL_BACK when the active side reaches 20

    assertThat(verdicts())
        .extracting(io.promptstream.events.CanaryVerdict::getDecision)
        .containsExactly(CanaryDecision.ROLL_BACK);

    judge("v1", "ACTIVE", 0.0, 4); // still drifting: a new episode

    assertThat(retrains())
        .extracting(RetrainRequest::getIdempotencyKey)
        .containsExactly(TARGET + ":v1:drift-1", TARGET + ":v1:drift-2");
  }

  @Test
  void shouldMeasureAFreshBaselineForAPromotedHead() {
    judge("v1", "ACTIVE", 1.0, 10);
    judge("v2", "ACTIVE", 0.0, 10); // v2's baseline is 0: it cannot fall further

    judge("v2", "ACTIVE", 0.0, 10);

    assertThat(retrains()).isEmpty();
  }

  private void judge(String version, String role, double outcome, int times) {
    for (int i = 0; i < times; i++) {
      int n = sequence++;
      boolean exploring = role.equals("EXPLORATION");
      JudgedOutcome o =
          JudgedOutcome.newBuilder()
              .setRequestId("r" + n)
              .setTargetLlm(TARGET)
              .setHeadVersion(version)
              .setArm("UNASSIGNED")
              .setRewritten(true)
              .setOutcome(outcome)
              .setLengthDiff(0)
              .setHeadTarget(exploring ? "mixtral-8x7b" : TARGET)
              .setHeadRole(role)
              .setOriginalText("prompt " + n)
              .setSentText("rewrite " + n)
              .setJudgedAt(clock.instant())
              .build();
      aggregator.process(new Record<>(TARGET, o, clock.millis()));
    }
  }

  private List<RetrainRequest> retrains() {
    return context.forwarded().stream()
        .map(f -> f.record().value())
        .filter(s -> s instanceof LoopSignal.Retrain)
        .map(s -> ((LoopSignal.Retrain) s).request())
        .toList();
  }

  private List<io.promptstream.events.CanaryVerdict> verdicts() {
    return context.forwarded().stream()
        .map(f -> f.record().value())
        .filter(s -> s instanceof LoopSignal.Verdict)
        .map(s -> ((LoopSignal.Verdict) s).verdict())
        .toList();
  }

  private void add(StoreBuilder<? extends KeyValueStore<String, ?>> builder) {
    KeyValueStore<String, ?> store = builder.withLoggingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
  }

  private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
    return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values);
  }

  /** Plain Avro binary: the stores' bytes need no registry here. */
  private static <T extends SpecificRecord> Serde<T> avro(Class<T> type) {
    SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(type);
    SpecificDatumReader<T> reader = new SpecificDatumReader<>(type);
    return Serdes.serdeFrom(
        (topic, value) -> {
          if (value == null) {
            return null;
          }
          try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            var encoder = EncoderFactory.get().binaryEncoder(out, null);
            writer.write(value, encoder);
            encoder.flush();
            return out.toByteArray();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          try {
            return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}

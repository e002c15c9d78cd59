package io.promptstream.topology;

import io.promptstream.events.BufferedPrompt;
import io.promptstream.events.CanaryState;
import io.promptstream.events.CanaryVerdict;
import io.promptstream.events.DeadLetter;
import io.promptstream.events.DriftState;
import io.promptstream.events.Experiment;
import io.promptstream.events.JudgedExample;
import io.promptstream.events.JudgedOutcome;
import io.promptstream.events.OptimizedPrompt;
import io.promptstream.events.PromptRequest;
import io.promptstream.events.RetrainRequest;
import io.promptstream.events.WinRateAggregate;
import io.promptstream.schemas.registry.SchemaRegistryClient;
import io.promptstream.schemas.serde.AvroSerde;
import io.promptstream.schemas.topic.GatewayTopics;
import io.promptstream.topology.abtest.ArmAssigner;
import io.promptstream.topology.abtest.ExperimentCatalog;
import io.promptstream.topology.abtest.ExperimentUpdater;
import io.promptstream.topology.batching.BatchSettings;
import io.promptstream.topology.batching.PromptBatcher;
import io.promptstream.topology.errors.DeadLetters;
import io.promptstream.topology.feedback.FeedbackOutput;
import io.promptstream.topology.feedback.FeedbackSettings;
import io.promptstream.topology.feedback.JudgmentProcessor;
import io.promptstream.topology.feedback.LedgerWriter;
import io.promptstream.topology.feedback.LoopSignal;
import io.promptstream.topology.feedback.OutcomeAggregator;
import io.promptstream.topology.rewrite.BatchRewriter;
import io.promptstream.topology.rewrite.OptimizedPrompts;
import io.promptstream.topology.rewrite.RewriteOutcomes;
import io.promptstream.topology.validate.PromptRules;
import io.promptstream.topology.validate.PromptValidationProcessor;
import io.promptstream.topology.validate.ValidatedPrompt;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The gateway's wiring, and nothing else: main and the tests both build the topology here.
 *
 * <pre>
 * prompts.raw ─► validate ─┬─ invalid ─► prompts.dlq
 *                          └─ valid ───► assign arm + durable micro-batch ─► guarded rewrite ─► prompts.optimized
 * gateway.experiments ─► (global) experiment catalog
 * </pre>
 *
 * <p>Every consumed record produces exactly one output: an optimized prompt (REWRITTEN, CONTROL, or
 * FALLBACK_* with the reason) or a dead letter. Without a model ({@code rewriter == null}) the
 * valid branch passes prompts through with status PASSTHROUGH. Every operator and store is named:
 * the names are part of the changelog and internal-topic contract.
 */
public final class GatewayTopology {

  /** Name of the changelogged store that holds prompts waiting for the model. */
  public static final String BUFFER_STORE = "prompt-buffer-store";

  /** Name of the global store that holds the experiments in force. */
  public static final String EXPERIMENTS_STORE = "experiments-global-store";

  /**
   * What the topology needs; built once per application instance.
   *
   * @param rewriter the model path; null to pass every valid prompt through unchanged
   * @param bufferSerde serde of the micro-batch buffer's values (its changelog is Avro too)
   * @param outcomes told of every output (metrics)
   * @param registry the registry the state stores' Avro serdes use
   * @param feedback how judgments are handled; null leaves judgments unconsumed
   */
  public record Settings(
      GatewayTopics topics,
      PromptRules rules,
      String applicationId,
      Clock clock,
      ExperimentCatalog experiments,
      ArmAssigner arms,
      BatchSettings batching,
      BatchRewriter rewriter,
      Serde<BufferedPrompt> bufferSerde,
      RewriteOutcomes outcomes,
      SchemaRegistryClient registry,
      FeedbackSettings feedback) {}

  private GatewayTopology() {}

  /** Adds the gateway's processing to {@code builder} and returns the built topology. */
  public static Topology build(StreamsBuilder builder, Settings settings) {
    GatewayTopics topics = settings.topics();
    DeadLetters deadLetters = new DeadLetters(settings.applicationId(), settings.clock());

    addExperimentCatalog(builder, settings);

    KStream<String, ValidatedPrompt> validated =
        builder.stream(
                topics.promptsRaw().name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("prompts-raw-source"))
            .processValues(
                () ->
                    new PromptValidationProcessor(
                        topics.promptsRaw().valueSerde().deserializer(),
                        settings.rules(),
                        deadLetters),
                Named.as("validate-prompt"));

    Map<String, KStream<String, ValidatedPrompt>> branches =
        validated
            .split(Named.as("validation-"))
            .branch((key, prompt) -> !prompt.isValid(), Branched.as("invalid"))
            .defaultBranch(Branched.as("valid"));

    branches
        .get("validation-invalid")
        .mapValues(
            prompt -> ((ValidatedPrompt.Invalid) prompt).deadLetter(), Named.as("to-dead-letter"))
        .to(
            topics.promptsDlq().name(),
            Produced.<String, DeadLetter>with(Serdes.String(), topics.promptsDlq().valueSerde())
                .withName("prompts-dlq-sink"));

    KStream<String, PromptRequest> valid =
        branches
            .get("validation-valid")
            .mapValues(
                prompt -> ((ValidatedPrompt.Valid) prompt).request(), Named.as("valid-prompt"));

    KStream<String, OptimizedPrompt> optimized =
        settings.rewriter() == null
            ? valid.mapValues(
                prompt -> OptimizedPrompts.passThrough(prompt, settings.clock().instant()),
                Named.as("pass-through"))
            : valid.process(batcher(settings), Named.as("assign-and-batch"));

    optimized =
        optimized.peek(
            (key, output) -> settings.outcomes().output(output), Named.as("count-output"));
    if (settings.feedback() != null) {
      addFeedback(builder, optimized, settings, deadLetters);
    }
    optimized.to(
        topics.promptsOptimized().name(),
        Produced.<String, OptimizedPrompt>with(
                Serdes.String(), topics.promptsOptimized().valueSerde())
            .withName("prompts-optimized-sink"));

    return builder.build();
  }

  private static ProcessorSupplier<String, PromptRequest, String, OptimizedPrompt> batcher(
      Settings settings) {
    // In memory, restored from its changelog after a crash. Caching collapses a prompt written and
    // flushed within one commit interval into nothing: only prompts still waiting at a commit
    // reach the changelog, in the same transaction as the input offsets.
    StoreBuilder<?> buffer =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(BUFFER_STORE), Serdes.Long(), settings.bufferSerde())
            .withCachingEnabled();
    return new ProcessorSupplier<>() {
      @Override
      public PromptBatcher get() {
        return new PromptBatcher(
            BUFFER_STORE,
            settings.batching(),
            settings.arms(),
            settings.rewriter(),
            settings.clock());
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(buffer);
      }
    };
  }

  /** Name of the ledger of outputs by request id, which judgments are joined to. */
  public static final String LEDGER_STORE = "rewrite-ledger-store";

  /**
   * The feedback branch:
   *
   * <pre>
   * outputs ─► re-key by request id ─► ledger
   * feedback.judgments ─► join ledger, dedupe ─┬─ by target ─► win rates, drift ─┬─► adapters.retrain-requests
   *                                            │            examples, canaries └─► adapters.canary-verdicts
   *                                            └─ unknown, undecodable ─► prompts.dlq
   * </pre>
   */
  private static void addFeedback(
      StreamsBuilder builder,
      KStream<String, OptimizedPrompt> outputs,
      Settings settings,
      DeadLetters deadLetters) {
    GatewayTopics topics = settings.topics();
    FeedbackSettings feedback = settings.feedback();
    Serde<OptimizedPrompt> outputSerde = topics.promptsOptimized().valueSerde();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(LEDGER_STORE), Serdes.String(), outputSerde));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(JudgmentProcessor.JUDGED_STORE),
            Serdes.String(),
            Serdes.Long()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(OutcomeAggregator.WIN_RATES_STORE),
            Serdes.String(),
            AvroSerde.of(WinRateAggregate.class, settings.registry())));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(OutcomeAggregator.DRIFT_STORE),
            Serdes.String(),
            AvroSerde.of(DriftState.class, settings.registry())));

    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(OutcomeAggregator.EXAMPLES_STORE),
            Serdes.String(),
            AvroSerde.of(JudgedExample.class, settings.registry())));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(OutcomeAggregator.EXAMPLE_COUNTERS_STORE),
            Serdes.String(),
            Serdes.Long()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(OutcomeAggregator.CANARY_STORE),
            Serdes.String(),
            AvroSerde.of(CanaryState.class, settings.registry())));

    outputs
        .selectKey((key, output) -> output.getRequestId(), Named.as("key-output-by-request"))
        .repartition(
            Repartitioned.<String, OptimizedPrompt>as("ledger-by-request")
                .withKeySerde(Serdes.String())
                .withValueSerde(outputSerde))
        .process(
            () -> new LedgerWriter(LEDGER_STORE, feedback.ledgerRetention(), settings.clock()),
            Named.as("write-ledger"),
            LEDGER_STORE);

    Map<String, KStream<String, FeedbackOutput>> results =
        builder.stream(
                topics.judgments().name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("judgments-source"))
            .process(
                () ->
                    new JudgmentProcessor(
                        LEDGER_STORE,
                        topics.judgments().valueSerde().deserializer(),
                        deadLetters,
                        settings.clock()),
                Named.as("join-judgment"),
                LEDGER_STORE,
                JudgmentProcessor.JUDGED_STORE)
            .split(Named.as("feedback-"))
            .branch((key, out) -> out instanceof FeedbackOutput.Dead, Branched.as("dead"))
            .defaultBranch(Branched.as("joined"));
    results
        .get("feedback-dead")
        .mapValues(
            out -> ((FeedbackOutput.Dead) out).deadLetter(), Named.as("judgment-dead-letter"))
        .to(
            topics.promptsDlq().name(),
            Produced.<String, DeadLetter>with(Serdes.String(), topics.promptsDlq().valueSerde())
                .withName("judgments-dlq-sink"));
    results
        .get("feedback-joined")
        .mapValues(out -> ((FeedbackOutput.Joined) out).outcome(), Named.as("joined-outcome"))
        .repartition(
            Repartitioned.<String, JudgedOutcome>as("outcomes-by-target")
                .withKeySerde(Serdes.String())
                .withValueSerde(AvroSerde.of(JudgedOutcome.class, settings.registry())))
        .process(
            () -> new OutcomeAggregator(feedback, settings.clock()),
            Named.as("aggregate-outcomes"),
            OutcomeAggregator.WIN_RATES_STORE,
            OutcomeAggregator.DRIFT_STORE,
            OutcomeAggregator.EXAMPLES_STORE,
            OutcomeAggregator.EXAMPLE_COUNTERS_STORE,
            OutcomeAggregator.CANARY_STORE)
        .split(Named.as("loop-"))
        .branch(
            (key, signal) -> signal instanceof LoopSignal.Retrain,
            Branched.withConsumer(
                retrains ->
                    retrains
                        .mapValues(
                            signal -> ((LoopSignal.Retrain) signal).request(),
                            Named.as("retrain-request"))
                        .to(
                            topics.retrainRequests().name(),
                            Produced.<String, RetrainRequest>with(
                                    Serdes.String(), topics.retrainRequests().valueSerde())
                                .withName("retrain-requests-sink")),
                "retrain"))
        .defaultBranch(
            Branched.withConsumer(
                verdicts ->
                    verdicts
                        .mapValues(
                            signal -> ((LoopSignal.Verdict) signal).verdict(),
                            Named.as("canary-verdict"))
                        .to(
                            topics.canaryVerdicts().name(),
                            Produced.<String, CanaryVerdict>with(
                                    Serdes.String(), topics.canaryVerdicts().valueSerde())
                                .withName("canary-verdicts-sink")),
                "verdict"));
  }

  private static void addExperimentCatalog(StreamsBuilder builder, Settings settings) {
    GatewayTopics topics = settings.topics();
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(EXPERIMENTS_STORE),
                Serdes.String(),
                topics.experiments().valueSerde())
            .withLoggingDisabled(),
        topics.experiments().name(),
        Consumed.<String, Experiment>with(Serdes.String(), topics.experiments().valueSerde())
            .withName("experiments-source"),
        () -> new ExperimentUpdater(EXPERIMENTS_STORE, settings.experiments()));
  }
}

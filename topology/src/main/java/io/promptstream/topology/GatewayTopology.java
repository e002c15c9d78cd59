package io.promptstream.topology;

import io.promptstream.events.BufferedPrompt;
import io.promptstream.events.DeadLetter;
import io.promptstream.events.Experiment;
import io.promptstream.events.OptimizedPrompt;
import io.promptstream.events.PromptRequest;
import io.promptstream.schemas.topic.GatewayTopics;
import io.promptstream.topology.abtest.ArmAssigner;
import io.promptstream.topology.abtest.ExperimentCatalog;
import io.promptstream.topology.abtest.ExperimentUpdater;
import io.promptstream.topology.batching.BatchSettings;
import io.promptstream.topology.batching.PromptBatcher;
import io.promptstream.topology.errors.DeadLetters;
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
      RewriteOutcomes outcomes) {}

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

    optimized
        .peek((key, output) -> settings.outcomes().output(output), Named.as("count-output"))
        .to(
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

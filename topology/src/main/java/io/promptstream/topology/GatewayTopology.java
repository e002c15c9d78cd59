package io.promptstream.topology;

import io.promptstream.events.DeadLetter;
import io.promptstream.events.OptimizedPrompt;
import io.promptstream.schemas.topic.GatewayTopics;
import io.promptstream.topology.errors.DeadLetters;
import io.promptstream.topology.rewrite.OptimizedPrompts;
import io.promptstream.topology.validate.PromptRules;
import io.promptstream.topology.validate.PromptValidationProcessor;
import io.promptstream.topology.validate.ValidatedPrompt;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The gateway's wiring, and nothing else: main and the tests both build the topology here.
 *
 * <pre>
 * prompts.raw ─► validate ─┬─ invalid ─► prompts.dlq
 *                          └─ valid ───► pass through ─► prompts.optimized
 * </pre>
 *
 * <p>Every consumed record produces exactly one output: an optimized prompt or a dead letter. Every
 * operator is named: the names are part of the changelog and internal-topic contract.
 */
public final class GatewayTopology {

  /** What the topology needs to know; built once per application instance. */
  public record Settings(
      GatewayTopics topics, PromptRules rules, String applicationId, Clock clock) {}

  private GatewayTopology() {}

  /** Adds the gateway's processing to {@code builder} and returns the built topology. */
  public static Topology build(StreamsBuilder builder, Settings settings) {
    GatewayTopics topics = settings.topics();
    DeadLetters deadLetters = new DeadLetters(settings.applicationId(), settings.clock());

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

    branches
        .get("validation-valid")
        .mapValues(
            prompt ->
                OptimizedPrompts.passThrough(
                    ((ValidatedPrompt.Valid) prompt).request(), settings.clock().instant()),
            Named.as("pass-through"))
        .to(
            topics.promptsOptimized().name(),
            Produced.<String, OptimizedPrompt>with(
                    Serdes.String(), topics.promptsOptimized().valueSerde())
                .withName("prompts-optimized-sink"));

    return builder.build();
  }
}

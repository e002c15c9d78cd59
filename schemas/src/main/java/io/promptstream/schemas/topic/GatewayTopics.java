package io.promptstream.schemas.topic;

import io.promptstream.events.AdapterRelease;
import io.promptstream.events.CanaryVerdict;
import io.promptstream.events.DeadLetter;
import io.promptstream.events.Experiment;
import io.promptstream.events.Judgment;
import io.promptstream.events.OptimizedPrompt;
import io.promptstream.events.PromptRequest;
import io.promptstream.events.RetrainRequest;
import io.promptstream.schemas.registry.SchemaRegistryClient;
import io.promptstream.schemas.serde.AvroSerde;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The gateway's topics, typed: every topic the gateway reads or writes, with its serdes. Keys are
 * plain UTF-8 strings; values are Avro events in the Confluent wire format, registered under {@code
 * <name>-value}.
 *
 * <pre>{@code
 * GatewayTopics topics = GatewayTopics.create("staging.", registry);
 * topics.promptsRaw().name(); // "staging.prompts.raw"
 * }</pre>
 */
public final class GatewayTopics {
  /** User prompts headed to a target LLM, keyed by conversation id. */
  public static final String PROMPTS_RAW = "prompts.raw";

  /** Exactly one optimized (or passed-through) prompt per raw prompt, keyed by conversation id. */
  public static final String PROMPTS_OPTIMIZED = "prompts.optimized";

  /** Records the gateway could not process, with the original bytes and the reason. */
  public static final String PROMPTS_DLQ = "prompts.dlq";

  /** Pairwise judgments of answers, keyed by request id. */
  public static final String FEEDBACK_JUDGMENTS = "feedback.judgments";

  /** Requests to retrain a target's adapter head after drift, keyed by target LLM. */
  public static final String ADAPTERS_RETRAIN_REQUESTS = "adapters.retrain-requests";

  /** Adapter release stage changes, keyed by target LLM; compacted. */
  public static final String ADAPTERS_RELEASES = "adapters.releases";

  /** Decisions on canary heads (promote or roll back), keyed by target LLM. */
  public static final String ADAPTERS_CANARY_VERDICTS = "adapters.canary-verdicts";

  /** A/B experiments, keyed by experiment name; compacted. */
  public static final String GATEWAY_EXPERIMENTS = "gateway.experiments";

  private final String prefix;
  private final Topic<String, PromptRequest> promptsRaw;
  private final Topic<String, OptimizedPrompt> promptsOptimized;
  private final Topic<String, DeadLetter> promptsDlq;
  private final Topic<String, Judgment> judgments;
  private final Topic<String, RetrainRequest> retrainRequests;
  private final Topic<String, AdapterRelease> adapterReleases;
  private final Topic<String, CanaryVerdict> canaryVerdicts;
  private final Topic<String, Experiment> experiments;

  private GatewayTopics(String prefix, SchemaRegistryClient client) {
    this.prefix = prefix;
    this.promptsRaw = topic(PROMPTS_RAW, PromptRequest.class, client);
    this.promptsOptimized = topic(PROMPTS_OPTIMIZED, OptimizedPrompt.class, client);
    this.promptsDlq = topic(PROMPTS_DLQ, DeadLetter.class, client);
    this.judgments = topic(FEEDBACK_JUDGMENTS, Judgment.class, client);
    this.retrainRequests = topic(ADAPTERS_RETRAIN_REQUESTS, RetrainRequest.class, client);
    this.adapterReleases = topic(ADAPTERS_RELEASES, AdapterRelease.class, client);
    this.canaryVerdicts = topic(ADAPTERS_CANARY_VERDICTS, CanaryVerdict.class, client);
    this.experiments = topic(GATEWAY_EXPERIMENTS, Experiment.class, client);
  }

  /**
   * The catalog with every name prefixed by {@code prefix}. Creating it makes no registry call;
   * schemas are registered when the first record of a topic is serialized.
   *
   * @param prefix prepended to every default name, e.g. {@code "staging."}; may be empty
   * @param client the registry the value serdes use
   * @throws IllegalArgumentException if a prefixed name is not a legal Kafka topic name
   */
  public static GatewayTopics create(String prefix, SchemaRegistryClient client) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(client, "client");
    return new GatewayTopics(prefix, client);
  }

  /** The prefix every name starts with; may be empty. */
  public String prefix() {
    return prefix;
  }

  /** {@value #PROMPTS_RAW}: prompts as the chat platform sends them. */
  public Topic<String, PromptRequest> promptsRaw() {
    return promptsRaw;
  }

  /** {@value #PROMPTS_OPTIMIZED}: the prompts to send on to the target LLMs. */
  public Topic<String, OptimizedPrompt> promptsOptimized() {
    return promptsOptimized;
  }

  /** {@value #PROMPTS_DLQ}: dead letters. */
  public Topic<String, DeadLetter> promptsDlq() {
    return promptsDlq;
  }

  /** {@value #FEEDBACK_JUDGMENTS}: judged outcomes. */
  public Topic<String, Judgment> judgments() {
    return judgments;
  }

  /** {@value #ADAPTERS_RETRAIN_REQUESTS}: retraining requests from the drift detector. */
  public Topic<String, RetrainRequest> retrainRequests() {
    return retrainRequests;
  }

  /** {@value #ADAPTERS_RELEASES}: adapter releases every gateway instance follows. */
  public Topic<String, AdapterRelease> adapterReleases() {
    return adapterReleases;
  }

  /** {@value #ADAPTERS_CANARY_VERDICTS}: canary decisions the retrainer applies to the store. */
  public Topic<String, CanaryVerdict> canaryVerdicts() {
    return canaryVerdicts;
  }

  /** {@value #GATEWAY_EXPERIMENTS}: the A/B experiments every gateway instance follows. */
  public Topic<String, Experiment> experiments() {
    return experiments;
  }

  /** Every topic, in data-flow order. */
  public List<Topic<?, ?>> all() {
    return List.of(
        promptsRaw,
        promptsOptimized,
        promptsDlq,
        judgments,
        retrainRequests,
        adapterReleases,
        canaryVerdicts,
        experiments);
  }

  private <V extends SpecificRecord> Topic<String, V> topic(
      String name, Class<V> type, SchemaRegistryClient client) {
    return new Topic<>(prefix + name, Serdes.String(), AvroSerde.of(type, client));
  }
}

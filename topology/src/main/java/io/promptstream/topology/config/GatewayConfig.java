package io.promptstream.topology.config;

import io.promptstream.events.Experiment;
import io.promptstream.topology.batching.BatchSettings;
import io.promptstream.topology.drift.CanaryComparison;
import io.promptstream.topology.feedback.DriftWatchSettings;
import io.promptstream.topology.feedback.FeedbackSettings;
import io.promptstream.topology.heads.ModelServing;
import io.promptstream.topology.inference.InferenceGuardSettings;
import io.promptstream.topology.retrain.RetrainSettings;
import io.promptstream.topology.retrain.Retrainer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * The gateway's configuration: its own keys, declared below with their defaults, plus any Kafka
 * Streams or client key, which is passed through to Kafka Streams unchanged (for example {@code
 * num.stream.threads}, {@code commit.interval.ms}, {@code security.protocol}).
 *
 * <p>Exactly-once v2 is always on: {@code processing.guarantee} cannot be overridden, because the
 * gateway's promise of exactly one output per consumed prompt depends on it.
 */
public final class GatewayConfig extends AbstractConfig {

  public static final String BOOTSTRAP_SERVERS_CONFIG = StreamsConfig.BOOTSTRAP_SERVERS_CONFIG;
  private static final String BOOTSTRAP_SERVERS_DOC =
      "Kafka bootstrap servers, host:port[,host:port...].";

  public static final String APPLICATION_ID_CONFIG = StreamsConfig.APPLICATION_ID_CONFIG;
  public static final String APPLICATION_ID_DEFAULT = "promptstream-gateway";
  private static final String APPLICATION_ID_DOC =
      "Kafka Streams application id: the consumer group, the prefix of internal topics and of"
          + " transactional ids. Instances with the same id share the work.";

  public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
  private static final String SCHEMA_REGISTRY_URL_DOC =
      "Base URL of a Confluent-API schema registry (Confluent, Apicurio under"
          + " /apis/ccompat/v7, Karapace, Redpanda).";

  public static final String TOPIC_PREFIX_CONFIG = "topic.prefix";
  private static final String TOPIC_PREFIX_DOC =
      "Prefix added to every gateway topic name, e.g. 'staging.' gives 'staging.prompts.raw'.";

  public static final String TOPICS_CREATE_CONFIG = "topics.create";
  private static final String TOPICS_CREATE_DOC =
      "Create missing gateway topics at start-up. Existing topics are never changed.";

  public static final String TOPICS_PARTITIONS_CONFIG = "topics.partitions";
  private static final String TOPICS_PARTITIONS_DOC =
      "Partitions of topics the gateway creates; -1 uses the broker default.";

  public static final String TOPICS_REPLICATION_FACTOR_CONFIG = "topics.replication.factor";
  private static final String TOPICS_REPLICATION_FACTOR_DOC =
      "Replication factor of topics the gateway creates; -1 uses the broker default.";

  public static final String PROMPT_MAX_CHARS_CONFIG = "prompt.max.chars";
  public static final int PROMPT_MAX_CHARS_DEFAULT = 16_000;
  private static final String PROMPT_MAX_CHARS_DOC =
      "Prompts longer than this many characters are dead-lettered as OVERSIZED_TEXT.";

  public static final String STATE_DIR_CONFIG = StreamsConfig.STATE_DIR_CONFIG;

  public static final String BATCH_MAX_SIZE_CONFIG = "batch.max.size";
  private static final String BATCH_MAX_SIZE_DOC =
      "A micro-batch goes to the model as soon as this many prompts wait.";

  public static final String BATCH_MAX_WAIT_MS_CONFIG = "batch.max.wait.ms";
  private static final String BATCH_MAX_WAIT_MS_DOC =
      "A micro-batch goes to the model when its oldest prompt has waited this long.";

  public static final String INFERENCE_BUDGET_MS_CONFIG = "inference.budget.ms";
  private static final String INFERENCE_BUDGET_MS_DOC =
      "Longest a batch may spend in the model; past it every prompt of the batch is sent"
          + " unchanged with FALLBACK_TIMEOUT. Keep it well under transaction.timeout.ms.";

  public static final String INFERENCE_MAX_CONCURRENT_BATCHES_CONFIG =
      "inference.max.concurrent.batches";
  private static final String INFERENCE_MAX_CONCURRENT_BATCHES_DOC =
      "Batches that may be in the model at once; a batch beyond that falls back at once with"
          + " FALLBACK_BULKHEAD_FULL.";

  public static final String INFERENCE_MAX_BATCH_ROWS_CONFIG = "inference.max.batch.rows";
  private static final String INFERENCE_MAX_BATCH_ROWS_DOC =
      "Batches of several stream threads that wait for the model are merged into one device"
          + " batch of at most this many prompts.";

  public static final String BREAKER_OPEN_MS_CONFIG = "inference.breaker.open.ms";
  private static final String BREAKER_OPEN_MS_DOC =
      "How long the circuit breaker stays open (prompts fall back with FALLBACK_CIRCUIT_OPEN)"
          + " before it lets trial batches through.";

  public static final String CANARY_DEFAULT_SHARE_CONFIG = "canary.default.share";
  private static final String CANARY_DEFAULT_SHARE_DOC =
      "Share of rewritten traffic outside any experiment that goes to a target's candidate head.";

  public static final String MODEL_DIR_CONFIG = "model.dir";
  private static final String MODEL_DIR_DOC =
      "Prompter checkpoint directory (Hugging Face layout: config.json, model.safetensors,"
          + " tokenizer.json). Empty: no model, every valid prompt passes through unchanged.";

  public static final String ADAPTERS_DIR_CONFIG = "adapters.dir";
  private static final String ADAPTERS_DIR_DOC =
      "Root of the adapter store the heads are loaded from (required with model.dir).";

  public static final String HEAD_CACHE_MAX_BYTES_CONFIG = "heads.cache.max.bytes";
  private static final String HEAD_CACHE_MAX_BYTES_DOC =
      "Memory the loaded adapter heads may take on the model's device.";

  public static final String PROMPT_MAX_TOKENS_CONFIG = "prompt.max.tokens";
  private static final String PROMPT_MAX_TOKENS_DOC =
      "Prompts longer than this many prompter tokens pass through with FALLBACK_TOKEN_LIMIT.";

  public static final String GENERATION_MAX_NEW_TOKENS_CONFIG = "generation.max.new.tokens";
  private static final String GENERATION_MAX_NEW_TOKENS_DOC =
      "Longest rewrite in tokens; a rewrite cut off here is not sent (FALLBACK_INTENT).";

  public static final String FEEDBACK_ENABLED_CONFIG = "feedback.enabled";
  private static final String FEEDBACK_ENABLED_DOC =
      "Consume feedback.judgments: join them to the rewrites they judge, keep win rates per"
          + " target x head version x arm, and request retraining when a head's win rate drifts.";

  public static final String EXPLORATION_SHARE_CONFIG = "exploration.share";
  private static final String EXPLORATION_SHARE_DOC =
      "Share of rewritten, non-canary prompts rewritten by another target's active head, so that"
          + " judgments can show when a target's judges come to prefer another rewrite style."
          + " Those outputs say headRole=EXPLORATION.";

  public static final String DRIFT_WARMUP_CONFIG = "drift.warmup.judgments";
  private static final String DRIFT_WARMUP_DOC =
      "Judgments of a newly active head that measure its baseline win rate.";

  public static final String DRIFT_SLACK_CONFIG = "drift.cusum.slack";
  private static final String DRIFT_SLACK_DOC =
      "CUSUM slack: a fall of the win rate below the baseline that is tolerated.";

  public static final String DRIFT_EPISODE_TIMEOUT_CONFIG = "drift.episode.timeout.ms";
  private static final String DRIFT_EPISODE_TIMEOUT_DOC =
      "How long a drift episode waits for its canary verdict before the head is watched again (a"
          + " retrain that failed or found no better head then asks again).";
  public static final String DRIFT_THRESHOLD_CONFIG = "drift.cusum.threshold";
  private static final String DRIFT_THRESHOLD_DOC =
      "CUSUM threshold: evidence of a fall that signals drift (higher: fewer false alarms, later"
          + " detection).";

  public static final String CANARY_JUDGMENTS_CONFIG = "canary.judgments";
  private static final String CANARY_JUDGMENTS_DOC =
      "Judgments of the canary and of the active head before the canary is decided.";

  public static final String CANARY_ALPHA_CONFIG = "canary.alpha";
  private static final String CANARY_ALPHA_DOC =
      "Accepted chance of promoting a canary that is no better than the active head.";

  public static final String RETRAIN_EMBEDDED_CONFIG = "retrain.embedded";
  private static final String RETRAIN_EMBEDDED_DOC =
      "Run the retrainer in the gateway's process (with model.dir): it consumes"
          + " adapters.retrain-requests and adapters.canary-verdicts, trains candidates and applies"
          + " verdicts. Turn off when a separate `promptstream retrain` process does it.";

  public static final String RETRAIN_BASE_DATA_CONFIG = "retrain.base.data";
  private static final String RETRAIN_BASE_DATA_DOC =
      "Prompt-rewrite dataset (JSON lines) mixed into every retrain as a regulariser; empty: none.";

  public static final String RETRAIN_EPOCHS_CONFIG = "retrain.epochs";
  private static final String RETRAIN_EPOCHS_DOC = "Stage-2 epochs of a retrain.";

  public static final String RETRAIN_MIN_WINNERS_CONFIG = "retrain.min.winners";
  private static final String RETRAIN_MIN_WINNERS_DOC =
      "Judged winning rewrites a retrain request needs; with fewer, nothing is trained.";

  public static final String METRICS_PORT_CONFIG = "metrics.port";
  private static final String METRICS_PORT_DOC =
      "Port of the Prometheus endpoint (GET /metrics); 0 picks a free port, -1 turns it off.";

  public static final String METRICS_HOST_CONFIG = "metrics.host";
  private static final String METRICS_HOST_DOC = "Address the Prometheus endpoint binds to.";

  public static final String AB_EXPERIMENT_CONFIG = "ab.experiment";
  private static final String AB_EXPERIMENT_DOC =
      "Name of an A/B experiment to run from start-up (empty: none). More experiments, and"
          + " changes at run time, come from the gateway.experiments topic.";

  public static final String AB_TARGETS_CONFIG = "ab.targets";
  private static final String AB_TARGETS_DOC =
      "Target LLMs the start-up experiment covers; empty covers every target.";

  public static final String AB_TREATMENT_SHARE_CONFIG = "ab.treatment.share";
  private static final String AB_TREATMENT_SHARE_DOC =
      "Share of users in the TREATMENT arm of the start-up experiment.";

  public static final String AB_SALT_CONFIG = "ab.salt";
  private static final String AB_SALT_DOC =
      "Salt of the start-up experiment's user hash (default: the experiment name).";

  private static final ConfigDef CONFIG =
      new ConfigDef()
          .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
          .define(SCHEMA_REGISTRY_URL_CONFIG, Type.STRING, Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
          .define(
              APPLICATION_ID_CONFIG,
              Type.STRING,
              APPLICATION_ID_DEFAULT,
              new ConfigDef.NonEmptyString(),
              Importance.HIGH,
              APPLICATION_ID_DOC)
          .define(TOPIC_PREFIX_CONFIG, Type.STRING, "", Importance.MEDIUM, TOPIC_PREFIX_DOC)
          .define(TOPICS_CREATE_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, TOPICS_CREATE_DOC)
          .define(
              TOPICS_PARTITIONS_CONFIG,
              Type.INT,
              -1,
              Range.atLeast(-1),
              Importance.LOW,
              TOPICS_PARTITIONS_DOC)
          .define(
              TOPICS_REPLICATION_FACTOR_CONFIG,
              Type.SHORT,
              (short) -1,
              Importance.LOW,
              TOPICS_REPLICATION_FACTOR_DOC)
          .define(
              PROMPT_MAX_CHARS_CONFIG,
              Type.INT,
              PROMPT_MAX_CHARS_DEFAULT,
              Range.atLeast(1),
              Importance.MEDIUM,
              PROMPT_MAX_CHARS_DOC)
          .define(
              BATCH_MAX_SIZE_CONFIG,
              Type.INT,
              16,
              Range.between(1, 4096),
              Importance.MEDIUM,
              BATCH_MAX_SIZE_DOC)
          .define(
              BATCH_MAX_WAIT_MS_CONFIG,
              Type.LONG,
              50L,
              Range.between(0, 60_000),
              Importance.MEDIUM,
              BATCH_MAX_WAIT_MS_DOC)
          .define(
              INFERENCE_BUDGET_MS_CONFIG,
              Type.LONG,
              2_000L,
              Range.between(1, 60_000),
              Importance.MEDIUM,
              INFERENCE_BUDGET_MS_DOC)
          .define(
              INFERENCE_MAX_CONCURRENT_BATCHES_CONFIG,
              Type.INT,
              2,
              Range.atLeast(1),
              Importance.LOW,
              INFERENCE_MAX_CONCURRENT_BATCHES_DOC)
          .define(
              INFERENCE_MAX_BATCH_ROWS_CONFIG,
              Type.INT,
              64,
              Range.atLeast(1),
              Importance.LOW,
              INFERENCE_MAX_BATCH_ROWS_DOC)
          .define(
              BREAKER_OPEN_MS_CONFIG,
              Type.LONG,
              5_000L,
              Range.atLeast(1),
              Importance.LOW,
              BREAKER_OPEN_MS_DOC)
          .define(
              CANARY_DEFAULT_SHARE_CONFIG,
              Type.DOUBLE,
              0.1,
              Range.between(0.0, 1.0),
              Importance.LOW,
              CANARY_DEFAULT_SHARE_DOC)
          .define(AB_EXPERIMENT_CONFIG, Type.STRING, "", Importance.MEDIUM, AB_EXPERIMENT_DOC)
          .define(AB_TARGETS_CONFIG, Type.LIST, "", Importance.MEDIUM, AB_TARGETS_DOC)
          .define(
              AB_TREATMENT_SHARE_CONFIG,
              Type.DOUBLE,
              0.5,
              Range.between(0.0, 1.0),
              Importance.MEDIUM,
              AB_TREATMENT_SHARE_DOC)
          .define(AB_SALT_CONFIG, Type.STRING, "", Importance.LOW, AB_SALT_DOC)
          .define(
              METRICS_PORT_CONFIG,
              Type.INT,
              9464,
              Range.between(-1, 65535),
              Importance.MEDIUM,
              METRICS_PORT_DOC)
          .define(METRICS_HOST_CONFIG, Type.STRING, "0.0.0.0", Importance.LOW, METRICS_HOST_DOC)
          .define(
              FEEDBACK_ENABLED_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, FEEDBACK_ENABLED_DOC)
          .define(
              EXPLORATION_SHARE_CONFIG,
              Type.DOUBLE,
              0.05,
              Range.between(0.0, 1.0),
              Importance.MEDIUM,
              EXPLORATION_SHARE_DOC)
          .define(
              RETRAIN_EMBEDDED_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, RETRAIN_EMBEDDED_DOC)
          .define(RETRAIN_BASE_DATA_CONFIG, Type.STRING, "", Importance.LOW, RETRAIN_BASE_DATA_DOC)
          .define(
              RETRAIN_EPOCHS_CONFIG,
              Type.INT,
              6,
              Range.atLeast(1),
              Importance.LOW,
              RETRAIN_EPOCHS_DOC)
          .define(
              RETRAIN_MIN_WINNERS_CONFIG,
              Type.INT,
              8,
              Range.atLeast(1),
              Importance.LOW,
              RETRAIN_MIN_WINNERS_DOC)
          .define(
              DRIFT_WARMUP_CONFIG, Type.INT, 50, Range.atLeast(1), Importance.LOW, DRIFT_WARMUP_DOC)
          .define(
              DRIFT_SLACK_CONFIG,
              Type.DOUBLE,
              0.05,
              Range.between(0.0, 1.0),
              Importance.LOW,
              DRIFT_SLACK_DOC)
          .define(
              DRIFT_THRESHOLD_CONFIG,
              Type.DOUBLE,
              10.0,
              Range.atLeast(0.001),
              Importance.LOW,
              DRIFT_THRESHOLD_DOC)
          .define(
              DRIFT_EPISODE_TIMEOUT_CONFIG,
              Type.LONG,
              Duration.ofMinutes(30).toMillis(),
              Range.atLeast(1),
              Importance.LOW,
              DRIFT_EPISODE_TIMEOUT_DOC)
          .define(
              CANARY_JUDGMENTS_CONFIG,
              Type.INT,
              200,
              Range.atLeast(2),
              Importance.MEDIUM,
              CANARY_JUDGMENTS_DOC)
          .define(
              CANARY_ALPHA_CONFIG,
              Type.DOUBLE,
              0.05,
              Range.between(0.0001, 0.4999),
              Importance.LOW,
              CANARY_ALPHA_DOC)
          .define(MODEL_DIR_CONFIG, Type.STRING, "", Importance.HIGH, MODEL_DIR_DOC)
          .define(ADAPTERS_DIR_CONFIG, Type.STRING, "", Importance.HIGH, ADAPTERS_DIR_DOC)
          .define(
              HEAD_CACHE_MAX_BYTES_CONFIG,
              Type.LONG,
              512L * 1024 * 1024,
              Range.atLeast(1),
              Importance.LOW,
              HEAD_CACHE_MAX_BYTES_DOC)
          .define(
              PROMPT_MAX_TOKENS_CONFIG,
              Type.INT,
              192,
              Range.atLeast(1),
              Importance.MEDIUM,
              PROMPT_MAX_TOKENS_DOC)
          .define(
              GENERATION_MAX_NEW_TOKENS_CONFIG,
              Type.INT,
              96,
              Range.atLeast(1),
              Importance.MEDIUM,
              GENERATION_MAX_NEW_TOKENS_DOC);

  private final Map<?, ?> originals;

  /**
   * @throws org.apache.kafka.common.config.ConfigException naming the key, for a missing required
   *     key or an invalid value
   */
  public GatewayConfig(Map<?, ?> props) {
    super(CONFIG, props, false);
    this.originals = Map.copyOf(props);
  }

  /** Reads the configuration from a properties file's entries. */
  public static GatewayConfig fromProperties(Properties props) {
    Map<String, Object> map = new HashMap<>();
    props.stringPropertyNames().forEach(name -> map.put(name, props.getProperty(name).trim()));
    return new GatewayConfig(map);
  }

  /** The documented keys, for {@code --help} output and docs. */
  public static ConfigDef configDef() {
    return CONFIG;
  }

  public String bootstrapServers() {
    return String.join(",", getList(BOOTSTRAP_SERVERS_CONFIG));
  }

  public String applicationId() {
    return getString(APPLICATION_ID_CONFIG);
  }

  public String schemaRegistryUrl() {
    return getString(SCHEMA_REGISTRY_URL_CONFIG);
  }

  public String topicPrefix() {
    return getString(TOPIC_PREFIX_CONFIG);
  }

  public boolean createTopics() {
    return getBoolean(TOPICS_CREATE_CONFIG);
  }

  public int topicPartitions() {
    return getInt(TOPICS_PARTITIONS_CONFIG);
  }

  public short topicReplicationFactor() {
    return getShort(TOPICS_REPLICATION_FACTOR_CONFIG);
  }

  public int promptMaxChars() {
    return getInt(PROMPT_MAX_CHARS_CONFIG);
  }

  public BatchSettings batchSettings() {
    return new BatchSettings(
        getInt(BATCH_MAX_SIZE_CONFIG),
        Duration.ofMillis(getLong(BATCH_MAX_WAIT_MS_CONFIG)),
        BatchSettings.DEFAULT_CHECK_INTERVAL);
  }

  public InferenceGuardSettings inferenceGuardSettings() {
    InferenceGuardSettings d = InferenceGuardSettings.defaults();
    return new InferenceGuardSettings(
        Duration.ofMillis(getLong(INFERENCE_BUDGET_MS_CONFIG)),
        d.breakerWindow(),
        d.breakerMinimumCalls(),
        d.breakerFailureRatePercent(),
        Duration.ofMillis(getLong(BREAKER_OPEN_MS_CONFIG)),
        d.breakerHalfOpenCalls(),
        getInt(INFERENCE_MAX_CONCURRENT_BATCHES_CONFIG));
  }

  /**
   * How to serve the model, or empty when no {@code model.dir} is set.
   *
   * @throws ConfigException if {@code model.dir} is set without {@code adapters.dir}
   */
  public Optional<ModelServing.Settings> modelServing() {
    String modelDir = getString(MODEL_DIR_CONFIG);
    if (modelDir.isBlank()) {
      return Optional.empty();
    }
    String adaptersDir = getString(ADAPTERS_DIR_CONFIG);
    if (adaptersDir.isBlank()) {
      throw new ConfigException(
          ADAPTERS_DIR_CONFIG, adaptersDir, "is required when " + MODEL_DIR_CONFIG + " is set");
    }
    return Optional.of(
        new ModelServing.Settings(
            Path.of(modelDir),
            Path.of(adaptersDir),
            getLong(HEAD_CACHE_MAX_BYTES_CONFIG),
            getInt(PROMPT_MAX_TOKENS_CONFIG),
            getInt(GENERATION_MAX_NEW_TOKENS_CONFIG)));
  }

  public boolean feedbackEnabled() {
    return getBoolean(FEEDBACK_ENABLED_CONFIG);
  }

  /** Drift and canary settings of the feedback branch. */
  public FeedbackSettings feedbackSettings() {
    return FeedbackSettings.defaults()
        .withDrift(
            new DriftWatchSettings(
                getInt(DRIFT_WARMUP_CONFIG),
                getDouble(DRIFT_SLACK_CONFIG),
                getDouble(DRIFT_THRESHOLD_CONFIG),
                Duration.ofMillis(getLong(DRIFT_EPISODE_TIMEOUT_CONFIG))))
        .withCanary(
            new CanaryComparison(getInt(CANARY_JUDGMENTS_CONFIG), getDouble(CANARY_ALPHA_CONFIG)));
  }

  public boolean retrainEmbedded() {
    return getBoolean(RETRAIN_EMBEDDED_CONFIG);
  }

  /**
   * Where and how the retrainer runs.
   *
   * @throws ConfigException without {@code model.dir} and {@code adapters.dir}
   */
  public Retrainer.Settings retrainer() {
    ModelServing.Settings serving =
        modelServing()
            .orElseThrow(
                () -> new ConfigException(MODEL_DIR_CONFIG, "", "is required to retrain heads"));
    String baseData = getString(RETRAIN_BASE_DATA_CONFIG);
    RetrainSettings d = RetrainSettings.defaults();
    RetrainSettings retrain =
        new RetrainSettings(
            getInt(RETRAIN_EPOCHS_CONFIG),
            d.learningRate(),
            d.rewardTemperature(),
            d.heldOutShare(),
            baseData.isBlank() ? null : Path.of(baseData),
            d.baseShare(),
            d.maxBaseExamples(),
            getInt(RETRAIN_MIN_WINNERS_CONFIG),
            d.seed());
    return new Retrainer.Settings(
        serving.modelDir(),
        serving.adaptersDir(),
        stateDir().resolve("retrain-scratch"),
        applicationId() + "-retrainer",
        retrain);
  }

  /** Kafka Streams' state directory (its default when not set). */
  public Path stateDir() {
    Object dir = originals.get(STATE_DIR_CONFIG);
    return dir == null
        ? Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams")
        : Path.of(String.valueOf(dir));
  }

  public double explorationShare() {
    return getDouble(EXPLORATION_SHARE_CONFIG);
  }

  public int metricsPort() {
    return getInt(METRICS_PORT_CONFIG);
  }

  public String metricsHost() {
    return getString(METRICS_HOST_CONFIG);
  }

  public int inferenceMaxBatchRows() {
    return getInt(INFERENCE_MAX_BATCH_ROWS_CONFIG);
  }

  public double canaryDefaultShare() {
    return getDouble(CANARY_DEFAULT_SHARE_CONFIG);
  }

  /** The experiment configured to run from start-up, if any. */
  public Optional<Experiment> startupExperiment() {
    String name = getString(AB_EXPERIMENT_CONFIG);
    if (name.isBlank()) {
      return Optional.empty();
    }
    String salt = getString(AB_SALT_CONFIG);
    return Optional.of(
        Experiment.newBuilder()
            .setName(name)
            .setTargetLlms(getList(AB_TARGETS_CONFIG))
            .setTreatmentShare(getDouble(AB_TREATMENT_SHARE_CONFIG))
            .setSalt(salt.isBlank() ? name : salt)
            .build());
  }

  /**
   * The Kafka Streams properties: every key given, less the gateway's own, with exactly-once v2
   * forced on.
   */
  public Properties streamsProperties() {
    Properties props = new Properties();
    originals.forEach(
        (k, v) -> {
          String key = String.valueOf(k);
          if (!CONFIG.names().contains(key)
              || key.equals(BOOTSTRAP_SERVERS_CONFIG)
              || key.equals(APPLICATION_ID_CONFIG)) {
            props.put(key, v);
          }
        });
    props.put(APPLICATION_ID_CONFIG, applicationId());
    props.put(BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // Prompts are consumed as bytes and dead-lettered by the topology itself; the only typed
    // source is the experiments topic, where a bad record is logged and skipped.
    props.putIfAbsent(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueExceptionHandler.class.getName());
    props.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    return props;
  }
}

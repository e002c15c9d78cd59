package io.promptstream.topology.app;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.promptstream.events.BufferedPrompt;
import io.promptstream.events.WinRateAggregate;
import io.promptstream.schemas.registry.HttpSchemaRegistryClient;
import io.promptstream.schemas.registry.SchemaRegistryClient;
import io.promptstream.schemas.serde.AvroSerde;
import io.promptstream.schemas.topic.GatewayTopics;
import io.promptstream.topology.GatewayTopology;
import io.promptstream.topology.abtest.ArmAssigner;
import io.promptstream.topology.abtest.ExperimentCatalog;
import io.promptstream.topology.config.GatewayConfig;
import io.promptstream.topology.feedback.OutcomeAggregator;
import io.promptstream.topology.guard.IntentGuard;
import io.promptstream.topology.heads.ModelServing;
import io.promptstream.topology.inference.CoalescingRewriteEngine;
import io.promptstream.topology.inference.GuardedRewriter;
import io.promptstream.topology.inference.RewriteEngine;
import io.promptstream.topology.metrics.GatewayMetrics;
import io.promptstream.topology.metrics.MetricsEndpoint;
import io.promptstream.topology.retrain.Retrainer;
import io.promptstream.topology.rewrite.BatchRewriter;
import io.promptstream.topology.validate.PromptRules;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway instance: its topics ensured, its topology built, its Kafka Streams client
 * started. Close it to stop cleanly (commits the open transaction and leaves the group).
 *
 * <p>A stream thread that dies of an unexpected error (for example the schema registry being
 * unreachable) is replaced; its uncommitted work is retried by the new thread under exactly-once,
 * so no record is lost or doubled. Bad input never kills a thread: it is dead-lettered.
 */
public final class GatewayApplication implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GatewayApplication.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final GatewayTopics topics;
  private final CountDownLatch running = new CountDownLatch(1);
  private final GuardedRewriter model;
  private final PrometheusMeterRegistry meterRegistry;
  private final MetricsEndpoint endpoint;
  private volatile ModelServing serving;
  private volatile Retrainer retrainer;
  private ExperimentCatalog experiments;

  private GatewayApplication(
      KafkaStreams streams,
      GatewayTopics topics,
      GuardedRewriter model,
      PrometheusMeterRegistry meterRegistry,
      MetricsEndpoint endpoint) {
    this.streams = streams;
    this.topics = topics;
    this.model = model;
    this.meterRegistry = meterRegistry;
    this.endpoint = endpoint;
  }

  /**
   * Builds and starts a gateway as configured: with the prompter and adapter heads named by {@code
   * model.dir} and {@code adapters.dir}, or, without {@code model.dir}, passing every valid prompt
   * through unchanged with status PASSTHROUGH.
   */
  public static GatewayApplication start(GatewayConfig config) throws Exception {
    Optional<ModelServing.Settings> modelSettings = config.modelServing();
    if (modelSettings.isEmpty()) {
      return start(config, Clock.systemUTC(), null);
    }
    SchemaRegistryClient registry =
        HttpSchemaRegistryClient.create(URI.create(config.schemaRegistryUrl()));
    GatewayTopics topics = GatewayTopics.create(config.topicPrefix(), registry);
    ensureTopics(config, topics);
    ModelServing.Settings s = modelSettings.get();
    ModelServing serving =
        ModelServing.start(s, config.bootstrapServers(), topics.adapterReleases());
    Retrainer retrainer = null;
    try {
      if (config.retrainEmbedded() && config.feedbackEnabled()) {
        retrainer = Retrainer.start(config.retrainer(), config.bootstrapServers(), topics, null);
      }
      GatewayApplication app =
          start(config, Clock.systemUTC(), serving.engine(s.maxPromptTokens(), s.maxNewTokens()));
      app.serving = serving;
      app.retrainer = retrainer;
      return app;
    } catch (Exception e) {
      if (retrainer != null) {
        retrainer.close();
      }
      serving.close();
      throw e;
    }
  }

  /**
   * Builds and starts a gateway that rewrites prompts with {@code engine}.
   *
   * @param clock the clock records are stamped with and batch deadlines and the breaker run on
   * @param engine the model; null passes prompts through. Closed with the application.
   */
  public static GatewayApplication start(GatewayConfig config, Clock clock, RewriteEngine engine) {
    SchemaRegistryClient registry =
        HttpSchemaRegistryClient.create(URI.create(config.schemaRegistryUrl()));
    GatewayTopics topics = GatewayTopics.create(config.topicPrefix(), registry);
    ensureTopics(config, topics);
    ExperimentCatalog experiments = new ExperimentCatalog();
    config.startupExperiment().ifPresent(experiments::put);
    GuardedRewriter model =
        engine == null
            ? null
            : new GuardedRewriter(
                new CoalescingRewriteEngine(engine, config.inferenceMaxBatchRows()),
                config.inferenceGuardSettings(),
                clock);
    PrometheusMeterRegistry meterRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    GatewayMetrics metrics = new GatewayMetrics(meterRegistry, experiments);
    if (model != null) {
      metrics.watch(model);
    }
    Topology topology =
        GatewayTopology.build(
            new StreamsBuilder(),
            new GatewayTopology.Settings(
                topics,
                new PromptRules(config.promptMaxChars()),
                config.applicationId(),
                clock,
                experiments,
                new ArmAssigner(
                    experiments, config.canaryDefaultShare(), config.explorationShare()),
                config.batchSettings(),
                model == null
                    ? null
                    : new BatchRewriter(
                        model, new IntentGuard(IntentGuard.Rules.defaults()), clock, metrics),
                AvroSerde.of(BufferedPrompt.class, registry),
                metrics,
                registry,
                config.feedbackEnabled() ? config.feedbackSettings() : null));
    KafkaStreams streams = new KafkaStreams(topology, config.streamsProperties());
    // Kafka Streams' own metrics, consumer lag (records-lag-max) among them.
    new KafkaStreamsMetrics(streams).bindTo(meterRegistry);
    MetricsEndpoint endpoint =
        config.metricsPort() < 0
            ? null
            : MetricsEndpoint.start(config.metricsHost(), config.metricsPort(), meterRegistry);
    GatewayApplication app =
        new GatewayApplication(streams, topics, model, meterRegistry, endpoint);
    app.experiments = experiments;
    streams.setUncaughtExceptionHandler(
        e -> {
          log.error("Stream thread failed; replacing it and retrying its uncommitted work", e);
          return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.setStateListener(
        (now, before) -> {
          log.info("Gateway {} -> {}", before, now);
          if (now == KafkaStreams.State.RUNNING) {
            app.running.countDown();
          }
        });
    streams.start();
    return app;
  }

  private static void ensureTopics(GatewayConfig config, GatewayTopics topics) {
    if (config.createTopics()) {
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
        new TopicProvisioner(config.topicPartitions(), config.topicReplicationFactor())
            .ensureTopics(admin, topics);
      }
    }
  }

  /** The experiments in force on this instance (from configuration and the experiments topic). */
  public ExperimentCatalog experiments() {
    return experiments;
  }

  /** The embedded retrainer, or null when this process does not retrain. */
  public Retrainer retrainer() {
    return retrainer;
  }

  /** The model being served, or null when the gateway passes prompts through or got its engine. */
  public ModelServing serving() {
    return serving;
  }

  /**
   * The win rates this instance holds (interactive query of its local state: with several
   * instances, each holds the request ids of its partitions), all-time and per window.
   */
  public List<WinRateAggregate> localWinRates() {
    ReadOnlyKeyValueStore<String, WinRateAggregate> store =
        streams.store(
            StoreQueryParameters.fromNameAndType(
                OutcomeAggregator.WIN_RATES_STORE, QueryableStoreTypes.keyValueStore()));
    List<WinRateAggregate> rates = new ArrayList<>();
    try (KeyValueIterator<String, WinRateAggregate> all = store.all()) {
      all.forEachRemaining(kv -> rates.add(kv.value));
    }
    return rates;
  }

  /** The Kafka Streams state: RUNNING while it serves. */
  public KafkaStreams.State state() {
    return streams.state();
  }

  /** The guarded model, or null when the gateway passes prompts through. */
  public GuardedRewriter model() {
    return model;
  }

  /** The instance's metrics, as Prometheus would scrape them. */
  public PrometheusMeterRegistry meterRegistry() {
    return meterRegistry;
  }

  /** The port the Prometheus endpoint listens on, or -1 when it is off. */
  public int metricsPort() {
    return endpoint == null ? -1 : endpoint.port();
  }

  /** The topics this instance reads and writes. */
  public GatewayTopics topics() {
    return topics;
  }

  /**
   * Waits until the gateway has joined its group and started processing.
   *
   * @return false if it did not get there within {@code timeout}
   */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops processing, commits the open transaction and leaves the consumer group. */
  @Override
  public void close() {
    streams.close(
        CloseOptions.timeout(CLOSE_TIMEOUT)
            .withGroupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP));
    if (model != null) {
      model.close();
    }
    if (retrainer != null) {
      retrainer.close();
    }
    if (serving != null) {
      serving.close();
    }
    if (endpoint != null) {
      endpoint.close();
    }
    meterRegistry.close();
  }
}

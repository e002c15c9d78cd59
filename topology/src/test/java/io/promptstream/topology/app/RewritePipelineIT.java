package io.promptstream.topology.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.promptstream.events.Arm;
import io.promptstream.events.OptimizedPrompt;
import io.promptstream.events.PromptRequest;
import io.promptstream.events.PromptStatus;
import io.promptstream.schemas.topic.GatewayTopics;
import io.promptstream.topology.config.GatewayConfig;
import io.promptstream.topology.embedded.EmbeddedStack;
import io.promptstream.topology.testutil.Records;
import io.promptstream.topology.testutil.TargetTaggingEngine;
import io.promptstream.topology.testutil.TestConfigs;
import io.promptstream.topology.testutil.TestWorkDirs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The model path under exactly-once v2 on a real broker: an A/B experiment over three target LLMs,
 * micro-batched inference with a deterministic model.
 *
 * <p>End state: 20,000 prompts give exactly 20,000 outputs, one per request id; about half the
 * users are in TREATMENT; every treatment output was rewritten by its target's head; every control
 * output is the original prompt; within each conversation outputs keep the input order.
 */
@Tag("integration")
class RewritePipelineIT {

  private static final int PROMPTS = 20_000;
  private static final List<String> TARGETS = List.of("gemma-7b", "llama-3-8b", "mixtral-8x7b");

  private static EmbeddedStack stack;
  private static GatewayApplication gateway;
  private static final TargetTaggingEngine engine = new TargetTaggingEngine();

  @BeforeAll
  static void start() throws InterruptedException {
    Path workDir = TestWorkDirs.create("rewrite");
    stack = EmbeddedStack.start(workDir);
    Map<String, Object> props = TestConfigs.gateway(stack, workDir, "rewrite-it");
    props.put(GatewayConfig.METRICS_PORT_CONFIG, 0);
    props.put(GatewayConfig.AB_EXPERIMENT_CONFIG, "rewrite-vs-original");
    props.put(GatewayConfig.AB_TREATMENT_SHARE_CONFIG, 0.5);
    props.put(GatewayConfig.BATCH_MAX_SIZE_CONFIG, 32);
    props.put(GatewayConfig.BATCH_MAX_WAIT_MS_CONFIG, 20);
    props.put("num.stream.threads", 2);
    gateway = GatewayApplication.start(new GatewayConfig(props), Clock.systemUTC(), engine);
    assertThat(gateway.awaitRunning(Duration.ofSeconds(60))).isTrue();
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void shouldRewriteTreatmentWithTheRightHeadAndPassControlThroughExactlyOnce() {
    GatewayTopics topics = gateway.topics();
    Map<String, PromptRequest> sent = new HashMap<>();
    try (KafkaProducer<String, PromptRequest> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG,
                5),
            new StringSerializer(),
            topics.promptsRaw().valueSerde().serializer())) {
      for (int i = 0; i < PROMPTS; i++) {
        PromptRequest prompt =
            PromptRequest.newBuilder()
                .setRequestId(String.format("req-%06d", i))
                .setConversationId("conv-" + (i % 500))
                .setUserId("user-" + (i % 1000))
                .setTargetLlm(TARGETS.get(i % 500 % TARGETS.size()))
                .setText("Explain item " + i + " of the Lisbon report")
                .setCreatedAt(Instant.now())
                .build();
        sent.put(prompt.getRequestId(), prompt);
        producer.send(
            new ProducerRecord<>(topics.promptsRaw().name(), prompt.getConversationId(), prompt));
      }
    }

    List<OptimizedPrompt> outputs =
        Records.readCommitted(
            stack.bootstrapServers(),
            topics.promptsOptimized().name(),
            topics.promptsOptimized().valueSerde().deserializer(),
            read -> read.size() >= PROMPTS,
            Duration.ofSeconds(240),
            Duration.ofSeconds(2));

    assertThat(outputs).hasSize(PROMPTS);
    assertThat(outputs.stream().map(OptimizedPrompt::getRequestId).distinct()).hasSize(PROMPTS);

    long treatment = outputs.stream().filter(o -> o.getArm() == Arm.TREATMENT).count();
    assertThat(treatment / (double) PROMPTS).isCloseTo(0.5, within(0.05));
    assertThat(outputs)
        .allSatisfy(
            o -> {
              PromptRequest in = sent.get(o.getRequestId());
              assertThat(o.getExperiment()).isEqualTo("rewrite-vs-original");
              if (o.getArm() == Arm.TREATMENT) {
                assertThat(o.getStatus()).isEqualTo(PromptStatus.REWRITTEN);
                assertThat(o.getHeadVersion())
                    .isEqualTo(TargetTaggingEngine.expectedVersion(in.getTargetLlm(), false));
                assertThat(o.getSentText())
                    .isEqualTo(
                        TargetTaggingEngine.expectedRewrite(in.getTargetLlm(), in.getText()));
              } else {
                assertThat(o.getArm()).isEqualTo(Arm.CONTROL);
                assertThat(o.getStatus()).isEqualTo(PromptStatus.CONTROL);
                assertThat(o.getSentText()).isEqualTo(in.getText());
              }
              assertThat(o.getOriginalText()).isEqualTo(in.getText());
            });
    // A user's arm is sticky: every prompt of a user landed in one arm.
    Map<String, Arm> armByUser = new HashMap<>();
    outputs.forEach(
        o ->
            assertThat(armByUser.merge(o.getUserId(), o.getArm(), (a, b) -> a == b ? a : null))
                .isNotNull());

    // Order within a conversation is the input order (request ids were sent ascending).
    Map<String, List<String>> byConversation = new HashMap<>();
    outputs.forEach(
        o ->
            byConversation
                .computeIfAbsent(o.getConversationId(), c -> new ArrayList<>())
                .add(o.getRequestId()));
    byConversation.values().forEach(ids -> assertThat(ids).isSorted());

    // The model saw batches, not single prompts.
    assertThat(engine.rows()).isEqualTo((int) treatment);
    assertThat(engine.rows() / (double) engine.batches()).isGreaterThan(2.0);
    assertThat(gateway.state()).isEqualTo(KafkaStreams.State.RUNNING);

    // The same story in the Prometheus endpoint: rewrites counted by arm, a healthy arm split.
    String scrape = scrape(gateway.metricsPort());
    assertThat(scrape)
        .contains(
            "promptstream_outputs_total{arm=\"TREATMENT\",status=\"REWRITTEN\"} "
                + (double) treatment)
        .contains("promptstream_batch_size_count")
        .contains("promptstream_breaker_state 0.0");
    double srm = gateway.meterRegistry().get("promptstream.experiment.srm.pvalue").gauge().value();
    assertThat(srm).isGreaterThan(0.001);
  }

  private static String scrape(int port) {
    try {
      return java.net.http.HttpClient.newHttpClient()
          .send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (Exception e) {
      throw new AssertionError("metrics endpoint did not answer", e);
    }
  }
}

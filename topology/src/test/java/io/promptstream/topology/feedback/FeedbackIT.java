package io.promptstream.topology.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptstream.events.DeadLetter;
import io.promptstream.events.DeadLetterReason;
import io.promptstream.events.Judgment;
import io.promptstream.events.OptimizedPrompt;
import io.promptstream.events.PromptRequest;
import io.promptstream.events.RetrainRequest;
import io.promptstream.events.WinRateAggregate;
import io.promptstream.schemas.topic.GatewayTopics;
import io.promptstream.topology.app.GatewayApplication;
import io.promptstream.topology.config.GatewayConfig;
import io.promptstream.topology.embedded.EmbeddedStack;
import io.promptstream.topology.testutil.Records;
import io.promptstream.topology.testutil.TargetTaggingEngine;
import io.promptstream.topology.testutil.TestConfigs;
import io.promptstream.topology.testutil.TestWorkDirs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Judgments through the gateway. A head wins 40 of its first 50 judgments (baseline 0.8), then
 * loses every one. End state: exactly one retrain request for it, with the evidence; the win rates
 * count each judged request once; a duplicate is dropped; judgments of unknown requests and
 * undecodable ones are dead-lettered with their reasons.
 */
@Tag("integration")
class FeedbackIT {

  private static final String TARGET = "gemma-7b";

  @Test
  void shouldJoinJudgmentsCountWinRatesAndRequestRetrainingOnceWhenAHeadDrifts() throws Exception {
    Path workDir = TestWorkDirs.create("feedback");
    try (EmbeddedStack stack = EmbeddedStack.start(workDir);
        GatewayApplication gateway =
            GatewayApplication.start(
                config(stack, workDir), Clock.systemUTC(), new TargetTaggingEngine())) {
      assertThat(gateway.awaitRunning(Duration.ofSeconds(60))).isTrue();
      GatewayTopics topics = gateway.topics();
      int prompts = 100;
      try (KafkaProducer<String, PromptRequest> producer =
          producer(stack, topics.promptsRaw().valueSerde().serializer())) {
        for (int i = 0; i < prompts; i++) {
          PromptRequest p =
              PromptRequest.newBuilder()
                  .setRequestId("req-" + i)
                  .setConversationId("conv-" + i % 10)
                  .setUserId("user-" + i)
                  .setTargetLlm(TARGET)
                  .setText("Explain item " + i)
                  .setCreatedAt(Instant.now())
                  .build();
          producer.send(new ProducerRecord<>(topics.promptsRaw().name(), p.getConversationId(), p));
        }
      }
      List<OptimizedPrompt> outputs =
          Records.readCommitted(
              stack.bootstrapServers(),
              topics.promptsOptimized().name(),
              topics.promptsOptimized().valueSerde().deserializer(),
              r -> r.size() >= prompts,
              Duration.ofSeconds(60),
              Duration.ZERO);
      assertThat(outputs).hasSize(prompts);
      assertThat(outputs)
          .allSatisfy(
              o ->
                  assertThat(o.getStatus())
                      .as(o.toString())
                      .isEqualTo(io.promptstream.events.PromptStatus.REWRITTEN));

      // 50 judgments (40 wins) set the baseline; then 30 losses; plus a duplicate, an unknown
      // request and garbage.
      try (KafkaProducer<String, Judgment> producer =
          producer(stack, topics.judgments().valueSerde().serializer())) {
        for (int i = 0; i < 80; i++) {
          double preference = i < 50 ? (i % 5 == 0 ? 1.0 : 2.0) : 1.0;
          producer.send(judgment(topics, "req-" + i, preference));
        }
        producer.send(judgment(topics, "req-3", 1.0));
        producer.send(judgment(topics, "req-unknown", 2.0));
      }
      try (KafkaProducer<String, byte[]> raw = producer(stack, new ByteArraySerializer())) {
        raw.send(
            new ProducerRecord<>(
                topics.judgments().name(), "req-x", "not avro".getBytes(StandardCharsets.UTF_8)));
      }

      List<RetrainRequest> retrains =
          Records.readCommitted(
              stack.bootstrapServers(),
              topics.retrainRequests().name(),
              topics.retrainRequests().valueSerde().deserializer(),
              r -> r.size() >= 1,
              Duration.ofSeconds(60),
              Duration.ofSeconds(2));
      assertThat(retrains).hasSize(1);
      RetrainRequest retrain = retrains.get(0);
      assertThat(retrain.getTargetLlm()).isEqualTo(TARGET);
      assertThat(retrain.getActiveVersion()).isEqualTo("gemma-7b-v1");
      assertThat(retrain.getIdempotencyKey()).isEqualTo("gemma-7b:gemma-7b-v1:drift-1");
      // The baseline is the win rate of the first 50 judgments the target's task processed: 0.8
      // when they arrive in send order; judgments from three partitions may interleave with the
      // first losses after a rebalance, so it can be a little lower.
      assertThat(retrain.getEvidence().getBaselineWinRate()).isBetween(0.6, 0.8);
      assertThat(retrain.getEvidence().getObservedWinRate()).isLessThanOrEqualTo(0.25);
      assertThat(retrain.getEvidence().getStatistic()).isGreaterThan(10.0);
      assertThat(retrain.getEvidence().getThreshold()).isEqualTo(10.0);
      // Each loss adds at least 0.6 - 0.05: the threshold of 10 is crossed within 19 losses.
      assertThat(retrain.getEvidence().getObservations()).isBetween(14L, 30L);
      assertThat(retrain.getDetector()).startsWith("cusum(");

      List<DeadLetter> dead =
          Records.readCommitted(
              stack.bootstrapServers(),
              topics.promptsDlq().name(),
              topics.promptsDlq().valueSerde().deserializer(),
              r -> r.size() >= 2,
              Duration.ofSeconds(30),
              Duration.ofSeconds(1));
      assertThat(dead)
          .extracting(DeadLetter::getErrorCode)
          .containsExactlyInAnyOrder(
              DeadLetterReason.UNKNOWN_REQUEST, DeadLetterReason.UNDECODABLE);

      awaitJudgments(gateway, 80);
      WinRateAggregate allTime = allTime(gateway).orElseThrow();
      assertThat(allTime.getJudgments()).isEqualTo(80);
      assertThat(allTime.getWins()).isEqualTo(40.0);
      assertThat(allTime.getArm()).isEqualTo("UNASSIGNED");
    }
  }

  private static void awaitJudgments(GatewayApplication gateway, long n)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (allTime(gateway).map(WinRateAggregate::getJudgments).orElse(0L) >= n) {
          return;
        }
      } catch (org.apache.kafka.streams.errors.InvalidStateStoreException rebalancing) {
        // Not queryable while tasks move; ask again.
      }
      Thread.sleep(100);
    }
    throw new AssertionError("fewer than " + n + " judgments counted within 60 s");
  }

  private static java.util.Optional<WinRateAggregate> allTime(GatewayApplication gateway) {
    return gateway.localWinRates().stream()
        .filter(w -> w.getWindowStart() == null)
        .filter(w -> w.getTargetLlm().equals(TARGET))
        .findFirst();
  }

  private static ProducerRecord<String, Judgment> judgment(
      GatewayTopics topics, String requestId, double preference) {
    Judgment j =
        Judgment.newBuilder()
            .setRequestId(requestId)
            .setTargetLlm(TARGET)
            .setHeadVersion("gemma-7b-v1")
            .setInstruction("Explain")
            .setOutput1("answer to the user prompt")
            .setOutput2("answer to the optimized prompt, longer")
            .setGenerator1(TARGET)
            .setGenerator2(TARGET)
            .setAnnotator("test-judge")
            .setPreference(preference)
            .setJudgedAt(Instant.now())
            .build();
    return new ProducerRecord<>(topics.judgments().name(), requestId, j);
  }

  private static <V> KafkaProducer<String, V> producer(EmbeddedStack stack, Serializer<V> values) {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
        new StringSerializer(),
        values);
  }

  private static GatewayConfig config(EmbeddedStack stack, Path workDir) {
    Map<String, Object> props = TestConfigs.gateway(stack, workDir, "feedback-it");
    props.put(GatewayConfig.BATCH_MAX_WAIT_MS_CONFIG, 10);
    // Every judgment here is of the active head.
    props.put(GatewayConfig.CANARY_DEFAULT_SHARE_CONFIG, 0.0);
    return new GatewayConfig(props);
  }
}

package io.promptstream.topology.abtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptstream.events.Arm;
import io.promptstream.events.Experiment;
import io.promptstream.events.OptimizedPrompt;
import io.promptstream.events.PromptRequest;
import io.promptstream.events.PromptStatus;
import io.promptstream.schemas.topic.GatewayTopics;
import io.promptstream.topology.app.GatewayApplication;
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
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Experiments changed at run time through the compacted topic. End state: after an experiment with
 * a 0% treatment share arrives, every prompt goes out as CONTROL under its name; after its
 * tombstone, prompts are rewritten again outside any experiment.
 */
@Tag("integration")
class ExperimentsTopicIT {

  @Test
  void shouldApplyAndEndExperimentsPublishedWhileRunning() throws Exception {
    Path workDir = TestWorkDirs.create("experiments");
    try (EmbeddedStack stack = EmbeddedStack.start(workDir);
        GatewayApplication gateway =
            GatewayApplication.start(
                config(stack, workDir), Clock.systemUTC(), new TargetTaggingEngine())) {
      assertThat(gateway.awaitRunning(Duration.ofSeconds(60))).isTrue();
      GatewayTopics topics = gateway.topics();

      try (KafkaProducer<String, Experiment> producer =
          producer(stack, topics.experiments().valueSerde().serializer())) {
        Experiment allControl =
            Experiment.newBuilder()
                .setName("holdout")
                .setTreatmentShare(0.0)
                .setSalt("holdout")
                .build();
        producer
            .send(new ProducerRecord<>(topics.experiments().name(), "holdout", allControl))
            .get();
        await(() -> gateway.experiments().snapshot().containsKey("holdout"));
        List<OptimizedPrompt> during = sendAndRead(stack, topics, "a", 20, 20);
        assertThat(during)
            .allSatisfy(
                o -> {
                  assertThat(o.getArm()).isEqualTo(Arm.CONTROL);
                  assertThat(o.getStatus()).isEqualTo(PromptStatus.CONTROL);
                  assertThat(o.getExperiment()).isEqualTo("holdout");
                });

        producer.send(new ProducerRecord<>(topics.experiments().name(), "holdout", null)).get();
        await(() -> gateway.experiments().snapshot().isEmpty());
        List<OptimizedPrompt> after = sendAndRead(stack, topics, "b", 20, 40);
        assertThat(after.subList(20, 40))
            .allSatisfy(
                o -> {
                  assertThat(o.getArm()).isEqualTo(Arm.UNASSIGNED);
                  assertThat(o.getStatus()).isEqualTo(PromptStatus.REWRITTEN);
                });
      }
    }
  }

  private static List<OptimizedPrompt> sendAndRead(
      EmbeddedStack stack, GatewayTopics topics, String prefix, int n, int expectedTotal) {
    try (KafkaProducer<String, PromptRequest> producer =
        producer(stack, topics.promptsRaw().valueSerde().serializer())) {
      for (int i = 0; i < n; i++) {
        PromptRequest p =
            PromptRequest.newBuilder()
                .setRequestId(prefix + "-" + i)
                .setConversationId("conv-" + prefix + i)
                .setUserId("user-" + i)
                .setTargetLlm("gemma-7b")
                .setText("Explain item " + i)
                .setCreatedAt(Instant.now())
                .build();
        producer.send(new ProducerRecord<>(topics.promptsRaw().name(), p.getConversationId(), p));
      }
    }
    List<OptimizedPrompt> all =
        Records.readCommitted(
            stack.bootstrapServers(),
            topics.promptsOptimized().name(),
            topics.promptsOptimized().valueSerde().deserializer(),
            r -> r.size() >= expectedTotal,
            Duration.ofSeconds(60),
            Duration.ZERO);
    assertThat(all).hasSize(expectedTotal);
    // Outputs of earlier phases come first within each partition; sort by phase.
    all.sort(java.util.Comparator.comparing(o -> o.getRequestId().charAt(0)));
    return all;
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 30 s");
      }
      Thread.sleep(50);
    }
  }

  private static <V> KafkaProducer<String, V> producer(EmbeddedStack stack, Serializer<V> values) {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
        new StringSerializer(),
        values);
  }

  private static GatewayConfig config(EmbeddedStack stack, Path workDir) {
    Map<String, Object> props = TestConfigs.gateway(stack, workDir, "experiments-it");
    props.put(GatewayConfig.BATCH_MAX_WAIT_MS_CONFIG, 10);
    return new GatewayConfig(props);
  }
}

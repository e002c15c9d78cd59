package io.promptstream.topology.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptstream.events.OptimizedPrompt;
import io.promptstream.events.PromptRequest;
import io.promptstream.events.PromptStatus;
import io.promptstream.schemas.topic.GatewayTopics;
import io.promptstream.topology.config.GatewayConfig;
import io.promptstream.topology.embedded.EmbeddedStack;
import io.promptstream.topology.testutil.CrashableGateway;
import io.promptstream.topology.testutil.Records;
import io.promptstream.topology.testutil.TargetTaggingEngine;
import io.promptstream.topology.testutil.TestWorkDirs;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A gateway killed (SIGKILL, no shutdown) while every prompt it consumed sits in its micro-batch
 * buffer, with the input offsets already committed. End state: a new instance on the same state
 * directory emits exactly one output per prompt, none lost, none doubled.
 */
@Tag("integration")
class CrashRecoveryIT {

  private static final int PROMPTS = 400;
  private static final String APP_ID = "crash-it";

  @Test
  void shouldEmitExactlyOneOutputPerPromptAfterACrashWithBufferedBatches() throws Exception {
    Path workDir = TestWorkDirs.create("crash");
    String stateDir = workDir.resolve("state").toString();
    try (EmbeddedStack stack = EmbeddedStack.start(workDir)) {
      // 1. A gateway in its own JVM that buffers everything: batches never fill or time out.
      Process crashing = startChild(stack, stateDir);
      try {
        GatewayTopics topics =
            GatewayTopics.create(
                "",
                io.promptstream.schemas.registry.HttpSchemaRegistryClient.create(
                    java.net.URI.create(stack.schemaRegistryUrl())));
        produce(stack, topics);

        // 2. Wait until it has committed the offsets of every prompt: they now live only in its
        // changelogged buffer.
        awaitCommittedToEnd(stack, topics.promptsRaw().name());
        assertThat(
                Records.readCommitted(
                    stack.bootstrapServers(),
                    topics.promptsOptimized().name(),
                    topics.promptsOptimized().valueSerde().deserializer(),
                    read -> false,
                    Duration.ofMillis(500),
                    Duration.ZERO))
            .isEmpty();
      } finally {
        // 3. Crash.
        crashing.destroyForcibly().waitFor();
      }

      // 4. A new instance on the same state directory, with ordinary batching.
      try (GatewayApplication recovered =
          GatewayApplication.start(
              new GatewayConfig(
                  CrashableGateway.config(
                      stack.bootstrapServers(),
                      stack.schemaRegistryUrl(),
                      APP_ID,
                      stateDir,
                      "32",
                      "20")),
              Clock.systemUTC(),
              new TargetTaggingEngine())) {
        List<OptimizedPrompt> outputs =
            Records.readCommitted(
                stack.bootstrapServers(),
                recovered.topics().promptsOptimized().name(),
                recovered.topics().promptsOptimized().valueSerde().deserializer(),
                read -> read.size() >= PROMPTS,
                Duration.ofSeconds(120),
                Duration.ofSeconds(2));

        assertThat(outputs).hasSize(PROMPTS);
        assertThat(outputs.stream().map(OptimizedPrompt::getRequestId).collect(Collectors.toSet()))
            .hasSize(PROMPTS);
        assertThat(outputs).allMatch(o -> o.getStatus() == PromptStatus.REWRITTEN);
      }
    }
  }

  private static Process startChild(EmbeddedStack stack, String stateDir) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                java,
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                CrashableGateway.class.getName(),
                stack.bootstrapServers(),
                stack.schemaRegistryUrl(),
                APP_ID,
                stateDir,
                "4096",
                "60000")
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder log = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null && !line.equals("RUNNING")) {
      log.append(line).append('\n');
    }
    assertThat(line).as("child gateway reached RUNNING; its output:%n%s", log).isEqualTo("RUNNING");
    // Keep draining its output so it never blocks on a full pipe.
    Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "crash-child-output");
    drain.setDaemon(true);
    drain.start();
    return child;
  }

  private static void produce(EmbeddedStack stack, GatewayTopics topics) {
    try (KafkaProducer<String, PromptRequest> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
            new StringSerializer(),
            topics.promptsRaw().valueSerde().serializer())) {
      for (int i = 0; i < PROMPTS; i++) {
        PromptRequest prompt =
            PromptRequest.newBuilder()
                .setRequestId("req-" + i)
                .setConversationId("conv-" + (i % 40))
                .setUserId("user-" + i)
                .setTargetLlm("llama-3-8b")
                .setText("Prompt number " + i)
                .setCreatedAt(Instant.now())
                .build();
        producer.send(
            new ProducerRecord<>(topics.promptsRaw().name(), prompt.getConversationId(), prompt));
      }
    }
  }

  private static void awaitCommittedToEnd(EmbeddedStack stack, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
      Set<TopicPartition> partitions =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get()
              .get(topic)
              .partitions()
              .stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .collect(Collectors.toSet());
      Map<TopicPartition, Long> ends =
          admin
              .listOffsets(
                  partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
              .all()
              .get()
              .entrySet()
              .stream()
              .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(APP_ID).partitionsToOffsetAndMetadata().get();
        boolean atEnd =
            ends.entrySet().stream()
                .allMatch(
                    e ->
                        committed.containsKey(e.getKey())
                            && committed.get(e.getKey()).offset() >= e.getValue());
        if (atEnd) {
          return;
        }
        Thread.sleep(100);
      }
      throw new AssertionError("the gateway did not commit its input offsets within 60 s");
    }
  }
}

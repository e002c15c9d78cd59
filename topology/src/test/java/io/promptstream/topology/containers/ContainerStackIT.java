package io.promptstream.topology.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptstream.events.OptimizedPrompt;
import io.promptstream.events.PromptRequest;
import io.promptstream.events.PromptStatus;
import io.promptstream.schemas.topic.GatewayTopics;
import io.promptstream.topology.app.GatewayApplication;
import io.promptstream.topology.config.GatewayConfig;
import io.promptstream.topology.testutil.Records;
import io.promptstream.topology.testutil.TestWorkDirs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same stack as docker-compose.yml, in containers: Kafka (KRaft) and an Apicurio registry, with
 * the gateway in-process. Runs where a Docker engine is reachable; skipped (reported as disabled:
 * "Docker is not available") everywhere else. The embedded-stack tests cover the same behaviour
 * without Docker.
 */
@Tag("integration")
@Testcontainers(disabledWithoutDocker = true)
class ContainerStackIT {

  @Container private static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

  @Container
  private static final GenericContainer<?> REGISTRY =
      new GenericContainer<>("apicurio/apicurio-registry:3.0.9")
          .withExposedPorts(8080)
          .waitingFor(Wait.forHttp("/apis/ccompat/v7/subjects").forStatusCode(200));

  @Test
  void shouldPassPromptsThroughAgainstContainerisedKafkaAndRegistry() throws Exception {
    String registryUrl =
        "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8080) + "/apis/ccompat/v7";
    GatewayConfig config =
        new GatewayConfig(
            Map.of(
                GatewayConfig.BOOTSTRAP_SERVERS_CONFIG,
                KAFKA.getBootstrapServers(),
                GatewayConfig.SCHEMA_REGISTRY_URL_CONFIG,
                registryUrl,
                GatewayConfig.APPLICATION_ID_CONFIG,
                "containers-it",
                GatewayConfig.STATE_DIR_CONFIG,
                TestWorkDirs.create("containers").toString()));
    try (GatewayApplication gateway = GatewayApplication.start(config)) {
      assertThat(gateway.awaitRunning(Duration.ofSeconds(90))).isTrue();
      GatewayTopics topics = gateway.topics();
      try (KafkaProducer<String, PromptRequest> producer =
          new KafkaProducer<>(
              Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers()),
              new StringSerializer(),
              topics.promptsRaw().valueSerde().serializer())) {
        for (int i = 0; i < 100; i++) {
          PromptRequest prompt =
              PromptRequest.newBuilder()
                  .setRequestId("req-" + i)
                  .setConversationId("conv-" + (i % 7))
                  .setUserId("user-" + i)
                  .setTargetLlm("llama-3-8b")
                  .setText("Prompt " + i)
                  .setCreatedAt(Instant.now())
                  .build();
          producer.send(
              new ProducerRecord<>(topics.promptsRaw().name(), prompt.getConversationId(), prompt));
        }
      }
      List<OptimizedPrompt> outputs =
          Records.readCommitted(
              KAFKA.getBootstrapServers(),
              topics.promptsOptimized().name(),
              topics.promptsOptimized().valueSerde().deserializer(),
              read -> read.size() >= 100,
              Duration.ofSeconds(120),
              Duration.ofSeconds(1));
      assertThat(outputs).hasSize(100).allMatch(o -> o.getStatus() == PromptStatus.PASSTHROUGH);
    }
  }
}

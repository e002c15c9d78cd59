package io.promptstream.topology.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptstream.events.DeadLetter;
import io.promptstream.events.DeadLetterReason;
import io.promptstream.events.OptimizedPrompt;
import io.promptstream.events.PromptRequest;
import io.promptstream.events.PromptStatus;
import io.promptstream.schemas.topic.GatewayTopics;
import io.promptstream.topology.config.GatewayConfig;
import io.promptstream.topology.embedded.EmbeddedStack;
import io.promptstream.topology.testutil.Records;
import io.promptstream.topology.testutil.TestConfigs;
import io.promptstream.topology.testutil.TestWorkDirs;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The pass-through gateway against a real broker and registry.
 *
 * <p>End state: 10,000 valid prompts give exactly 10,000 PASSTHROUGH outputs, one per request id;
 * each bad input gives exactly one dead letter with its reason and original bytes; the gateway is
 * still RUNNING.
 */
@Tag("integration")
class GatewayPipelineIT {

  private static final int VALID_PROMPTS = 10_000;
  private static final int EACH_KIND_OF_BAD_INPUT = 5;
  private static final int MAX_CHARS = 500;
  private static final int BAD_ROUND_EVERY = 2_000;
  private static final int BAD_ROUNDS = VALID_PROMPTS / BAD_ROUND_EVERY;
  private static final int BAD_KINDS = 5;

  private static EmbeddedStack stack;
  private static GatewayApplication gateway;

  @BeforeAll
  static void startStackAndGateway() throws Exception {
    Path workDir = TestWorkDirs.create("pipeline");
    stack = EmbeddedStack.start(workDir);
    Map<String, Object> props = TestConfigs.gateway(stack, workDir, "pipeline-it");
    props.put(GatewayConfig.PROMPT_MAX_CHARS_CONFIG, MAX_CHARS);
    props.put(GatewayConfig.METRICS_PORT_CONFIG, 0);
    props.put("num.stream.threads", 2);
    gateway = GatewayApplication.start(new GatewayConfig(props));
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
  void shouldEmitExactlyOneOutputPerPromptAndDeadLetterEachBadInput() {
    GatewayTopics topics = gateway.topics();
    Serializer<PromptRequest> serializer = topics.promptsRaw().valueSerde().serializer();
    String raw = topics.promptsRaw().name();

    try (KafkaProducer<String, byte[]> producer = bytesProducer()) {
      for (int i = 0; i < VALID_PROMPTS; i++) {
        PromptRequest prompt = prompt("req-" + i, "llama-3-8b", "Explain topic number " + i);
        send(producer, raw, prompt.getConversationId(), serializer.serialize(raw, prompt));
        if (i % BAD_ROUND_EVERY == 0) {
          sendBadInputs(producer, raw, serializer);
        }
      }
      producer.flush();
    }

    List<OptimizedPrompt> outputs =
        Records.readCommitted(
            stack.bootstrapServers(),
            topics.promptsOptimized().name(),
            topics.promptsOptimized().valueSerde().deserializer(),
            read -> read.size() >= VALID_PROMPTS,
            Duration.ofSeconds(180),
            Duration.ofSeconds(2));
    List<DeadLetter> deadLetters =
        Records.readCommitted(
            stack.bootstrapServers(),
            topics.promptsDlq().name(),
            topics.promptsDlq().valueSerde().deserializer(),
            read -> read.size() >= BAD_ROUNDS * BAD_KINDS * EACH_KIND_OF_BAD_INPUT,
            Duration.ofSeconds(60),
            Duration.ofSeconds(1));

    assertThat(outputs).hasSize(VALID_PROMPTS);
    assertThat(outputs.stream().map(OptimizedPrompt::getRequestId).distinct())
        .hasSize(VALID_PROMPTS);
    assertThat(outputs)
        .allSatisfy(
            o -> {
              assertThat(o.getStatus()).isEqualTo(PromptStatus.PASSTHROUGH);
              assertThat(o.getSentText()).isEqualTo(o.getOriginalText());
            });

    // BAD_ROUNDS rounds of bad inputs, each with EACH_KIND_OF_BAD_INPUT of each of BAD_KINDS kinds.
    Map<DeadLetterReason, Long> byReason =
        deadLetters.stream()
            .collect(Collectors.groupingBy(DeadLetter::getErrorCode, Collectors.counting()));
    long perReason = (long) BAD_ROUNDS * EACH_KIND_OF_BAD_INPUT;
    assertThat(byReason)
        .containsOnly(
            Map.entry(DeadLetterReason.UNDECODABLE, perReason),
            Map.entry(DeadLetterReason.UNKNOWN_SCHEMA, perReason),
            Map.entry(DeadLetterReason.EMPTY_TEXT, perReason),
            Map.entry(DeadLetterReason.OVERSIZED_TEXT, perReason),
            Map.entry(DeadLetterReason.MISSING_TARGET_LLM, perReason));
    assertThat(deadLetters)
        .filteredOn(d -> d.getErrorCode() == DeadLetterReason.UNDECODABLE)
        .allSatisfy(d -> assertThat(bytes(d.getValue())).isEqualTo(GARBAGE));
    assertThat(deadLetters)
        .allSatisfy(
            d -> {
              assertThat(d.getSourceTopic()).isEqualTo(raw);
              assertThat(d.getReason()).isNotBlank();
              assertThat(d.getApplication()).isEqualTo("pipeline-it");
            });

    assertThat(gateway.state()).isEqualTo(KafkaStreams.State.RUNNING);
  }

  private static final byte[] GARBAGE = "not avro at all".getBytes(StandardCharsets.UTF_8);

  private static void sendBadInputs(
      KafkaProducer<String, byte[]> producer, String raw, Serializer<PromptRequest> serializer) {
    for (int i = 0; i < EACH_KIND_OF_BAD_INPUT; i++) {
      send(producer, raw, "bad", GARBAGE);
      send(
          producer,
          raw,
          "bad",
          withSchemaId(serializer.serialize(raw, prompt("u", "t", "x")), 0x7ffffff0));
      send(producer, raw, "bad", serializer.serialize(raw, prompt("e", "gemma-7b", "")));
      send(
          producer,
          raw,
          "bad",
          serializer.serialize(raw, prompt("o", "gemma-7b", "y".repeat(MAX_CHARS + 1))));
      send(producer, raw, "bad", serializer.serialize(raw, prompt("m", null, "no target")));
    }
  }

  /** The same Avro body framed with a schema id the registry never issued. */
  private static byte[] withSchemaId(byte[] framed, int schemaId) {
    byte[] copy = framed.clone();
    ByteBuffer.wrap(copy, 1, 4).putInt(schemaId);
    return copy;
  }

  private static PromptRequest prompt(String id, String target, String text) {
    return PromptRequest.newBuilder()
        .setRequestId(id)
        .setConversationId("conv-" + Math.floorMod(id.hashCode(), 97))
        .setUserId("user-" + Math.floorMod(id.hashCode(), 31))
        .setTargetLlm(target)
        .setText(text)
        .setCreatedAt(Instant.now())
        .build();
  }

  private static void send(
      KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value) {
    producer.send(new ProducerRecord<>(topic, key, value));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }

  private static KafkaProducer<String, byte[]> bytesProducer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            stack.bootstrapServers(),
            ProducerConfig.LINGER_MS_CONFIG,
            5,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true),
        new StringSerializer(),
        new ByteArraySerializer());
  }
}

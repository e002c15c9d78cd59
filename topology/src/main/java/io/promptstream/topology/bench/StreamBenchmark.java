package io.promptstream.topology.bench;

import io.promptstream.events.PromptRequest;
import io.promptstream.schemas.registry.HttpSchemaRegistryClient;
import io.promptstream.schemas.serde.AvroSerde;
import io.promptstream.topology.embedded.EmbeddedStack;
import io.promptstream.topology.inference.EchoRewriteEngine;
import io.promptstream.topology.inference.RewriteEngine;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The stream benchmark: side by side in one run, against one in-process broker, (1) a plain Kafka
 * Streams pass-through, (2) the gateway with a zero-cost model, and optionally (3) the gateway with
 * a real model. For each: the maximum throughput, then p50/p99 end-to-end latency (produce to
 * read_committed consume) at 25, 50 and 90% of that maximum; finally the ratio (2)/(1).
 */
public final class StreamBenchmark {

  /**
   * @param records prompts sent to measure the maximum throughput
   * @param rateDuration how long each fixed-rate run sends
   * @param model the real model for row (3), or null to skip it
   */
  public record Options(
      Path workDir, int records, Duration rateDuration, int partitions, RewriteEngine model) {}

  private record Row(String name, double maxPerSecond, List<double[]> latencies) {}

  private static final double[] RATE_FRACTIONS = {0.25, 0.5, 0.9};

  private StreamBenchmark() {}

  public static void run(Options options, PrintStream out) throws Exception {
    // A fresh directory per run: state left by an earlier run's broker would not match this one.
    Path workDir = Files.createTempDirectory(Files.createDirectories(options.workDir()), "run-");
    out.println("Starting embedded Kafka and schema registry...");
    try (EmbeddedStack stack = EmbeddedStack.start(workDir)) {
      Serializer<PromptRequest> prompts =
          AvroSerde.of(
                  PromptRequest.class,
                  HttpSchemaRegistryClient.create(URI.create(stack.schemaRegistryUrl())))
              .serializer();
      List<Row> rows = new ArrayList<>();
      rows.add(
          measure(
              () -> {
                try {
                  return new PlainPassThrough(
                      stack.bootstrapServers(), workDir.resolve("plain"), options.partitions());
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              },
              stack,
              prompts,
              options,
              out));
      rows.add(
          measure(
              () ->
                  gateway(
                      "gateway, zero-cost model",
                      "bench-echo.",
                      stack,
                      workDir,
                      options,
                      new EchoRewriteEngine()),
              stack,
              prompts,
              options,
              out));
      if (options.model() != null) {
        rows.add(
            measure(
                () ->
                    gateway(
                        "gateway, default prompter",
                        "bench-model.",
                        stack,
                        workDir,
                        options,
                        options.model()),
                stack,
                prompts,
                options,
                out));
      }
      print(rows, out);
    }
  }

  private static BenchTarget gateway(
      String name,
      String prefix,
      EmbeddedStack stack,
      Path workDir,
      Options options,
      RewriteEngine engine) {
    try {
      return new GatewayTarget(
          name,
          prefix,
          stack.bootstrapServers(),
          stack.schemaRegistryUrl(),
          workDir.resolve(prefix),
          options.partitions(),
          engine);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Row measure(
      Supplier<BenchTarget> start,
      EmbeddedStack stack,
      Serializer<PromptRequest> prompts,
      Options options,
      PrintStream out)
      throws Exception {
    try (BenchTarget target = start.get()) {
      out.printf("%n[%s]%n", target.name());
      // Warm up the JIT and the topics, then measure the maximum.
      send(target, stack, prompts, Math.min(2_000, options.records()), 0, "warmup");
      Run max = send(target, stack, prompts, options.records(), 0, "max");
      out.printf("  max throughput   %,.0f prompts/s%n", max.perSecond);
      List<double[]> latencies = new ArrayList<>();
      for (double fraction : RATE_FRACTIONS) {
        double rate = max.perSecond * fraction;
        int count = (int) Math.max(1, rate * options.rateDuration().toMillis() / 1000.0);
        Run run = send(target, stack, prompts, count, rate, "rate" + (int) (fraction * 100));
        latencies.add(new double[] {rate, run.latency.quantile(0.5), run.latency.quantile(0.99)});
        out.printf(
            "  at %3.0f%% (%,.0f/s)  p50 %5.0f ms  p99 %5.0f ms%n",
            fraction * 100, rate, run.latency.quantile(0.5), run.latency.quantile(0.99));
      }
      return new Row(target.name(), max.perSecond, latencies);
    }
  }

  private record Run(double perSecond, LatencyRecorder latency) {}

  /** Sends {@code count} prompts at {@code rate} per second (0: as fast as possible). */
  private static Run send(
      BenchTarget target,
      EmbeddedStack stack,
      Serializer<PromptRequest> prompts,
      int count,
      double rate,
      String phase)
      throws Exception {
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    LatencyRecorder latency = new LatencyRecorder();
    try (KafkaConsumer<String, byte[]> consumer = outputConsumer(stack, target);
        KafkaProducer<String, byte[]> producer = producer(stack)) {
      long begin = System.nanoTime();
      Thread sender =
          new Thread(
              () -> {
                long intervalNanos = rate > 0 ? (long) (1e9 / rate) : 0;
                for (int i = 0; i < count; i++) {
                  if (intervalNanos > 0) {
                    long due = begin + i * intervalNanos;
                    while (System.nanoTime() < due) {
                      Thread.onSpinWait();
                    }
                  }
                  String id = phase + "-" + i;
                  byte[] value = prompts.serialize(target.inputTopic(), prompt(id));
                  sentAt.put(id, System.nanoTime());
                  producer.send(new ProducerRecord<>(target.inputTopic(), id, value));
                }
                producer.flush();
              },
              "bench-sender");
      sender.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
      long last = begin;
      while (latency.count() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
          Long sent = sentAt.remove(r.key());
          if (sent != null) {
            last = System.nanoTime();
            latency.record((last - sent) / 1_000_000);
          }
        }
      }
      sender.join();
      if (latency.count() < count) {
        throw new IllegalStateException(
            target.name() + ": only " + latency.count() + " of " + count + " outputs arrived");
      }
      return new Run(count / ((last - begin) / 1e9), latency);
    }
  }

  private static PromptRequest prompt(String id) {
    return PromptRequest.newBuilder()
        .setRequestId(id)
        .setConversationId(id)
        .setUserId("user-" + id.hashCode() % 1000)
        .setTargetLlm("llama-3-8b")
        .setText("Write a short essay on the history of the printing press in Europe.")
        .setCreatedAt(Instant.now())
        .build();
  }

  private static KafkaProducer<String, byte[]> producer(EmbeddedStack stack) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            stack.bootstrapServers(),
            ProducerConfig.LINGER_MS_CONFIG,
            2),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private static KafkaConsumer<String, byte[]> outputConsumer(
      EmbeddedStack stack, BenchTarget target) {
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(target.outputTopic()).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }

  private static void print(List<Row> rows, PrintStream out) {
    out.println();
    out.println("== stream benchmark (in-process broker, exactly-once v2) ==");
    out.printf(
        "%-36s %12s %22s %22s %22s%n",
        "system", "max/s", "p50/p99 @25%", "p50/p99 @50%", "p50/p99 @90%");
    for (Row row : rows) {
      StringBuilder line =
          new StringBuilder(String.format("%-36s %12.0f", row.name(), row.maxPerSecond()));
      for (double[] l : row.latencies()) {
        line.append(String.format(" %22s", String.format("%.0f/%.0f ms", l[1], l[2])));
      }
      out.println(line);
    }
    double ratio = rows.get(1).maxPerSecond() / rows.get(0).maxPerSecond();
    out.printf(
        "%nratio gateway(zero-cost model) / plain pass-through: %.2f (goal >= 0.80)%n", ratio);
    if (rows.size() > 2) {
      out.printf(
          "ratio gateway(default prompter) / plain pass-through: %.3f%n",
          rows.get(2).maxPerSecond() / rows.get(0).maxPerSecond());
    }
  }
}

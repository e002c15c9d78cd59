package io.promptstream.topology.demo;

import io.promptstream.adapters.store.FileSystemAdapterStore;
import io.promptstream.events.DeadLetter;
import io.promptstream.events.OptimizedPrompt;
import io.promptstream.events.PromptRequest;
import io.promptstream.runtime.adapter.HeadId;
import io.promptstream.schemas.topic.GatewayTopics;
import io.promptstream.topology.app.GatewayApplication;
import io.promptstream.topology.config.GatewayConfig;
import io.promptstream.topology.embedded.EmbeddedStack;
import io.promptstream.topology.heads.HeadSeeder;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The self-contained demo: an embedded broker and registry, one gateway instance, a producer of
 * dataset prompts and a consumer printing what comes out, until the requested number of prompts is
 * accounted for or a stop is requested.
 */
public final class DemoRunner {

  /**
   * What the demo should do. {@code requests <= 0} runs until {@link #requestStop()}.
   *
   * @param modelDir the prompter to rewrite with, or null to pass prompts through
   * @param headsDir trained heads to publish into the demo's adapter store (with a model)
   */
  public record Options(
      Path workDir,
      long requests,
      double ratePerSecond,
      int badEvery,
      DemoDataset dataset,
      Path modelDir,
      Path headsDir) {}

  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

  private final Options options;
  private final PrintStream out;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final DemoSummary summary = new DemoSummary();
  private final OutputPrinter printer;

  public DemoRunner(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
    this.printer = new OutputPrinter(out);
  }

  /** Asks a running demo to stop producing, drain, and shut down cleanly. */
  public void requestStop() {
    stop.set(true);
  }

  /**
   * Runs the demo.
   *
   * @return true when every produced prompt came back as exactly one output or dead letter
   */
  public boolean run() throws Exception {
    long begin = System.currentTimeMillis();
    Path workDir = Files.createDirectories(options.workDir());
    out.println("Starting embedded Kafka and schema registry under " + workDir + " ...");
    if (options.modelDir() != null) {
      Path adapters = workDir.resolve("adapters");
      List<HeadId> seeded =
          HeadSeeder.seed(
              FileSystemAdapterStore.builder().setRoot(adapters).build(),
              options.headsDir(),
              options.modelDir());
      out.println(
          "Prompter "
              + options.modelDir()
              + "; heads "
              + (seeded.isEmpty() ? "already active" : seeded));
    } else {
      out.println("No prompter given: prompts pass through unchanged (status PASSTHROUGH).");
    }
    try (EmbeddedStack stack = EmbeddedStack.start(workDir);
        GatewayApplication gateway = GatewayApplication.start(gatewayConfig(stack, workDir))) {
      if (!gateway.awaitRunning(Duration.ofSeconds(60))) {
        throw new IllegalStateException("Gateway did not reach RUNNING: " + gateway.state());
      }
      out.printf(
          "Gateway RUNNING (Kafka %s, registry %s). Sending prompts...%n%n",
          stack.bootstrapServers(), stack.schemaRegistryUrl());
      try (OutputWatcher watcher = new OutputWatcher(stack, gateway.topics())) {
        produce(stack, gateway.topics(), watcher);
        drain(watcher);
      }
    }
    summary.print(out, System.currentTimeMillis() - begin);
    return summary.accountedFor() == summary.produced();
  }

  private GatewayConfig gatewayConfig(EmbeddedStack stack, Path workDir) {
    Map<String, Object> props = new HashMap<>();
    props.put(GatewayConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(GatewayConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.schemaRegistryUrl());
    props.put(GatewayConfig.APPLICATION_ID_CONFIG, "promptstream-demo");
    props.put(GatewayConfig.STATE_DIR_CONFIG, workDir.resolve("streams-state").toString());
    if (options.modelDir() != null) {
      props.put(GatewayConfig.MODEL_DIR_CONFIG, options.modelDir().toString());
      props.put(GatewayConfig.ADAPTERS_DIR_CONFIG, workDir.resolve("adapters").toString());
      // Half the users see their prompt rewritten, half are the control arm.
      props.put(GatewayConfig.AB_EXPERIMENT_CONFIG, "demo-rewrite-vs-original");
      props.put(GatewayConfig.AB_TREATMENT_SHARE_CONFIG, 0.5);
      // CPU inference on a small machine: a longer budget, and a transaction timeout far above it.
      props.put(GatewayConfig.INFERENCE_BUDGET_MS_CONFIG, 8_000);
      props.put("producer.transaction.timeout.ms", 60_000);
      props.put(GatewayConfig.BATCH_MAX_SIZE_CONFIG, 16);
      props.put(GatewayConfig.BATCH_MAX_WAIT_MS_CONFIG, 200);
    }
    props.put(GatewayConfig.METRICS_PORT_CONFIG, 0);
    return new GatewayConfig(props);
  }

  private void produce(EmbeddedStack stack, GatewayTopics topics, OutputWatcher watcher) {
    DemoTraffic traffic = new DemoTraffic(options.dataset(), 42L, options.badEvery());
    Map<String, Object> props =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            stack.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true);
    long intervalNanos =
        options.ratePerSecond() > 0 ? (long) (1_000_000_000L / options.ratePerSecond()) : 0;
    long next = System.nanoTime();
    try (KafkaProducer<String, PromptRequest> producer =
        new KafkaProducer<>(
            props, new StringSerializer(), topics.promptsRaw().valueSerde().serializer())) {
      for (long n = 0; !stop.get() && (options.requests() <= 0 || n < options.requests()); n++) {
        PromptRequest prompt = traffic.next(n);
        producer.send(
            new ProducerRecord<>(topics.promptsRaw().name(), prompt.getConversationId(), prompt));
        summary.recordProduced();
        watcher.pollOnce();
        next += intervalNanos;
        while (System.nanoTime() < next && !stop.get()) {
          watcher.pollOnce();
        }
      }
      producer.flush();
    }
  }

  private void drain(OutputWatcher watcher) {
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    while (summary.accountedFor() < summary.produced() && System.nanoTime() < deadline) {
      watcher.pollOnce();
    }
  }

  /** Reads outputs and dead letters as the gateway commits them, and prints them. */
  private final class OutputWatcher implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final GatewayTopics topics;
    private final Deserializer<OptimizedPrompt> outputs;
    private final Deserializer<DeadLetter> deadLetters;

    OutputWatcher(EmbeddedStack stack, GatewayTopics topics) {
      this.topics = topics;
      this.outputs = topics.promptsOptimized().valueSerde().deserializer();
      this.deadLetters = topics.promptsDlq().valueSerde().deserializer();
      this.consumer =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                  ConsumerConfig.GROUP_ID_CONFIG, "promptstream-demo-watcher",
                  ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                  ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
              new StringDeserializer(),
              new ByteArrayDeserializer());
      consumer.subscribe(List.of(topics.promptsOptimized().name(), topics.promptsDlq().name()));
    }

    void pollOnce() {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
        if (record.topic().equals(topics.promptsOptimized().name())) {
          OptimizedPrompt prompt = outputs.deserialize(record.topic(), record.value());
          summary.recordOutput(prompt);
          printer.output(prompt);
        } else {
          DeadLetter deadLetter = deadLetters.deserialize(record.topic(), record.value());
          summary.recordDeadLetter(deadLetter);
          printer.deadLetter(deadLetter);
        }
      }
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}

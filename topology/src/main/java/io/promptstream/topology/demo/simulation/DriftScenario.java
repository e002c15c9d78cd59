package io.promptstream.topology.demo.simulation;

import io.promptstream.adapters.store.FileSystemAdapterStore;
import io.promptstream.events.AdapterRelease;
import io.promptstream.events.CanaryVerdict;
import io.promptstream.events.HeadRole;
import io.promptstream.events.Judgment;
import io.promptstream.events.OptimizedPrompt;
import io.promptstream.events.PromptRequest;
import io.promptstream.events.PromptStatus;
import io.promptstream.events.ReleaseStage;
import io.promptstream.events.RetrainRequest;
import io.promptstream.runtime.training.data.RewriteStyle;
import io.promptstream.schemas.topic.GatewayTopics;
import io.promptstream.topology.app.GatewayApplication;
import io.promptstream.topology.config.GatewayConfig;
import io.promptstream.topology.demo.DemoDataset;
import io.promptstream.topology.embedded.EmbeddedStack;
import io.promptstream.topology.heads.HeadSeeder;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.io.file.PathUtils;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * SIMULATION: the closed loop, end to end, in one process. Dataset prompts stream through a real
 * gateway (embedded broker and registry, the prompter and its heads, the embedded retrainer);
 * {@link SimulatedJudge}s with distinct tastes stand in for the target LLMs and their judges and
 * judge every rewrite. Midway the drifting target's judges come to prefer another rewrite style.
 * What follows is the product's, not the simulation's: the win rate falls, the gateway detects the
 * drift and asks for a retrain, the retrainer trains and publishes a candidate head, the gateway
 * runs it as a canary, decides, and the store promotes (or withdraws) it.
 *
 * <p>With {@code revertTasteAtCanary}, the judges' taste moves back when the canary starts, so the
 * candidate is worse than the active head: the canary is rolled back.
 */
public final class DriftScenario {

  /**
   * What to simulate.
   *
   * @param targets the target LLMs prompts are headed to (each needs a head and a taste)
   * @param driftingTarget the target whose judges' taste shifts
   * @param newTaste the style they come to prefer
   * @param shiftAfterJudgments judgments of the drifting target's active head before the shift
   * @param ratePerSecond prompts sent per second
   * @param timeout when to give up
   * @param gateway extra gateway settings (drift, canary, exploration), over the scenario's own
   * @param preferredWinRate how often a rewrite in the judges' preferred style wins
   * @param otherWinRate how often any other rewrite wins
   */
  public record Options(
      Path workDir,
      Path modelDir,
      Path headsDir,
      List<String> targets,
      String driftingTarget,
      RewriteStyle newTaste,
      int shiftAfterJudgments,
      boolean revertTasteAtCanary,
      double ratePerSecond,
      Duration timeout,
      int recoveryJudgments,
      Map<String, Object> gateway,
      double preferredWinRate,
      double otherWinRate,
      long seed) {}

  /**
   * The demo's settings: three targets at 20 prompts/s, gemma-7b's judges move from structured to
   * concise rewrites after 60 judgments; drift, canary and exploration settings sized so the loop
   * closes in a few minutes on a small machine.
   */
  public static Options demoOptions(Path workDir, Path modelDir, Path headsDir, boolean rollback) {
    return new Options(
        workDir,
        modelDir,
        headsDir,
        List.of("gemma-7b", "llama-3-8b", "mixtral-8x7b"),
        "gemma-7b",
        RewriteStyle.CONCISE,
        60,
        rollback,
        20,
        Duration.ofMinutes(8),
        60,
        Map.of(
            GatewayConfig.DRIFT_WARMUP_CONFIG,
            40,
            GatewayConfig.DRIFT_SLACK_CONFIG,
            0.15,
            GatewayConfig.DRIFT_THRESHOLD_CONFIG,
            8.0,
            GatewayConfig.DRIFT_EPISODE_TIMEOUT_CONFIG,
            45_000L,
            GatewayConfig.CANARY_JUDGMENTS_CONFIG,
            60,
            GatewayConfig.CANARY_DEFAULT_SHARE_CONFIG,
            0.3,
            GatewayConfig.EXPLORATION_SHARE_CONFIG,
            0.5,
            GatewayConfig.RETRAIN_MIN_WINNERS_CONFIG,
            5),
        SimulatedJudge.DEFAULT_PREFERRED_WIN_RATE,
        SimulatedJudge.DEFAULT_OTHER_WIN_RATE,
        7);
  }

  /** One step of the loop as it was observed. */
  public record Step(Instant at, String what) {}

  /**
   * How the run went.
   *
   * @param baselineWinRate the drifting target's win rate before the shift
   * @param driftedWinRate its win rate between the shift and the retrain request
   * @param recoveredWinRate its win rate on the promoted head, or NaN
   * @param closed whether the loop closed as expected before the timeout
   */
  public record Result(
      List<Step> steps,
      Optional<RetrainRequest> retrain,
      Optional<AdapterRelease> canary,
      Optional<CanaryVerdict> verdict,
      Optional<AdapterRelease> settled,
      double baselineWinRate,
      double driftedWinRate,
      double recoveredWinRate,
      long judgments,
      boolean closed) {}

  private static final int ROLLING = 40;

  private final Options options;
  private final PrintStream out;
  private final List<Step> steps = new ArrayList<>();
  private final Deque<Double> rolling = new ArrayDeque<>();
  private final Map<String, Long> served = new TreeMap<>();
  private final double[] baseline = new double[2];
  private final double[] drifted = new double[2];
  private final double[] recovered = new double[2];
  private RetrainRequest retrain;
  private AdapterRelease canary;
  private CanaryVerdict verdict;
  private AdapterRelease settled;
  private boolean shifted;
  private boolean reverted;
  private long activeJudgments;
  private long judgments;
  private RewriteStyle originalTaste;

  public DriftScenario(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public Result run() throws Exception {
    // A run starts from scratch: a candidate left by an earlier run would be taken as already
    // published, and stale stream state does not match the new broker.
    if (Files.exists(options.workDir())) {
      PathUtils.deleteDirectory(options.workDir());
    }
    Path workDir = Files.createDirectories(options.workDir());
    Path adapters = workDir.resolve("adapters");
    HeadSeeder.seed(
        FileSystemAdapterStore.builder().setRoot(adapters).build(),
        options.headsDir(),
        options.modelDir());
    SimulatedJudge judge =
        SimulatedJudge.builder()
            .setBundledDataset()
            .setTastes(SimulatedJudge.defaultTastes())
            .optPreferredWinRate(options.preferredWinRate())
            .optOtherWinRate(options.otherWinRate())
            .optSeed(options.seed())
            .build();
    originalTaste = judge.preferredStyle(options.driftingTarget()).orElseThrow();
    DemoDataset dataset = DemoDataset.bundled();
    say(
        "=== SIMULATION: simulated target LLMs and judges stand in for the real ones; the gateway,"
            + " its drift detector, the retrainer, the canary and the adapter store are the"
            + " product ===");
    say(
        "[simulation] judges' tastes: "
            + judge.tastes()
            + String.format(
                Locale.ROOT,
                "; the rewrite in the preferred style wins %.0f%% of judgments, any other %.0f%%",
                100 * options.preferredWinRate(),
                100 * options.otherWinRate()));
    try (EmbeddedStack stack = EmbeddedStack.start(workDir);
        GatewayApplication gateway = GatewayApplication.start(config(stack, workDir, adapters))) {
      if (!gateway.awaitRunning(Duration.ofSeconds(60))) {
        throw new IllegalStateException("Gateway did not reach RUNNING: " + gateway.state());
      }
      GatewayTopics topics = gateway.topics();
      say("Gateway RUNNING with the prompter and its heads; the retrainer runs in-process");
      try (KafkaProducer<String, byte[]> producer = producer(stack);
          KafkaConsumer<String, byte[]> consumer = consumer(stack, topics)) {
        Instant started = Instant.now();
        long intervalNanos = (long) (1_000_000_000L / options.ratePerSecond());
        long next = System.nanoTime();
        long deadline = System.nanoTime() + options.timeout().toNanos();
        long n = 0;
        while (!done() && System.nanoTime() < deadline) {
          if (System.nanoTime() >= next) {
            send(producer, topics, prompt(dataset, n++));
            next += intervalNanos;
          }
          for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(10))) {
            handle(r, topics, judge, producer);
          }
        }
        if (!done()) {
          say("Timed out after " + options.timeout().toSeconds() + " s");
        }
        summarize(started);
      }
    }
    return new Result(
        List.copyOf(steps),
        Optional.ofNullable(retrain),
        Optional.ofNullable(canary),
        Optional.ofNullable(verdict),
        Optional.ofNullable(settled),
        rate(baseline),
        rate(drifted),
        rate(recovered),
        judgments,
        done());
  }

  /**
   * Whether the loop closed as the scenario expects: a promoted head with enough judgments to show
   * its win rate, or with {@code revertTasteAtCanary} a rolled-back candidate. In the drift
   * scenario a rolled-back candidate is not the end: drift watching reopens and the gateway asks
   * again.
   */
  private boolean done() {
    if (settled == null) {
      return false;
    }
    if (options.revertTasteAtCanary()) {
      return settled.getStage() == ReleaseStage.ROLLED_BACK;
    }
    return settled.getStage() == ReleaseStage.ACTIVE && recovered[0] >= options.recoveryJudgments();
  }

  private PromptRequest prompt(DemoDataset dataset, long n) {
    String target = options.targets().get((int) (n % options.targets().size()));
    return PromptRequest.newBuilder()
        .setRequestId("sim-" + n)
        .setConversationId("conv-" + (n % 64))
        .setUserId("user-" + (n % 97))
        .setTargetLlm(target)
        .setText(dataset.prompt(n / options.targets().size()))
        .setCreatedAt(Instant.now())
        .setAttributes(Map.of("source", "drift-simulation"))
        .build();
  }

  private void handle(
      ConsumerRecord<String, byte[]> r,
      GatewayTopics topics,
      SimulatedJudge judge,
      KafkaProducer<String, byte[]> producer) {
    String topic = r.topic();
    if (topic.equals(topics.promptsOptimized().name())) {
      OptimizedPrompt output =
          topics.promptsOptimized().valueSerde().deserializer().deserialize(topic, r.value());
      if (output.getTargetLlm().equals(options.driftingTarget())) {
        served.merge(
            output.getStatus() == PromptStatus.REWRITTEN
                ? "rewritten by " + output.getHeadRole() + " head"
                : output.getStatus().toString(),
            1L,
            Long::sum);
      }
      if (output.getStatus() != PromptStatus.REWRITTEN) {
        return;
      }
      Optional<Judgment> judgment = judge.judge(output);
      if (judgment.isEmpty()) {
        return;
      }
      byte[] bytes =
          topics
              .judgments()
              .valueSerde()
              .serializer()
              .serialize(topics.judgments().name(), judgment.get());
      producer.send(new ProducerRecord<>(topics.judgments().name(), output.getRequestId(), bytes));
      judgments++;
      observe(output, judgment.get(), judge);
    } else if (topic.equals(topics.retrainRequests().name())) {
      retrain = topics.retrainRequests().valueSerde().deserializer().deserialize(topic, r.value());
      say(
          String.format(
              Locale.ROOT,
              "DRIFT DETECTED on %s head %s: win rate %.2f at promotion, %.2f over the last %d"
                  + " judgments (%s) -> retrain request %s with %d judged examples",
              retrain.getTargetLlm(),
              retrain.getActiveVersion(),
              retrain.getEvidence().getBaselineWinRate(),
              retrain.getEvidence().getObservedWinRate(),
              retrain.getEvidence().getObservations(),
              retrain.getDetector(),
              retrain.getIdempotencyKey(),
              retrain.getExamples().size()));
      say("Retraining " + retrain.getTargetLlm() + "'s head (stage 2) in the retrainer...");
    } else if (topic.equals(topics.adapterReleases().name())) {
      AdapterRelease release =
          topics.adapterReleases().valueSerde().deserializer().deserialize(topic, r.value());
      if (!release.getTargetLlm().equals(options.driftingTarget()) || retrain == null) {
        return;
      }
      say(
          String.format(
              Locale.ROOT,
              "RELEASE %s %s of %s%s",
              release.getStage(),
              release.getVersion(),
              release.getTargetLlm(),
              release.getReason() == null ? "" : " (" + release.getReason() + ")"));
      if (release.getStage() == ReleaseStage.CANARY) {
        canary = release;
        if (options.revertTasteAtCanary() && !reverted) {
          reverted = true;
          judge.shift(options.driftingTarget(), originalTaste);
          say(
              "[simulation] "
                  + options.driftingTarget()
                  + "'s judges go back to preferring "
                  + originalTaste.key()
                  + ": the candidate learned a taste that is gone");
        }
      } else if (canary != null && release.getVersion().equals(canary.getVersion())) {
        settled = release;
        rolling.clear();
      }
    } else if (topic.equals(topics.canaryVerdicts().name())) {
      verdict = topics.canaryVerdicts().valueSerde().deserializer().deserialize(topic, r.value());
      say(
          String.format(
              Locale.ROOT,
              "CANARY VERDICT %s for %s %s: %.2f over %d judgments vs active %s %.2f over %d"
                  + " (z=%.2f, p=%.4f)",
              verdict.getDecision(),
              verdict.getTargetLlm(),
              verdict.getCandidateVersion(),
              verdict.getCandidateWinRate(),
              verdict.getCandidateJudgments(),
              verdict.getActiveVersion(),
              verdict.getActiveWinRate(),
              verdict.getActiveJudgments(),
              verdict.getStatistic(),
              verdict.getPValue()));
    }
  }

  /** Tracks the drifting target's served head: the rolling win rate and the phase rates. */
  private void observe(OptimizedPrompt output, Judgment judgment, SimulatedJudge judge) {
    if (!output.getTargetLlm().equals(options.driftingTarget())
        || output.getHeadRole() != HeadRole.ACTIVE) {
      return;
    }
    double outcome = (judgment.getPreference() - 1);
    activeJudgments++;
    double[] phase;
    if (settled != null
        && settled.getStage() == ReleaseStage.ACTIVE
        && output.getHeadVersion().equals(settled.getVersion())) {
      phase = recovered;
    } else if (!shifted) {
      phase = baseline;
    } else if (retrain == null) {
      phase = drifted;
    } else {
      phase = null;
    }
    if (phase != null) {
      phase[0]++;
      phase[1] += outcome;
    }
    rolling.addLast(outcome);
    if (rolling.size() > ROLLING) {
      rolling.removeFirst();
    }
    if (activeJudgments % 20 == 0) {
      say(
          String.format(
              Locale.ROOT,
              "[simulated judges] %s head %s: win rate %.2f over its last %d judgments",
              options.driftingTarget(),
              output.getHeadVersion(),
              rolling.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
              rolling.size()));
    }
    if (!shifted && activeJudgments >= options.shiftAfterJudgments()) {
      shifted = true;
      judge.shift(options.driftingTarget(), options.newTaste());
      rolling.clear();
      say(
          "[simulation] "
              + options.driftingTarget()
              + "'s judges now prefer "
              + options.newTaste().key()
              + " rewrites (was "
              + originalTaste.key()
              + ")");
    }
  }

  private void summarize(Instant started) {
    say(
        String.format(
            Locale.ROOT,
            "=== SIMULATION SUMMARY (%d simulated judgments in %d s): %s's win rate with its"
                + " simulated judges was %.2f before their taste shifted, %.2f after it until the"
                + " retrain request, %s; canary %s ===",
            judgments,
            Duration.between(started, Instant.now()).toSeconds(),
            options.driftingTarget(),
            rate(baseline),
            rate(drifted),
            settled != null && settled.getStage() == ReleaseStage.ACTIVE
                ? String.format(
                    Locale.ROOT,
                    "%.2f on the promoted head %s",
                    rate(recovered),
                    settled.getVersion())
                : "no head was promoted",
            verdict == null ? "undecided" : verdict.getDecision().toString()));
    say("Outputs for " + options.driftingTarget() + ": " + served);
  }

  private void say(String line) {
    Step step = new Step(Instant.now(), line);
    steps.add(step);
    out.println(line);
  }

  private static double rate(double[] phase) {
    return phase[0] == 0 ? Double.NaN : phase[1] / phase[0];
  }

  private void send(KafkaProducer<String, byte[]> producer, GatewayTopics topics, PromptRequest p) {
    byte[] bytes =
        topics.promptsRaw().valueSerde().serializer().serialize(topics.promptsRaw().name(), p);
    producer.send(new ProducerRecord<>(topics.promptsRaw().name(), p.getConversationId(), bytes));
  }

  private GatewayConfig config(EmbeddedStack stack, Path workDir, Path adapters) {
    Map<String, Object> props = new HashMap<>();
    props.put(GatewayConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(GatewayConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.schemaRegistryUrl());
    props.put(GatewayConfig.APPLICATION_ID_CONFIG, "promptstream-drift-simulation");
    props.put(GatewayConfig.STATE_DIR_CONFIG, workDir.resolve("streams-state").toString());
    props.put(GatewayConfig.MODEL_DIR_CONFIG, options.modelDir().toString());
    props.put(GatewayConfig.ADAPTERS_DIR_CONFIG, adapters.toString());
    props.put(GatewayConfig.INFERENCE_BUDGET_MS_CONFIG, 8_000);
    props.put("producer.transaction.timeout.ms", 60_000);
    props.put(GatewayConfig.BATCH_MAX_SIZE_CONFIG, 16);
    props.put(GatewayConfig.BATCH_MAX_WAIT_MS_CONFIG, 200);
    props.put(GatewayConfig.METRICS_PORT_CONFIG, -1);
    props.putAll(options.gateway());
    return new GatewayConfig(props);
  }

  private static KafkaProducer<String, byte[]> producer(EmbeddedStack stack) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            stack.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            5),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private static KafkaConsumer<String, byte[]> consumer(EmbeddedStack stack, GatewayTopics topics) {
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "promptstream-drift-simulation-watcher",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    consumer.subscribe(
        List.of(
            topics.promptsOptimized().name(),
            topics.retrainRequests().name(),
            topics.adapterReleases().name(),
            topics.canaryVerdicts().name()));
    return consumer;
  }
}

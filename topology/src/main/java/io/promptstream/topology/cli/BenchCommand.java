package io.promptstream.topology.cli;

import io.promptstream.adapters.store.FileSystemAdapterStore;
import io.promptstream.runtime.bench.BenchmarkOptions;
import io.promptstream.runtime.bench.ModelBenchmark;
import io.promptstream.topology.bench.StreamBenchmark;
import io.promptstream.topology.heads.HeadSeeder;
import io.promptstream.topology.heads.ModelServing;
import io.promptstream.topology.inference.RewriteEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks, printed as tables with ratios measured side by side in one run.",
    subcommands = {BenchCommand.Stream.class, BenchCommand.Model.class})
final class BenchCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "model",
      mixinStandardHelpOptions = true,
      description = {
        "The prompter alone: this machine's fp32 matmul peak through DJL, then prompts/s and"
            + " tokens/s for batch sizes 1..64, single-head vs mixed-head batches, with the"
            + " ratios batch-32/batch-1, mixed/single and the decode loop's FLOP utilisation."
      })
  static final class Model implements Callable<Integer> {

    @Option(
        names = "--model",
        paramLabel = "DIR",
        description =
            "Prompter checkpoint directory (default: random weights of the default prompter's"
                + " shape).")
    Path model;

    @Option(
        names = "--batch-sizes",
        paramLabel = "N,N",
        split = ",",
        description = "Batch sizes to measure (default: 1,2,4,8,16,32,64).")
    java.util.List<Integer> batchSizes;

    @Option(
        names = "--new-tokens",
        paramLabel = "N",
        defaultValue = "32",
        description = "Tokens generated per prompt (default: ${DEFAULT-VALUE}).")
    int newTokens;

    @Override
    public Integer call() throws Exception {
      BenchmarkOptions.Builder options = BenchmarkOptions.builder().optNewTokens(newTokens);
      if (model != null) {
        options.optModelDir(model);
      }
      if (batchSizes != null && !batchSizes.isEmpty()) {
        options.optBatchSizes(batchSizes);
      }
      ModelBenchmark.run(options.build(), System.out);
      return 0;
    }
  }

  @Command(
      name = "stream",
      mixinStandardHelpOptions = true,
      description = {
        "Throughput and end-to-end latency, on an in-process broker, of (1) a plain Kafka Streams"
            + " pass-through, (2) the gateway with a zero-cost model; prints the ratio (2)/(1)."
      })
  static final class Stream implements Callable<Integer> {

    @Option(
        names = "--records",
        paramLabel = "N",
        defaultValue = "20000",
        description = "Prompts sent to measure maximum throughput (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(
        names = "--rate-seconds",
        paramLabel = "S",
        defaultValue = "8",
        description = "Seconds each fixed-rate latency run sends for (default: ${DEFAULT-VALUE}).")
    int rateSeconds;

    @Option(
        names = "--partitions",
        paramLabel = "N",
        defaultValue = "3",
        description = "Partitions of the benchmark topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Default: .work")
    Path workDir;

    @Option(
        names = "--model",
        paramLabel = "DIR",
        description =
            "Also measure (3) the gateway with this prompter and its heads ('default': the shipped"
                + " default prompter).")
    String model;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Path dir =
          (workDir != null ? workDir.toAbsolutePath() : WorkDirs.defaultWorkDir()).resolve("bench");
      RewriteEngine engine = null;
      if (model != null) {
        Path modelDir = DefaultPrompter.resolve(model.equals("default") ? null : model, spec);
        if (modelDir == null) {
          throw new picocli.CommandLine.ParameterException(
              spec.commandLine(), "--model: no prompter found at " + model);
        }
        Path adapters = dir.resolve("adapters");
        HeadSeeder.seed(
            FileSystemAdapterStore.builder().setRoot(adapters).build(),
            DefaultPrompter.headsOf(modelDir),
            modelDir);
        engine = ModelServing.fixedHeads(modelDir, adapters, 96);
      }
      try {
        StreamBenchmark.run(
            new StreamBenchmark.Options(
                dir, records, Duration.ofSeconds(rateSeconds), partitions, engine),
            System.out);
      } finally {
        if (engine != null) {
          engine.close();
        }
      }
      return 0;
    }
  }
}

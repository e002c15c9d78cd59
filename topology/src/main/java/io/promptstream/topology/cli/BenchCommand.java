package io.promptstream.topology.cli;

import io.promptstream.topology.bench.StreamBenchmark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks, printed as tables with ratios measured side by side in one run.",
    subcommands = {BenchCommand.Stream.class})
final class BenchCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
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

    @Override
    public Integer call() throws Exception {
      Path dir =
          (workDir != null ? workDir.toAbsolutePath() : WorkDirs.defaultWorkDir()).resolve("bench");
      StreamBenchmark.run(
          new StreamBenchmark.Options(
              dir, records, Duration.ofSeconds(rateSeconds), partitions, null),
          System.out);
      return 0;
    }
  }
}

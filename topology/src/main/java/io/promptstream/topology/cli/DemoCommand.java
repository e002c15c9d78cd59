package io.promptstream.topology.cli;

import io.promptstream.topology.demo.DemoDataset;
import io.promptstream.topology.demo.DemoRunner;
import io.promptstream.topology.demo.simulation.DriftScenario;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole gateway in one process, with no external service: an embedded Kafka broker,"
          + " a schema registry, the gateway, and a stream of prompts from the bundled dataset.",
      "Prints every output as it arrives and a summary at the end. Exits 0 when every prompt came"
          + " back as exactly one output or dead letter."
    })
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--requests",
      paramLabel = "N",
      description =
          "Prompts to send before stopping; 0 runs until Ctrl-C (default: ${DEFAULT-VALUE}).",
      defaultValue = "0")
  long requests;

  @Option(
      names = "--rate",
      paramLabel = "PER_SECOND",
      description =
          "Prompts sent per second; 0 sends as fast as possible (default: ${DEFAULT-VALUE}).",
      defaultValue = "20")
  double rate;

  @Option(
      names = "--bad-every",
      paramLabel = "N",
      description =
          "Send every N-th prompt empty, to show the dead-letter path; 0 for never (default:"
              + " ${DEFAULT-VALUE}).",
      defaultValue = "25")
  int badEvery;

  @Option(
      names = "--data",
      paramLabel = "FILE",
      description =
          "JSON-lines file with a 'prompt' field per line (default: the bundled dataset).")
  Path data;

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description =
          "Prompter checkpoint to rewrite with (default: the shipped default prompter; 'none'"
              + " passes prompts through).")
  String model;

  @Option(
      names = "--heads",
      paramLabel = "DIR",
      description =
          "Directory of trained heads, one subdirectory per target LLM (default: the default"
              + " prompter's heads).")
  Path heads;

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      description =
          "rewrite: stream prompts and print the rewrites; drift: SIMULATED judges whose taste"
              + " shifts midway, to show drift detection, retraining, the canary and its promotion;"
              + " drift-rollback: the same, but the taste moves back during the canary, so the"
              + " candidate is rolled back (default: ${DEFAULT-VALUE}).",
      defaultValue = "rewrite")
  String scenario;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Where the embedded broker and registry keep their files (default: .work).")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    if (requests < 0) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--requests must be >= 0");
    }
    if (rate < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--rate must be >= 0");
    }
    PrintStream out = System.out;
    Path dir =
        (workDir != null ? workDir.toAbsolutePath() : WorkDirs.defaultWorkDir()).resolve("demo");
    DemoDataset dataset = data == null ? DemoDataset.bundled() : DemoDataset.fromFile(data);
    Path modelDir = DefaultPrompter.resolve(model, spec);
    Path headsDir =
        modelDir == null ? null : (heads != null ? heads : DefaultPrompter.headsOf(modelDir));
    if (!scenario.equals("rewrite")) {
      if (!scenario.equals("drift") && !scenario.equals("drift-rollback")) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(),
            "--scenario must be one of rewrite, drift, drift-rollback; was " + scenario);
      }
      if (modelDir == null) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--scenario " + scenario + " needs a prompter (not --model none)");
      }
      DriftScenario.Result result =
          new DriftScenario(
                  DriftScenario.demoOptions(
                      dir.resolveSibling("drift"),
                      modelDir,
                      headsDir,
                      scenario.equals("drift-rollback")),
                  out)
              .run();
      return result.closed() ? 0 : 1;
    }
    DemoRunner runner =
        new DemoRunner(
            new DemoRunner.Options(dir, requests, rate, badEvery, dataset, modelDir, headsDir),
            out);

    // Ctrl-C: stop producing, let the gateway drain and close, then let the JVM exit.
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              runner.requestStop();
              try {
                finished.await(90, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "promptstream-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return runner.run() ? 0 : 1;
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // The hook is running: it returns as soon as it sees the latch open.
      }
    }
  }
}

package io.promptstream.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptstream.topology.demo.DemoTraffic;
import io.promptstream.topology.testutil.TestWorkDirs;
import io.promptstream.topology.testutil.TinyPrompter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The demo on the model path, with a tiny random prompter and identity heads for its three target
 * LLMs. End state: every prompt accounted for, both arms present, treatment prompts went through
 * the model (the random model's rewrites are cut short, so they fall back on intent).
 */
@Tag("integration")
class DemoWithModelIT {

  @Test
  void shouldServeControlAndTreatmentArmsThroughThePrompter() throws Exception {
    Path workDir = TestWorkDirs.create("demo-model");
    Path model = TinyPrompter.write(workDir.resolve("model"));
    Path heads =
        TinyPrompter.writeHeadsDir(model, workDir.resolve("heads"), DemoTraffic.TARGET_LLMS);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exitCode;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      exitCode =
          PromptstreamCli.commandLine()
              .execute(
                  "demo",
                  "--requests",
                  "40",
                  "--rate",
                  "0",
                  "--bad-every",
                  "0",
                  "--model",
                  model.toString(),
                  "--heads",
                  heads.toString(),
                  "--work-dir",
                  workDir.toString());
    } finally {
      System.setOut(original);
    }
    String output = captured.toString(StandardCharsets.UTF_8);

    assertThat(exitCode).as(output).isZero();
    assertThat(output)
        .contains("accounted for      40 of 40 (every prompt)")
        .contains("CONTROL")
        .containsPattern("REWRITTEN|FALLBACK_INTENT")
        .doesNotContain("FALLBACK_MODEL_ERROR")
        .doesNotContain("FALLBACK_UNKNOWN_TARGET");
  }
}

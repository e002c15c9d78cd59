package io.promptstream.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptstream.topology.demo.DemoTraffic;
import io.promptstream.topology.testutil.TestWorkDirs;
import io.promptstream.topology.testutil.TinyPrompter;
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
    CliRun run =
        CliRun.of(
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
    int exitCode = run.exitCode();
    String output = run.output();

    assertThat(exitCode).as(output).isZero();
    assertThat(output)
        .contains("accounted for      40 of 40 (every prompt)")
        .contains("CONTROL")
        .containsPattern("REWRITTEN|FALLBACK_INTENT")
        .doesNotContain("FALLBACK_MODEL_ERROR")
        .doesNotContain("FALLBACK_UNKNOWN_TARGET");
  }
}

package io.promptstream.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptstream.topology.testutil.TestWorkDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The demo command end to end. End state: every prompt accounted for, exit code 0, no child process
 * left behind, and the broker's data gone from the work directory.
 */
@Tag("integration")
class DemoCommandIT {

  @Test
  void shouldAccountForEveryPromptAndLeaveNoProcessBehind() throws Exception {
    Path workDir = TestWorkDirs.create("demo");
    CliRun run =
        CliRun.of(
            "demo",
            "--requests",
            "60",
            "--rate",
            "0",
            "--bad-every",
            "20",
            "--model",
            "none",
            "--work-dir",
            workDir.toString());
    int exitCode = run.exitCode();
    String output = run.output();

    assertThat(exitCode).as(output).isZero();
    assertThat(output)
        .contains("accounted for      60 of 60 (every prompt)")
        .contains("PASSTHROUGH")
        .contains("DEAD-LETTER  EMPTY_TEXT");
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
    try (Stream<Path> kafkaDirs = Files.list(workDir.resolve("demo").resolve("kafka"))) {
      assertThat(kafkaDirs).isEmpty();
    }
  }
}

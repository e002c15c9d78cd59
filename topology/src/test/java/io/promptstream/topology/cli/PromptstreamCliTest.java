package io.promptstream.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PromptstreamCliTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine cli = PromptstreamCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void shouldListTheCommandsInTopLevelHelp() {
    assertThat(execute("--help")).isZero();
    assertThat(out.toString()).contains("demo").contains("run");
  }

  @Test
  void shouldDescribeEveryOptionOfDemoInItsHelp() {
    assertThat(execute("demo", "--help")).isZero();
    assertThat(out.toString())
        .contains("--requests")
        .contains("--rate")
        .contains("--bad-every")
        .contains("--data")
        .contains("--work-dir");
  }

  @Test
  void shouldRequireAConfigFileForRun() {
    assertThat(execute("run")).isEqualTo(2);
    assertThat(err.toString()).contains("--config");
  }

  @Test
  void shouldNameTheMissingFileWhenTheConfigDoesNotExist() {
    assertThat(execute("run", "--config", "no/such/gateway.properties")).isEqualTo(2);
    assertThat(err.toString()).contains("no such file").contains("gateway.properties");
  }

  @Test
  void shouldNameTheMissingKeyWhenTheConfigIsIncomplete(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("gateway.properties");
    Files.writeString(config, "bootstrap.servers=127.0.0.1:1\n");
    assertThat(execute("run", "--config", config.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("schema.registry.url");
  }

  @Test
  void shouldRefuseANegativeRequestCount() {
    assertThat(execute("demo", "--requests", "-1")).isEqualTo(2);
    assertThat(err.toString()).contains("--requests");
  }
}

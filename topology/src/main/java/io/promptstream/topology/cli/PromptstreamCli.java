package io.promptstream.topology.cli;

import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code promptstream} launcher: one entry point, a subcommand per job. */
@Command(
    name = "promptstream",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "A Kafka-native gateway that rewrites every chat prompt for the LLM it is headed to.",
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      RetrainCommand.class,
      BenchCommand.class,
      EvaluateCommand.class,
      TrainCommand.Default.class,
      TrainCommand.Evaluate.class,
      CommandLine.HelpCommand.class
    })
public final class PromptstreamCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests execute it directly. */
  public static CommandLine commandLine() {
    return new CommandLine(new PromptstreamCli())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(PromptstreamCli::reportFailure);
  }

  /**
   * Configuration mistakes get one clear line and exit code 2; anything else is unexpected and gets
   * its stack trace.
   */
  private static int reportFailure(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
      commandLine.getErr().println("error: " + e.getMessage());
      return 2;
    }
    commandLine.getErr().println("error: " + e);
    e.printStackTrace(commandLine.getErr());
    return 1;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}

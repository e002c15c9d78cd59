package io.promptstream.topology.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Where the project's own trained prompter and its heads are, and how a command picks a model. */
final class DefaultPrompter {

  /** Set by the launcher script to the shipped default prompter's directory. */
  static final String DIR_PROPERTY = "promptstream.default.prompter";

  private DefaultPrompter() {}

  /**
   * The prompter a command should use: {@code option} when given ("none" for no model), else the
   * shipped default prompter when it is present, else none.
   */
  static Path resolve(String option, CommandSpec spec) {
    if (option != null) {
      if (option.equalsIgnoreCase("none")) {
        return null;
      }
      Path dir = Path.of(option).toAbsolutePath();
      if (!Files.isRegularFile(dir.resolve("config.json"))) {
        throw new ParameterException(
            spec.commandLine(),
            "--model: no config.json in " + dir + " (a Hugging Face model directory)");
      }
      return dir;
    }
    String shipped = System.getProperty(DIR_PROPERTY);
    if (shipped == null) {
      return null;
    }
    Path dir = Path.of(shipped).toAbsolutePath();
    return Files.isRegularFile(dir.resolve("config.json")) ? dir : null;
  }

  /** The heads shipped with a prompter: its {@code heads} subdirectory. */
  static Path headsOf(Path modelDir) {
    return modelDir.resolve("heads");
  }
}

package io.promptstream.topology.cli;

import io.promptstream.topology.config.GatewayConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Reads the gateway properties file a command was given with {@code --config}. */
final class GatewayProperties {

  private GatewayProperties() {}

  static GatewayConfig load(Path file, CommandSpec spec) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new ParameterException(spec.commandLine(), "--config: no such file: " + file);
    }
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      props.load(reader);
    }
    return GatewayConfig.fromProperties(props);
  }
}

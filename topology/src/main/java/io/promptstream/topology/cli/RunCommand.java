package io.promptstream.topology.cli;

import io.promptstream.topology.app.GatewayApplication;
import io.promptstream.topology.config.GatewayConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the gateway against an external Kafka cluster and schema registry until stopped"
          + " (SIGTERM or Ctrl-C closes it cleanly).",
      "The properties file holds the gateway's keys (bootstrap.servers, schema.registry.url,"
          + " application.id, topic.prefix, topics.create, topics.partitions,"
          + " topics.replication.factor, prompt.max.chars) and any Kafka Streams or client key,"
          + " which is passed through."
    })
final class RunCommand implements Callable<Integer> {

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      required = true,
      description = "Gateway properties file.")
  Path config;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    GatewayConfig settings = GatewayProperties.load(config, spec);
    try (GatewayApplication gateway = GatewayApplication.start(settings)) {
      UntilStopped.await(gateway, "promptstream-shutdown");
    }
    return 0;
  }
}

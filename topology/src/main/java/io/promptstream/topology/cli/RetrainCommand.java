package io.promptstream.topology.cli;

import io.promptstream.schemas.registry.HttpSchemaRegistryClient;
import io.promptstream.schemas.topic.GatewayTopics;
import io.promptstream.topology.config.GatewayConfig;
import io.promptstream.topology.retrain.Retrainer;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "retrain",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the retrainer on its own (e.g. on a GPU machine) until stopped (SIGTERM or Ctrl-C):"
          + " consumes adapters.retrain-requests, trains a candidate head for the target with"
          + " stage 2 from the judged examples, publishes it to the adapter store as a CANARY, and"
          + " applies the gateway's canary verdicts (promote or roll back).",
      "Takes the gateway's properties file (bootstrap.servers, schema.registry.url,"
          + " application.id, topic.prefix, model.dir, adapters.dir, retrain.*); set"
          + " retrain.embedded=false on the gateways so that only this process retrains."
    })
final class RetrainCommand implements Callable<Integer> {

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
    GatewayTopics topics =
        GatewayTopics.create(
            settings.topicPrefix(),
            HttpSchemaRegistryClient.create(URI.create(settings.schemaRegistryUrl())));
    try (Retrainer retrainer =
        Retrainer.start(settings.retrainer(), settings.bootstrapServers(), topics, System.out)) {
      System.out.println(
          "Retrainer consuming "
              + topics.retrainRequests().name()
              + " and "
              + topics.canaryVerdicts().name()
              + " as group "
              + settings.retrainer().groupId());
      UntilStopped.await(retrainer, "promptstream-retrain-shutdown");
    }
    return 0;
  }
}

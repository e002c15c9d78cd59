package io.promptstream.topology.cli;

import io.promptstream.schemas.registry.HttpSchemaRegistryClient;
import io.promptstream.schemas.topic.GatewayTopics;
import io.promptstream.topology.evaluator.ChatCompletionsClient;
import io.promptstream.topology.evaluator.EvaluatorBridge;
import io.promptstream.topology.evaluator.EvaluatorService;
import io.promptstream.topology.evaluator.PairwiseJudge;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Judges live rewrites: samples REWRITTEN outputs, asks the target LLM for an answer to the"
          + " user prompt and to the optimized prompt, asks a judge LLM which is better"
          + " (answer order randomised and undone), and writes AlpacaEval-shaped judgments to"
          + " feedback.judgments. Any OpenAI-compatible chat-completions endpoint.",
      "Keys: bootstrap.servers, schema.registry.url, topic.prefix, evaluator.base.url,"
          + " evaluator.api.key (or env PROMPTSTREAM_EVALUATOR_API_KEY), evaluator.judge.model,"
          + " evaluator.model.<target>=<endpoint model> (default: the target's name),"
          + " evaluator.sample.rate (0.1), evaluator.requests.per.second (2),"
          + " evaluator.max.attempts (5)."
    })
final class EvaluateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      required = true,
      description = "Evaluator properties file.")
  Path config;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(config)) {
      throw new ParameterException(spec.commandLine(), "--config: no such file: " + config);
    }
    Properties p = new Properties();
    try (Reader reader = Files.newBufferedReader(config)) {
      p.load(reader);
    }
    String apiKey =
        p.getProperty(
            "evaluator.api.key",
            System.getenv().getOrDefault("PROMPTSTREAM_EVALUATOR_API_KEY", ""));
    ChatCompletionsClient client =
        new ChatCompletionsClient(
            new ChatCompletionsClient.Settings(
                URI.create(required(p, "evaluator.base.url")),
                apiKey,
                Double.parseDouble(p.getProperty("evaluator.requests.per.second", "2")),
                Integer.parseInt(p.getProperty("evaluator.max.attempts", "5")),
                Duration.ofSeconds(1),
                Duration.ofSeconds(60)));
    Map<String, String> models = new HashMap<>();
    p.stringPropertyNames().stream()
        .filter(k -> k.startsWith("evaluator.model."))
        .forEach(k -> models.put(k.substring("evaluator.model.".length()), p.getProperty(k)));
    String judgeModel = required(p, "evaluator.judge.model");
    GatewayTopics topics =
        GatewayTopics.create(
            p.getProperty("topic.prefix", ""),
            HttpSchemaRegistryClient.create(URI.create(required(p, "schema.registry.url"))));
    EvaluatorBridge bridge =
        new EvaluatorBridge(
            client,
            target -> models.getOrDefault(target, target),
            new PairwiseJudge(client, judgeModel, new Random()),
            judgeModel,
            Clock.systemUTC());
    try (EvaluatorService service =
        new EvaluatorService(
            required(p, "bootstrap.servers"),
            p.getProperty("evaluator.group.id", "promptstream-evaluator"),
            topics,
            bridge,
            Double.parseDouble(p.getProperty("evaluator.sample.rate", "0.1")),
            System.nanoTime())) {
      Runtime.getRuntime().addShutdownHook(new Thread(service::close, "evaluator-shutdown"));
      service.run();
    }
    return 0;
  }

  private String required(Properties p, String key) {
    String value = p.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new ParameterException(spec.commandLine(), config + ": missing required key " + key);
    }
    return value.trim();
  }
}

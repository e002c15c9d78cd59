package io.promptstream.runtime.training.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstream.runtime.adapter.AdapterHead;
import io.promptstream.runtime.adapter.AdapterHeadIo;
import io.promptstream.runtime.generate.Generation;
import io.promptstream.runtime.generate.GenerationRequest;
import io.promptstream.runtime.model.OutputHead;
import io.promptstream.runtime.prompter.Prompter;
import io.promptstream.runtime.training.CommandLineArgs;
import io.promptstream.runtime.training.DefaultHeads;
import io.promptstream.runtime.training.HeadArtifact;
import io.promptstream.runtime.training.HeldOutLoss;
import io.promptstream.runtime.training.data.HeldOutSplit;
import io.promptstream.runtime.training.data.PromptRewrite;
import io.promptstream.runtime.training.data.PromptRewriteDataset;
import io.promptstream.runtime.training.data.PrompterFormat;
import io.promptstream.runtime.training.data.RewriteStyle;
import io.promptstream.runtime.training.data.TrainingExample;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Evaluates a prompter and its adapter heads on the held-out prompts of the dataset: per head (a)
 * content retention, (b) style adherence to the head's style, (c) held-out loss and perplexity on
 * that style's reference rewrites, (d) the share of unusable outputs (empty, truncated,
 * repetitive); the same for the base LM head, and the scores of the dataset's own reference
 * rewrites as a yardstick. Prints a table and writes JSON.
 *
 * <pre>
 * java ... io.promptstream.runtime.training.eval.Evaluation \
 *     --model models/default-prompter [--data data/prompt-rewrites.jsonl] [--out eval.json] \
 *     [--update-manifests]
 * </pre>
 *
 * <p>Heads are the directories under {@code <model>/heads} (or {@code --heads}) holding {@value
 * HeadArtifact#WEIGHTS_FILE} and a {@value HeadArtifact#MANIFEST_FILE} whose {@code style} field
 * names the style the head is judged on. The split (seed and fraction) is read from the model's
 * {@value #TRAINING_FILE} when present, so the held-out prompts are the ones training left out.
 * Decoding is greedy.
 */
public final class Evaluation {

  /** The recipe's record of how a prompter was trained, read for the split. */
  public static final String TRAINING_FILE = "training.json";

  /** Default token limit per rewrite. */
  public static final int DEFAULT_MAX_NEW_TOKENS = 160;

  /** Default number of sample prompts in the report. */
  public static final int SAMPLES = 6;

  private Evaluation() {}

  /**
   * What to evaluate.
   *
   * @param modelDir the prompter directory
   * @param dataset the dataset file
   * @param headsDir the directory of head directories
   * @param splitSeed seed of the held-out split, or {@code null} to read it from {@value
   *     #TRAINING_FILE} (default 17 without one)
   * @param heldOutFraction share held out, or {@code null} likewise (default 0.1)
   * @param maxNewTokens token limit per rewrite
   * @param output where the JSON goes, or {@code null} for none
   * @param updateManifests whether to write each head's results into its manifest's metrics
   */
  public record Options(
      Path modelDir,
      Path dataset,
      Path headsDir,
      Long splitSeed,
      Double heldOutFraction,
      int maxNewTokens,
      Path output,
      boolean updateManifests) {

    /** Defaults for a model directory: its heads, the repository dataset, JSON next to it. */
    public static Options forModel(Path modelDir) {
      return new Options(
          modelDir,
          Path.of(PromptRewriteDataset.DEFAULT_PATH),
          modelDir.resolve(DefaultHeads.HEADS_DIR),
          null,
          null,
          DEFAULT_MAX_NEW_TOKENS,
          modelDir.resolve("eval.json"),
          false);
    }
  }

  /** Command line entry point; see the class comment. */
  public static void main(String[] args) throws IOException {
    CommandLineArgs a =
        CommandLineArgs.parse(
            args,
            Set.of("model", "data", "heads", "seed", "fraction", "max-new-tokens", "out"),
            Set.of("update-manifests"));
    Path model = Path.of(a.get("model", "models/default-prompter"));
    Options defaults = Options.forModel(model);
    Options options =
        new Options(
            model,
            Path.of(a.get("data", defaults.dataset().toString())),
            Path.of(a.get("heads", defaults.headsDir().toString())),
            a.has("seed") ? a.getLong("seed", 0) : null,
            a.has("fraction") ? a.getDouble("fraction", 0) : null,
            a.getInt("max-new-tokens", DEFAULT_MAX_NEW_TOKENS),
            Path.of(a.get("out", defaults.output().toString())),
            a.has("update-manifests"));
    run(options, System.out);
  }

  /**
   * Runs the evaluation.
   *
   * @param options what to evaluate
   * @param out where the table goes
   * @return the report (also written to {@code options.output()} when set)
   */
  public static EvalReport run(Options options, PrintStream out) throws IOException {
    long seed = 17;
    double fraction = HeldOutSplit.DEFAULT_FRACTION;
    Path training = options.modelDir().resolve(TRAINING_FILE);
    if (Files.isRegularFile(training)) {
      JsonNode split = new ObjectMapper().readTree(training.toFile()).path("split");
      seed = split.path("seed").asLong(seed);
      fraction = split.path("fraction").asDouble(fraction);
    }
    seed = options.splitSeed() != null ? options.splitSeed() : seed;
    fraction = options.heldOutFraction() != null ? options.heldOutFraction() : fraction;
    List<PromptRewrite> heldOut =
        HeldOutSplit.of(PromptRewriteDataset.read(options.dataset()), fraction, seed).heldOut();
    out.printf("evaluating %s on %d held-out prompts%n", options.modelDir(), heldOut.size());
    List<EvalRow> rows = new ArrayList<>();
    Map<String, List<String>> outputs = new LinkedHashMap<>();
    try (Prompter prompter = Prompter.load(options.modelDir())) {
      for (HeadDir h : heads(options.headsDir())) {
        EvalRow row;
        try (AdapterHead head =
            AdapterHeadIo.read(h.dir().resolve(HeadArtifact.WEIGHTS_FILE), prompter)) {
          row = evaluate(prompter, head, h.name(), h.style(), heldOut, options, outputs);
        }
        rows.add(row);
        if (options.updateManifests()) {
          HeadArtifact.updateMetrics(h.dir(), metrics(row));
        }
      }
      rows.add(evaluate(prompter, prompter.baseHead(), "base", null, heldOut, options, outputs));
    }
    for (RewriteStyle style : RewriteStyle.values()) {
      List<String> references = new ArrayList<>();
      for (PromptRewrite r : heldOut) {
        references.add(r.rewrite(style));
      }
      rows.add(score("reference:" + style.key(), style, heldOut, references, null, Double.NaN));
    }
    List<Map<String, String>> samples = new ArrayList<>();
    for (int i = 0; i < Math.min(SAMPLES, heldOut.size()); i++) {
      int index = i * heldOut.size() / Math.min(SAMPLES, heldOut.size());
      Map<String, String> sample = new LinkedHashMap<>();
      sample.put("prompt", heldOut.get(index).prompt());
      for (Map.Entry<String, List<String>> e : outputs.entrySet()) {
        sample.put(e.getKey(), e.getValue().get(index));
      }
      samples.add(sample);
    }
    EvalReport report =
        new EvalReport(options.modelDir().toString(), heldOut.size(), rows, samples);
    out.print(report.table());
    if (options.output() != null) {
      report.write(options.output());
      out.println("wrote " + options.output());
    }
    return report;
  }

  /** A head's row as manifest metrics. */
  public static Map<String, Double> metrics(EvalRow row) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("held_out_loss", row.heldOutLoss());
    m.put("content_retention", row.contentRetention());
    m.put("numbers_kept", row.numbersKept());
    m.put("style_adherence", row.styleAdherence());
    m.put("unusable_share", row.degenerate());
    return m;
  }

  private record HeadDir(String name, RewriteStyle style, Path dir) {}

  private static List<HeadDir> heads(Path headsDir) throws IOException {
    List<HeadDir> out = new ArrayList<>();
    if (!Files.isDirectory(headsDir)) {
      return out;
    }
    List<Path> dirs;
    try (Stream<Path> list = Files.list(headsDir)) {
      dirs = list.filter(Files::isDirectory).sorted().toList();
    }
    for (Path dir : dirs) {
      Path manifest = dir.resolve(HeadArtifact.MANIFEST_FILE);
      if (!Files.isRegularFile(manifest)
          || !Files.isRegularFile(dir.resolve(HeadArtifact.WEIGHTS_FILE))) {
        continue;
      }
      JsonNode m = new ObjectMapper().readTree(manifest.toFile());
      String style = m.path("style").asText(null);
      out.add(
          new HeadDir(
              m.path("targetLlm").asText(dir.getFileName().toString()),
              style == null ? null : RewriteStyle.ofKey(style),
              dir));
    }
    return out;
  }

  private static EvalRow evaluate(
      Prompter prompter,
      OutputHead head,
      String name,
      RewriteStyle style,
      List<PromptRewrite> heldOut,
      Options options,
      Map<String, List<String>> outputs) {
    List<TrainingExample> examples = new ArrayList<>();
    for (PromptRewrite r : heldOut) {
      for (RewriteStyle s : RewriteStyle.values()) {
        if (style == null || s == style) {
          TrainingExample e =
              PrompterFormat.encode(
                  prompter.tokenizer(),
                  r.prompt(),
                  r.rewrite(s),
                  1f,
                  prompter.config().maxPositions());
          if (e != null) {
            examples.add(e);
          }
        }
      }
    }
    double loss = HeldOutLoss.of(prompter.model(), head, examples).loss();
    List<GenerationRequest> requests = new ArrayList<>();
    for (PromptRewrite r : heldOut) {
      requests.add(
          GenerationRequest.builder()
              .setPrompt(r.prompt())
              .optHead(head)
              .optMaxNewTokens(options.maxNewTokens())
              .build());
    }
    List<Generation> generations = prompter.generate(requests);
    List<String> texts = new ArrayList<>();
    List<Degeneracy.Kind> kinds = new ArrayList<>();
    for (Generation g : generations) {
      texts.add(g.text());
      kinds.add(Degeneracy.of(g));
    }
    outputs.put(name, texts);
    return score(name, style, heldOut, texts, kinds, loss);
  }

  /** Scores rewrites of the held-out prompts; {@code kinds} null means every output is complete. */
  static EvalRow score(
      String name,
      RewriteStyle style,
      List<PromptRewrite> heldOut,
      List<String> texts,
      List<Degeneracy.Kind> kinds,
      double loss) {
    int n = texts.size();
    double retention = 0;
    int withNumbers = 0;
    int numbersKept = 0;
    int adherent = 0;
    int words = 0;
    Map<RewriteStyle, Integer> mix = new EnumMap<>(RewriteStyle.class);
    Map<Degeneracy.Kind, Integer> unusable = new EnumMap<>(Degeneracy.Kind.class);
    for (int i = 0; i < n; i++) {
      String prompt = heldOut.get(i).prompt();
      String text = texts.get(i);
      retention += ContentRetention.score(prompt, text);
      if (ContentRetention.hasNumbers(prompt)) {
        withNumbers++;
        numbersKept += ContentRetention.keepsEveryNumber(prompt, text) ? 1 : 0;
      }
      RewriteStyle classified = StyleRules.classify(text);
      if (classified != null) {
        mix.merge(classified, 1, Integer::sum);
      }
      adherent += style != null && classified == style ? 1 : 0;
      Degeneracy.Kind kind = kinds == null ? Degeneracy.Kind.NONE : kinds.get(i);
      if (kinds == null && Degeneracy.repeats(text)) {
        kind = Degeneracy.Kind.REPETITION;
      }
      unusable.merge(kind, 1, Integer::sum);
      words += text.isBlank() ? 0 : text.strip().split("\\s+").length;
    }
    Map<RewriteStyle, Double> mixShare = new EnumMap<>(RewriteStyle.class);
    for (RewriteStyle s : RewriteStyle.values()) {
      mixShare.put(s, share(mix.getOrDefault(s, 0), n));
    }
    int bad = n - unusable.getOrDefault(Degeneracy.Kind.NONE, 0);
    return new EvalRow(
        name,
        style,
        n,
        loss,
        n == 0 ? Double.NaN : retention / n,
        withNumbers == 0 ? Double.NaN : (double) numbersKept / withNumbers,
        style == null ? Double.NaN : share(adherent, n),
        mixShare,
        share(bad, n),
        share(unusable.getOrDefault(Degeneracy.Kind.EMPTY, 0), n),
        share(unusable.getOrDefault(Degeneracy.Kind.TRUNCATED, 0), n),
        share(unusable.getOrDefault(Degeneracy.Kind.REPETITION, 0), n),
        n == 0 ? 0 : (double) words / n);
  }

  private static double share(int count, int n) {
    return n == 0 ? Double.NaN : (double) count / n;
  }
}

package io.promptstream.runtime.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.promptstream.runtime.adapter.AdapterHead;
import io.promptstream.runtime.adapter.HeadId;
import io.promptstream.runtime.model.Activation;
import io.promptstream.runtime.model.DecoderModel;
import io.promptstream.runtime.model.ModelConfig;
import io.promptstream.runtime.model.ModelFamily;
import io.promptstream.runtime.model.ModelFingerprint;
import io.promptstream.runtime.model.RopeSettings;
import io.promptstream.runtime.tokenizer.PrompterTokenizer;
import io.promptstream.runtime.training.data.HeldOutSplit;
import io.promptstream.runtime.training.data.PromptRewrite;
import io.promptstream.runtime.training.data.PromptRewriteDataset;
import io.promptstream.runtime.training.data.PrompterFormat;
import io.promptstream.runtime.training.data.RewriteStyle;
import io.promptstream.runtime.training.data.SyntheticCopies;
import io.promptstream.runtime.training.data.TrainingExample;
import io.promptstream.runtime.training.eval.EvalReport;
import io.promptstream.runtime.training.eval.Evaluation;
import io.promptstream.runtime.training.tokenizer.BpeVocabulary;
import io.promptstream.runtime.training.tokenizer.ByteLevelBpeTrainer;
import io.promptstream.runtime.training.tokenizer.TokenizerJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reproduces the default prompter in one command: trains a byte-level BPE tokenizer on the training
 * split, trains a small Llama-family decoder from random weights with stage 1 on all three rewrite
 * styles (plus an auxiliary prompt-copy task), trains the three example heads of {@link
 * DefaultHeads} with stage 2, evaluates everything on the held-out prompts and writes:
 *
 * <pre>
 * models/default-prompter/
 *   config.json  model.safetensors  tokenizer.json  promptstream.json  generation_config.json
 *   training.json                  options, split, losses and wall times of this run
 *   eval.json                      the evaluation report
 *   heads/{gemma-7b,llama-3-8b,mixtral-8x7b}/adapter.safetensors, manifest.json
 * </pre>
 *
 * <pre>
 * OMP_WAIT_POLICY=PASSIVE java -Dai.djl.offline=true -cp ... \
 *     io.promptstream.runtime.training.DefaultPrompterRecipe [--output DIR] [--seed N] [--epochs N]
 * </pre>
 *
 * <p>Determinism: the split, tokenizer, initial weights, batch order and manifests are pure
 * functions of the options. The trained weights repeat bit for bit on the same machine with one
 * intra-op thread ({@code -Dai.djl.pytorch.num_threads=1}, about half the speed); with more
 * threads, or on another CPU, kernels may sum in another order and training amplifies the last-bit
 * differences. The wall times in {@code training.json} always differ between runs.
 *
 * <p>On a shared CPU, {@code OMP_WAIT_POLICY=PASSIVE} keeps PyTorch's idle worker threads from
 * spinning, which otherwise slows training several-fold when another process wants a core.
 */
public final class DefaultPrompterRecipe {

  private DefaultPrompterRecipe() {}

  /**
   * What the recipe did.
   *
   * @param output the prompter directory
   * @param tokenizerTime wall time of tokenizer training
   * @param stage1 the stage-1 report
   * @param stage2 the stage-2 report per target LLM
   * @param evaluation the evaluation, or {@code null} when skipped
   * @param total wall time of the whole recipe
   */
  public record Result(
      Path output,
      Duration tokenizerTime,
      StageReport stage1,
      Map<String, StageReport> stage2,
      EvalReport evaluation,
      Duration total) {

    /** Summed wall time of the stage-2 heads (including their hidden-state passes). */
    public Duration stage2Total() {
      return stage2.values().stream()
          .map(StageReport::wallTime)
          .reduce(Duration.ZERO, Duration::plus);
    }
  }

  /** Command line entry point; options as in {@link RecipeOptions#parse}. */
  public static void main(String[] args) throws IOException {
    run(RecipeOptions.parse(args), System.out);
  }

  /**
   * Runs the whole recipe.
   *
   * @param options what to train and where to write it
   * @param out progress and summary lines
   * @return the reports
   * @throws IOException when the dataset cannot be read or the output cannot be written
   */
  public static Result run(RecipeOptions options, PrintStream out) throws IOException {
    long start = System.nanoTime();
    Path dir = options.output();
    Files.createDirectories(dir);
    List<PromptRewrite> records = PromptRewriteDataset.read(options.dataset());
    HeldOutSplit split = HeldOutSplit.of(records, options.heldOutFraction(), options.seed());
    out.printf(
        Locale.ROOT,
        "dataset %s: %d prompts, %d for training, %d held out (seed %d)%n",
        options.dataset(),
        records.size(),
        split.train().size(),
        split.heldOut().size(),
        options.seed());

    long t = System.nanoTime();
    BpeVocabulary vocabulary =
        ByteLevelBpeTrainer.builder()
            .optVocabSize(options.vocabSize())
            .optSpecialTokens(PrompterFormat.SPECIAL_TOKENS)
            .build()
            .train(corpus(split.train()));
    Path tokenizerFile = dir.resolve("tokenizer.json");
    TokenizerJson.write(vocabulary, tokenizerFile);
    Duration tokenizerTime = Duration.ofNanos(System.nanoTime() - t);
    out.printf(
        Locale.ROOT,
        "tokenizer: %d tokens (%d merges) in %.1f s%n",
        vocabulary.size(),
        vocabulary.merges().size(),
        tokenizerTime.toMillis() / 1000.0);

    ModelConfig config = modelConfig(options, vocabulary.size());
    Map<RewriteStyle, List<TrainingExample>> train;
    Map<RewriteStyle, List<TrainingExample>> heldOut;
    try (PrompterTokenizer tokenizer =
        PrompterTokenizer.load(tokenizerFile, options.contextLength() * 4, false)) {
      train = encode(tokenizer, split.train(), options.contextLength(), out);
      heldOut = encode(tokenizer, split.heldOut(), options.contextLength(), out);
    }
    List<TrainingExample> allTrain = all(train);
    List<TrainingExample> allHeldOut = all(heldOut);
    if (options.copyTask()) {
      try (PrompterTokenizer tokenizer =
          PrompterTokenizer.load(tokenizerFile, options.contextLength() * 4, false)) {
        for (PromptRewrite r : split.train()) {
          TrainingExample e =
              PrompterFormat.encodeCopy(tokenizer, r.prompt(), 1f, options.contextLength());
          if (e != null) {
            allTrain.add(e);
          }
        }
      }
      out.printf(
          Locale.ROOT,
          "stage 1 examples: %d rewrites and %d prompt copies%n",
          all(train).size(),
          allTrain.size() - all(train).size());
    }

    StageReport stage1;
    Map<String, StageReport> stage2 = new LinkedHashMap<>();
    Path init = Files.createTempDirectory("promptstream-init");
    try (NDManager root = Engine.getInstance().newBaseManager()) {
      ScratchInit.write(config, init, options.seed());
      try (DecoderModel model = DecoderModel.load(init, config, root)) {
        out.printf(
            Locale.ROOT,
            "model: %s, width %d, %d layers, %d heads, MLP %d, vocabulary %d, context %d%n",
            config.modelType(),
            config.hiddenSize(),
            config.numLayers(),
            config.numHeads(),
            config.intermediateSize(),
            config.vocabSize(),
            config.maxPositions());
        TrainingSettings settings =
            TrainingSettings.builder()
                .optEpochs(options.epochs())
                .optPeakLearningRate(options.learningRate())
                .optMaxTokens(options.maxTokens())
                .optSeed(options.seed())
                .build();
        int vocab = config.vocabSize();
        stage1 =
            SupervisedFineTuning.train(
                model,
                epoch -> withSyntheticCopies(allTrain, options, vocab, epoch),
                allHeldOut,
                settings,
                out,
                (epoch, loss) -> PrompterCheckpoint.export(model, config, tokenizerFile, dir));
        PrompterCheckpoint.export(model, config, tokenizerFile, dir);
        TrainingRecord.writeGenerationConfig(dir);
      }
      String fingerprint = ModelFingerprint.of(dir);
      out.println("base model fingerprint " + fingerprint);
      try (DecoderModel trunk = DecoderModel.load(dir, config, root)) {
        for (DefaultHeads.Spec spec : DefaultHeads.ALL) {
          if (options.headEpochs() == 0) {
            break;
          }
          TrainingSettings headSettings =
              HeadTraining.defaultSettings()
                  .optEpochs(options.headEpochs())
                  .optPeakLearningRate(options.headLearningRate())
                  .optSeed(options.seed())
                  .optLabel("stage2 " + spec.targetLlm())
                  .build();
          HeadTraining.Result result =
              HeadTraining.train(
                  trunk,
                  new HeadId(spec.targetLlm(), DefaultHeads.VERSION),
                  train.get(spec.style()),
                  heldOut.get(spec.style()),
                  headSettings,
                  out);
          try (AdapterHead head = result.head()) {
            Path headDir = dir.resolve(DefaultHeads.HEADS_DIR).resolve(spec.targetLlm());
            HeadArtifact.writeWeights(head, headDir);
            stage2.put(spec.targetLlm(), result.report());
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("held_out_loss_before", result.initialHeldOutLoss());
            metrics.put("held_out_loss", result.report().finalHeldOutLoss());
            HeadArtifact.writeManifest(
                headDir,
                HeadArtifact.Description.of(
                    head,
                    fingerprint,
                    options.createdAt(),
                    train.get(spec.style()).size(),
                    options.dataset() + " (" + spec.style().key() + " rewrites, training split)",
                    "uniform",
                    spec.style(),
                    metrics));
          }
        }
      }
    } finally {
      deleteRecursively(init);
    }
    Duration stage2Total =
        stage2.values().stream().map(StageReport::wallTime).reduce(Duration.ZERO, Duration::plus);
    out.printf(
        Locale.ROOT,
        "stage 1: %s (%d steps, %,d tokens); stage 2: %s for %d heads (%.1f%% of stage 1)%n",
        clock(stage1.wallTime()),
        stage1.steps(),
        stage1.tokens(),
        clock(stage2Total),
        stage2.size(),
        100.0 * stage2Total.toMillis() / Math.max(1, stage1.wallTime().toMillis()));

    EvalReport evaluation = null;
    if (options.evaluate()) {
      TrainingRecord.write(options, split, vocabulary, config, tokenizerTime, stage1, stage2, null);
      evaluation =
          Evaluation.run(
              new Evaluation.Options(
                  dir,
                  options.dataset(),
                  dir.resolve(DefaultHeads.HEADS_DIR),
                  options.seed(),
                  options.heldOutFraction(),
                  Evaluation.DEFAULT_MAX_NEW_TOKENS,
                  dir.resolve("eval.json"),
                  true),
              out);
    }
    Duration total = Duration.ofNanos(System.nanoTime() - start);
    TrainingRecord.write(options, split, vocabulary, config, tokenizerTime, stage1, stage2, total);
    out.printf(Locale.ROOT, "recipe finished in %s; wrote %s%n", clock(total), dir);
    return new Result(dir, tokenizerTime, stage1, stage2, evaluation, total);
  }

  /** The model configuration the options describe. */
  public static ModelConfig modelConfig(RecipeOptions o, int vocabSize) {
    int headDim = o.hiddenSize() / o.heads();
    return new ModelConfig(
        ModelFamily.LLAMA,
        "llama",
        vocabSize,
        o.hiddenSize(),
        o.layers(),
        o.heads(),
        o.heads(),
        headDim,
        o.intermediateSize(),
        o.contextLength(),
        1e-5f,
        Activation.SILU,
        RopeSettings.of(10000, headDim),
        o.tieEmbeddings(),
        false,
        false,
        false,
        false,
        null,
        List.of(PrompterFormat.EOS_ID),
        PrompterFormat.PAD_ID);
  }

  private static List<TrainingExample> withSyntheticCopies(
      List<TrainingExample> train, RecipeOptions options, int vocab, int epoch) {
    if (options.syntheticCopies() == 0) {
      return train;
    }
    List<TrainingExample> out = new ArrayList<>(train);
    out.addAll(SyntheticCopies.forEpoch(options.syntheticCopies(), vocab, options.seed(), epoch));
    return out;
  }

  private static List<String> corpus(List<PromptRewrite> records) {
    List<String> texts = new ArrayList<>();
    for (PromptRewrite r : records) {
      texts.add(r.prompt());
      for (RewriteStyle s : RewriteStyle.values()) {
        texts.add(r.rewrite(s));
      }
    }
    return texts;
  }

  private static Map<RewriteStyle, List<TrainingExample>> encode(
      PrompterTokenizer tokenizer, List<PromptRewrite> records, int context, PrintStream out) {
    Map<RewriteStyle, List<TrainingExample>> byStyle = new LinkedHashMap<>();
    int skipped = 0;
    for (RewriteStyle s : RewriteStyle.values()) {
      List<TrainingExample> list = new ArrayList<>();
      for (PromptRewrite r : records) {
        TrainingExample e = PrompterFormat.encode(tokenizer, r.prompt(), r.rewrite(s), 1f, context);
        if (e == null) {
          skipped++;
        } else {
          list.add(e);
        }
      }
      byStyle.put(s, list);
    }
    if (skipped > 0) {
      out.println("skipped " + skipped + " examples longer than the context of " + context);
    }
    return byStyle;
  }

  private static List<TrainingExample> all(Map<RewriteStyle, List<TrainingExample>> byStyle) {
    List<TrainingExample> out = new ArrayList<>();
    byStyle.values().forEach(out::addAll);
    return out;
  }

  private static String clock(Duration d) {
    long s = d.toSeconds();
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

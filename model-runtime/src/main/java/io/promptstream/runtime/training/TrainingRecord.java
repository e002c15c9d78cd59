package io.promptstream.runtime.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.promptstream.runtime.model.ModelConfig;
import io.promptstream.runtime.training.data.HeldOutSplit;
import io.promptstream.runtime.training.data.PrompterFormat;
import io.promptstream.runtime.training.eval.Evaluation;
import io.promptstream.runtime.training.tokenizer.BpeVocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The files {@link DefaultPrompterRecipe} writes about a run besides the weights: {@code
 * training.json} (options, split with the held-out ids, tokenizer and model sizes, per-epoch losses
 * and wall times, which {@link Evaluation} reads for the split) and {@code generation_config.json}
 * (end and pad ids, greedy decoding, for Hugging Face loaders).
 */
final class TrainingRecord {

  private TrainingRecord() {}

  /** Writes {@code generation_config.json}. */
  static void writeGenerationConfig(Path dir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode g = json.createObjectNode();
    g.put("eos_token_id", PrompterFormat.EOS_ID);
    g.put("pad_token_id", PrompterFormat.PAD_ID);
    g.put("do_sample", false);
    g.put("max_new_tokens", Evaluation.DEFAULT_MAX_NEW_TOKENS);
    Files.write(
        dir.resolve("generation_config.json"),
        json.writerWithDefaultPrettyPrinter().writeValueAsBytes(g));
  }

  /** Writes {@code training.json}; {@code total} is {@code null} before the run has finished. */
  static void write(
      RecipeOptions o,
      HeldOutSplit split,
      BpeVocabulary vocabulary,
      ModelConfig config,
      Duration tokenizerTime,
      StageReport stage1,
      Map<String, StageReport> stage2,
      Duration total)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode r = json.createObjectNode();
    r.put("recipe", DefaultPrompterRecipe.class.getName());
    ObjectNode opts = r.putObject("options");
    opts.put("seed", o.seed());
    opts.put("epochs", o.epochs());
    opts.put("learning_rate", o.learningRate());
    opts.put("batch_tokens", o.maxTokens());
    opts.put("copy_task", o.copyTask());
    opts.put("synthetic_copies_per_epoch", o.syntheticCopies());
    opts.put("tie_embeddings", o.tieEmbeddings());
    opts.put("head_epochs", o.headEpochs());
    opts.put("head_learning_rate", o.headLearningRate());
    opts.put("dataset", o.dataset().toString());
    ObjectNode s = r.putObject("split");
    s.put("seed", o.seed());
    s.put("fraction", o.heldOutFraction());
    s.put("train_prompts", split.train().size());
    s.put("held_out_prompts", split.heldOut().size());
    ArrayNode ids = s.putArray("held_out_ids");
    split.heldOut().forEach(p -> ids.add(p.id()));
    ObjectNode tok = r.putObject("tokenizer");
    tok.put("vocab_size", vocabulary.size());
    tok.put("merges", vocabulary.merges().size());
    tok.put("trained_on", "training split: prompts and all rewrites");
    ObjectNode model = r.putObject("model");
    model.put("family", config.modelType());
    model.put("hidden_size", config.hiddenSize());
    model.put("layers", config.numLayers());
    model.put("heads", config.numHeads());
    model.put("intermediate_size", config.intermediateSize());
    model.put("vocab_size", config.vocabSize());
    model.put("context", config.maxPositions());
    model.put(
        "prompt_format",
        PrompterFormat.USER
            + "{prompt}"
            + PrompterFormat.REWRITE
            + "{rewrite}"
            + PrompterFormat.EOS);
    putStage(r.putObject("stage1"), stage1);
    ObjectNode heads = r.putObject("stage2");
    for (DefaultHeads.Spec spec : DefaultHeads.ALL) {
      StageReport report = stage2.get(spec.targetLlm());
      if (report != null) {
        ObjectNode h = heads.putObject(spec.targetLlm());
        h.put("style", spec.style().key());
        putStage(h, report);
      }
    }
    ObjectNode times = r.putObject("wall_seconds");
    times.put("tokenizer", tokenizerTime.toMillis() / 1000.0);
    times.put("stage1", stage1.wallTime().toMillis() / 1000.0);
    times.put(
        "stage2", stage2.values().stream().mapToLong(x -> x.wallTime().toMillis()).sum() / 1000.0);
    if (total != null) {
      times.put("total", total.toMillis() / 1000.0);
    }
    times.put("threads", Runtime.getRuntime().availableProcessors());
    Files.write(
        o.output().resolve(Evaluation.TRAINING_FILE),
        json.writerWithDefaultPrettyPrinter().writeValueAsBytes(r));
  }

  private static void putStage(ObjectNode node, StageReport report) {
    node.put("steps", report.steps());
    node.put("tokens", report.tokens());
    node.put("wall_seconds", report.wallTime().toMillis() / 1000.0);
    ArrayNode train = node.putArray("train_loss");
    report.trainLosses().forEach(v -> train.add(Math.round(v * 10000) / 10000.0));
    ArrayNode held = node.putArray("held_out_loss");
    report.heldOutLosses().forEach(v -> held.add(Math.round(v * 10000) / 10000.0));
  }
}

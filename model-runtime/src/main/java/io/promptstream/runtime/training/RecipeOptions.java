package io.promptstream.runtime.training;

import io.promptstream.runtime.training.data.HeldOutSplit;
import io.promptstream.runtime.training.data.PromptRewriteDataset;
import io.promptstream.runtime.training.tokenizer.ByteLevelBpeTrainer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Options of {@link DefaultPrompterRecipe}. The defaults reproduce the shipped default prompter: a
 * Llama-family decoder of width 256, 4 layers, 4 heads, MLP width 688, a 4,096-token vocabulary
 * (embedding tied to the LM head) and a 256-token context, trained for {@value #DEFAULT_EPOCHS}
 * epochs, then three heads of {@value #DEFAULT_HEAD_EPOCHS} epochs.
 *
 * @param output the prompter directory to write (created; files in it are replaced)
 * @param dataset the dataset file
 * @param seed seed of the split, the tokenizer's ties, the initial weights and the batch order
 * @param heldOutFraction share of prompts held out of training
 * @param vocabSize tokenizer vocabulary, special tokens included
 * @param hiddenSize model width
 * @param layers decoder blocks
 * @param heads attention heads (the head width is {@code hiddenSize / heads})
 * @param intermediateSize MLP width
 * @param contextLength longest sequence (positions)
 * @param tieEmbeddings whether the LM head reuses the token embedding (it helps a small model copy
 *     prompt words, and saves {@code vocab × hidden} parameters)
 * @param copyTask whether stage 1 also trains the auxiliary copy task on the training prompts
 *     ({@link io.promptstream.runtime.training.data.PrompterFormat#encodeCopy}), which teaches the
 *     model from scratch to carry the prompt's words into its rewrite
 * @param syntheticCopies copy-task examples over random tokens added to every stage-1 epoch (drawn
 *     afresh each epoch, {@link io.promptstream.runtime.training.data.SyntheticCopies}); 0 for none
 * @param epochs stage-1 epochs
 * @param learningRate stage-1 peak learning rate
 * @param maxTokens stage-1 padded tokens per batch
 * @param headEpochs stage-2 epochs per head
 * @param headLearningRate stage-2 peak learning rate
 * @param createdAt the creation time written into the heads' manifests
 * @param evaluate whether to run the evaluation at the end (its metrics go into the manifests)
 */
public record RecipeOptions(
    Path output,
    Path dataset,
    long seed,
    double heldOutFraction,
    int vocabSize,
    int hiddenSize,
    int layers,
    int heads,
    int intermediateSize,
    int contextLength,
    boolean tieEmbeddings,
    boolean copyTask,
    int syntheticCopies,
    int epochs,
    float learningRate,
    int maxTokens,
    int headEpochs,
    float headLearningRate,
    Instant createdAt,
    boolean evaluate) {

  /** Default output directory, relative to the repository root. */
  public static final String DEFAULT_OUTPUT = "models/default-prompter";

  /** Default stage-1 epochs. */
  public static final int DEFAULT_EPOCHS = 16;

  /** Default stage-1 peak learning rate (higher than the generic default: a small model). */
  public static final float DEFAULT_LEARNING_RATE = 2e-3f;

  /** Default random-token copy examples per stage-1 epoch. */
  public static final int DEFAULT_SYNTHETIC_COPIES = 0;

  /** Default stage-2 epochs. */
  public static final int DEFAULT_HEAD_EPOCHS = 6;

  /** The fixed creation time of the shipped heads. */
  public static final Instant DEFAULT_CREATED_AT = Instant.parse("2025-01-01T00:00:00Z");

  /** Validates. */
  public RecipeOptions {
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(createdAt, "createdAt");
    for (int v : new int[] {hiddenSize, layers, heads, intermediateSize, contextLength, epochs}) {
      if (v <= 0) {
        throw new IllegalArgumentException("model sizes and epochs must be positive");
      }
    }
    if (hiddenSize % heads != 0 || (hiddenSize / heads) % 2 != 0) {
      throw new IllegalArgumentException(
          "hiddenSize must split into heads of even width, got " + hiddenSize + "/" + heads);
    }
    if (headEpochs < 0) {
      throw new IllegalArgumentException("headEpochs must be >= 0, got " + headEpochs);
    }
  }

  /** The defaults. */
  public static RecipeOptions defaults() {
    return new RecipeOptions(
        Path.of(DEFAULT_OUTPUT),
        Path.of(PromptRewriteDataset.DEFAULT_PATH),
        TrainingSettings.DEFAULT_SEED,
        HeldOutSplit.DEFAULT_FRACTION,
        ByteLevelBpeTrainer.DEFAULT_VOCAB_SIZE,
        256,
        4,
        4,
        688,
        256,
        true,
        true,
        DEFAULT_SYNTHETIC_COPIES,
        DEFAULT_EPOCHS,
        DEFAULT_LEARNING_RATE,
        TrainingSettings.DEFAULT_MAX_TOKENS,
        DEFAULT_HEAD_EPOCHS,
        HeadTraining.DEFAULT_PEAK_LEARNING_RATE,
        DEFAULT_CREATED_AT,
        true);
  }

  /** Names accepted by {@link #parse}. */
  public static final Set<String> OPTIONS =
      Set.of(
          "output",
          "data",
          "seed",
          "held-out",
          "vocab",
          "hidden",
          "layers",
          "heads",
          "intermediate",
          "context",
          "synthetic-copies",
          "epochs",
          "lr",
          "batch-tokens",
          "head-epochs",
          "head-lr",
          "created-at");

  /**
   * Parses {@code --output DIR --data FILE --seed N --epochs N --head-epochs N --hidden N --layers
   * N --heads N --intermediate N --vocab N --context N --lr X --head-lr X --batch-tokens N
   * --held-out X --synthetic-copies N --created-at ISO --untied --no-copy-task --no-eval}; anything
   * left out keeps its default.
   */
  public static RecipeOptions parse(String[] args) {
    CommandLineArgs a =
        CommandLineArgs.parse(args, OPTIONS, Set.of("no-eval", "untied", "no-copy-task"));
    RecipeOptions d = defaults();
    return new RecipeOptions(
        Path.of(a.get("output", d.output().toString())),
        Path.of(a.get("data", d.dataset().toString())),
        a.getLong("seed", d.seed()),
        a.getDouble("held-out", d.heldOutFraction()),
        a.getInt("vocab", d.vocabSize()),
        a.getInt("hidden", d.hiddenSize()),
        a.getInt("layers", d.layers()),
        a.getInt("heads", d.heads()),
        a.getInt("intermediate", d.intermediateSize()),
        a.getInt("context", d.contextLength()),
        !a.has("untied"),
        !a.has("no-copy-task"),
        a.getInt("synthetic-copies", d.syntheticCopies()),
        a.getInt("epochs", d.epochs()),
        a.getFloat("lr", d.learningRate()),
        a.getInt("batch-tokens", d.maxTokens()),
        a.getInt("head-epochs", d.headEpochs()),
        a.getFloat("head-lr", d.headLearningRate()),
        Instant.parse(a.get("created-at", d.createdAt().toString())),
        !a.has("no-eval"));
  }
}

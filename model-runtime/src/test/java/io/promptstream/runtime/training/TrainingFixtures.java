package io.promptstream.runtime.training;

import io.promptstream.runtime.model.Activation;
import io.promptstream.runtime.model.ModelConfig;
import io.promptstream.runtime.model.ModelFamily;
import io.promptstream.runtime.model.RopeSettings;
import io.promptstream.runtime.tokenizer.PrompterTokenizer;
import io.promptstream.runtime.training.data.PromptRewrite;
import io.promptstream.runtime.training.data.PromptRewriteDataset;
import io.promptstream.runtime.training.data.PrompterFormat;
import io.promptstream.runtime.training.data.RewriteStyle;
import io.promptstream.runtime.training.data.TrainingExample;
import io.promptstream.runtime.training.tokenizer.BpeVocabulary;
import io.promptstream.runtime.training.tokenizer.ByteLevelBpeTrainer;
import io.promptstream.runtime.training.tokenizer.TokenizerJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Tiny models, tokenizers and examples for training tests, built from the repository dataset. */
public final class TrainingFixtures {

  /** The repository's dataset, seen from the module directory the tests run in. */
  public static final Path DATASET = Path.of("..").resolve(PromptRewriteDataset.DEFAULT_PATH);

  /** The shipped default prompter, seen from the module directory. */
  public static final Path DEFAULT_PROMPTER = Path.of("..").resolve(RecipeOptions.DEFAULT_OUTPUT);

  /** Vocabulary of the tiny tokenizer. */
  public static final int VOCAB = 400;

  private TrainingFixtures() {}

  /** The first {@code n} records of the dataset. */
  public static List<PromptRewrite> records(int n) throws IOException {
    return PromptRewriteDataset.read(DATASET).subList(0, n);
  }

  /** Trains a {@value #VOCAB}-token tokenizer on the records and writes it into {@code dir}. */
  public static Path tokenizer(Path dir, List<PromptRewrite> records) throws IOException {
    List<String> texts = new ArrayList<>();
    for (PromptRewrite r : records) {
      texts.add(r.prompt());
      for (RewriteStyle s : RewriteStyle.values()) {
        texts.add(r.rewrite(s));
      }
    }
    BpeVocabulary vocabulary =
        ByteLevelBpeTrainer.builder()
            .optVocabSize(VOCAB)
            .optSpecialTokens(PrompterFormat.SPECIAL_TOKENS)
            .build()
            .train(texts);
    Path file = dir.resolve("tokenizer.json");
    TokenizerJson.write(vocabulary, file);
    return file;
  }

  /** A Llama of width 32, 2 layers, 4 heads, context 512. */
  public static ModelConfig tinyLlama(int vocab, boolean tied) {
    return new ModelConfig(
        ModelFamily.LLAMA,
        "llama",
        vocab,
        32,
        2,
        4,
        4,
        8,
        64,
        512,
        1e-5f,
        Activation.SILU,
        RopeSettings.of(10000, 8),
        tied,
        false,
        false,
        false,
        false,
        null,
        List.of(PrompterFormat.EOS_ID),
        PrompterFormat.PAD_ID);
  }

  /** Encodes the records' rewrites of one style (or all styles when {@code style} is null). */
  public static List<TrainingExample> examples(
      Path tokenizerJson, List<PromptRewrite> records, RewriteStyle style) throws IOException {
    List<TrainingExample> out = new ArrayList<>();
    try (PrompterTokenizer tokenizer = PrompterTokenizer.load(tokenizerJson, 2048, false)) {
      for (PromptRewrite r : records) {
        for (RewriteStyle s : RewriteStyle.values()) {
          if (style == null || s == style) {
            TrainingExample e = PrompterFormat.encode(tokenizer, r.prompt(), r.rewrite(s), 1f, 512);
            if (e != null) {
              out.add(e);
            }
          }
        }
      }
    }
    return out;
  }
}

package io.promptstream.runtime.training.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptstream.runtime.tokenizer.PrompterTokenizer;
import io.promptstream.runtime.training.TrainingFixtures;
import io.promptstream.runtime.training.data.PromptRewrite;
import io.promptstream.runtime.training.data.PrompterFormat;
import io.promptstream.runtime.training.data.RewriteStyle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ByteLevelBpeTrainerTest {

  @TempDir Path dir;

  private static List<String> corpus() throws Exception {
    List<String> texts = new ArrayList<>();
    for (PromptRewrite r : TrainingFixtures.records(200)) {
      texts.add(r.prompt());
      texts.add(r.rewrite(RewriteStyle.STRUCTURED));
    }
    return texts;
  }

  private static ByteLevelBpeTrainer trainer(int vocab) {
    return ByteLevelBpeTrainer.builder()
        .optVocabSize(vocab)
        .optSpecialTokens(PrompterFormat.SPECIAL_TOKENS)
        .build();
  }

  @Test
  void shouldRoundTripTextThroughDjlsHuggingFaceTokenizer() throws Exception {
    List<String> texts = corpus();
    Path file = dir.resolve("tokenizer.json");
    TokenizerJson.write(trainer(1000).train(texts), file);
    List<String> samples = new ArrayList<>(texts.subList(0, 20));
    samples.add("  Leading spaces, tabs\tand\nnew lines; unicode: café, naïve, 東京, emoji 🚀!  ");
    samples.add("Numbers 3.14, 2,500 and 10^6 (plus 'quotes' and \"double quotes\").");

    try (PrompterTokenizer tokenizer = PrompterTokenizer.load(file, 4096, true)) {
      for (String text : samples) {
        long[] ids = tokenizer.encode(text).ids();

        assertThat(tokenizer.decode(ids)).isEqualTo(text);
        assertThat(java.util.Arrays.stream(ids))
            .allMatch(id -> id >= PrompterFormat.SPECIAL_TOKENS.size() && id < 1000);
      }
    }
  }

  @Test
  void shouldKeepSpecialTokensWholeAndAddNoOthers() throws Exception {
    Path file = dir.resolve("tokenizer.json");
    TokenizerJson.write(trainer(600).train(corpus()), file);

    try (PrompterTokenizer tokenizer = PrompterTokenizer.load(file, 4096, true)) {
      long[] ids = tokenizer.encode(PrompterFormat.TEMPLATE.apply("write a poem")).ids();

      assertThat(ids[0]).isEqualTo(PrompterFormat.USER_ID);
      assertThat(ids[ids.length - 1]).isEqualTo(PrompterFormat.REWRITE_ID);
      assertThat(tokenizer.decode(ids)).isEqualTo("write a poem");
    }
  }

  @Test
  void shouldFillTheVocabularyWithFrequentMergesFirst() throws Exception {
    BpeVocabulary vocabulary = trainer(800).train(corpus());

    assertThat(vocabulary.size()).isEqualTo(800);
    assertThat(vocabulary.tokenIds()).hasSize(800);
    // "Ġ" is the byte symbol of a space: " the" and " and" are among the commonest words.
    assertThat(vocabulary.tokenIds()).containsKeys("Ġthe", "Ġand");
    assertThat(vocabulary.specialId(PrompterFormat.EOS)).isEqualTo(PrompterFormat.EOS_ID);
  }

  @Test
  void shouldStopEarlyWhenNoPairIsFrequentEnough() {
    // "abc" and " abc" are pre-tokens once each: "a b" and "ab c" occur twice, "Ġ abc" once.
    BpeVocabulary vocabulary = trainer(5000).train(List.of("abc abc", "xyz"));

    assertThat(vocabulary.size()).isEqualTo(5 + 256 + 2);
    assertThat(vocabulary.tokenIds()).containsKeys("ab", "abc").doesNotContainKey("Ġabc");
  }

  @Test
  void shouldProduceTheSameFileForTheSameCorpus() throws Exception {
    Path first = dir.resolve("a.json");
    Path second = dir.resolve("b.json");

    TokenizerJson.write(trainer(700).train(corpus()), first);
    TokenizerJson.write(trainer(700).train(corpus()), second);

    assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
  }
}

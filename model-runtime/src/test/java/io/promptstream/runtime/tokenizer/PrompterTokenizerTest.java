package io.promptstream.runtime.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptstream.runtime.bench.ByteLevelBpe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrompterTokenizerTest {

  @TempDir Path dir;

  @Test
  void shouldRoundTripTextThroughTheByteLevelTokenizer() throws Exception {
    Path file = dir.resolve("tokenizer.json");
    ByteLevelBpe.write(file, 8192);
    try (PrompterTokenizer tokenizer = PrompterTokenizer.load(file, 64, true)) {
      String text = "Write a haiku about Kafka — äöü 🌊";

      long[] ids = tokenizer.encode(text).ids();

      assertThat(tokenizer.decode(ids)).isEqualTo(text);
      assertThat(ids.length).isLessThan(text.getBytes(StandardCharsets.UTF_8).length);
      assertThat(tokenizer.encode("x".repeat(200)).truncated()).isTrue();
    }
  }

  @Test
  void shouldHonourAMaximumLengthAboveTheLibraryDefaultOf512() throws Exception {
    Path file = dir.resolve("tokenizer.json");
    ByteLevelBpe.write(file, 400);
    try (PrompterTokenizer tokenizer = PrompterTokenizer.load(file, 2048, false)) {
      PrompterTokenizer.Encoded encoded = tokenizer.encode("q".repeat(1500));

      assertThat(encoded.ids()).hasSize(1500);
      assertThat(encoded.truncated()).isFalse();
      assertThat(tokenizer.encode("q".repeat(3000)).ids()).hasSize(2048);
    }
  }
}

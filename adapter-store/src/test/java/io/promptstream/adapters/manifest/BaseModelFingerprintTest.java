package io.promptstream.adapters.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaseModelFingerprintTest {

  @TempDir Path tmp;

  private Path checkpoint;

  @BeforeEach
  void setUp() throws Exception {
    checkpoint = Files.createDirectories(tmp.resolve("phi-2"));
    Files.writeString(checkpoint.resolve("config.json"), "{\"hidden_size\": 4}");
    Files.write(checkpoint.resolve("model-00001-of-00002.safetensors"), new byte[] {1, 2, 3});
    Files.write(checkpoint.resolve("model-00002-of-00002.safetensors"), new byte[] {4, 5});
    Files.writeString(checkpoint.resolve("tokenizer.json"), "{}");
  }

  @Test
  void shouldBeStableForTheSameFiles() throws Exception {
    String first = BaseModelFingerprint.of(checkpoint);

    assertThat(BaseModelFingerprint.of(checkpoint)).isEqualTo(first).hasSize(64);
  }

  @Test
  void shouldChangeWhenAWeightChanges() throws Exception {
    String before = BaseModelFingerprint.of(checkpoint);
    Files.write(checkpoint.resolve("model-00002-of-00002.safetensors"), new byte[] {4, 6});

    assertThat(BaseModelFingerprint.of(checkpoint)).isNotEqualTo(before);
  }

  @Test
  void shouldChangeWhenTheConfigChanges() throws Exception {
    String before = BaseModelFingerprint.of(checkpoint);
    Files.writeString(checkpoint.resolve("config.json"), "{\"hidden_size\": 8}");

    assertThat(BaseModelFingerprint.of(checkpoint)).isNotEqualTo(before);
  }

  @Test
  void shouldIgnoreTheTokenizer() throws Exception {
    String before = BaseModelFingerprint.of(checkpoint);
    Files.writeString(checkpoint.resolve("tokenizer.json"), "{\"added\": 1}");

    assertThat(BaseModelFingerprint.of(checkpoint)).isEqualTo(before);
  }

  @Test
  void shouldRefuseADirectoryWithoutConfig() throws Exception {
    Files.delete(checkpoint.resolve("config.json"));

    assertThatThrownBy(() -> BaseModelFingerprint.of(checkpoint))
        .isInstanceOf(NoSuchFileException.class);
  }
}

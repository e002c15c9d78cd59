package io.promptstream.runtime.prompter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import io.promptstream.runtime.bench.RandomCheckpoint;
import io.promptstream.runtime.generate.FinishReason;
import io.promptstream.runtime.generate.Generation;
import io.promptstream.runtime.generate.GenerationRequest;
import io.promptstream.runtime.generate.PromptTemplate;
import io.promptstream.runtime.model.ForwardInput;
import io.promptstream.runtime.model.ModelConfig;
import io.promptstream.runtime.model.UnsupportedModelException;
import io.promptstream.runtime.safetensors.InvalidSafetensorsException;
import io.promptstream.runtime.safetensors.SafetensorsDType;
import io.promptstream.runtime.testutil.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class PrompterLoadingTest {

  private static final PrompterOptions RAW =
      PrompterOptions.builder().optTemplate(PromptTemplate.RAW).build();

  @TempDir Path dir;

  static List<ModelConfig> configs() {
    return TinyModels.all();
  }

  @ParameterizedTest
  @MethodSource("configs")
  void shouldLoadATinyModelOfEachFamilyAndGenerate(ModelConfig config) throws Exception {
    TinyModels.write(dir, config);

    try (Prompter prompter = Prompter.load(dir, RAW)) {
      List<Generation> out =
          prompter.generate(
              List.of(
                  GenerationRequest.builder().setPrompt("hello world").optMaxNewTokens(5).build(),
                  GenerationRequest.builder().setPrompt("rewrite this please").build()));

      assertThat(prompter.config()).isEqualTo(config);
      assertThat(out).hasSize(2);
      assertThat(out.get(0).generatedTokens()).isBetween(1, 5);
      assertThat(out.get(0).promptTokens()).isPositive();
      assertThat(out.get(0).finishReason()).isIn(FinishReason.EOS, FinishReason.LENGTH);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = SafetensorsDType.class,
      names = {"BF16", "F16"})
  void shouldLoadHalfPrecisionCheckpointsConvertedToFloat32(SafetensorsDType dtype)
      throws Exception {
    ModelConfig config = TinyModels.llama();
    Path full = TinyModels.write(dir.resolve("f32"), config);
    Path half = TinyModels.write(dir.resolve(dtype.name()), config, dtype);

    try (Prompter reference = Prompter.load(full, RAW);
        Prompter converted = Prompter.load(half, RAW)) {
      float[] expected = lastLogits(reference, new long[] {3, 70, 120, 9});
      float[] actual = lastLogits(converted, new long[] {3, 70, 120, 9});

      // Rounding the weights to 16 bits moves logits a little, and only a little.
      assertThat(maxDifference(expected, actual)).isLessThan(0.05f);
    }
  }

  @Test
  void shouldLoadShardedCheckpointsThroughTheirIndex() throws Exception {
    ModelConfig config = TinyModels.phi();
    Path single = TinyModels.write(dir.resolve("single"), config);
    Path sharded =
        RandomCheckpoint.builder(config).optSeed(7).optShards(3).write(dir.resolve("sharded"));

    try (Prompter a = Prompter.load(single, RAW);
        Prompter b = Prompter.load(sharded, RAW)) {
      assertThat(lastLogits(b, new long[] {1, 2, 3}))
          .containsExactly(lastLogits(a, new long[] {1, 2, 3}));
    }
  }

  @Test
  void shouldRefuseADirectoryWithOnlyPickleWeights() throws Exception {
    TinyModels.write(dir, TinyModels.gpt2());
    Files.move(dir.resolve("model.safetensors"), dir.resolve("pytorch_model.bin"));

    assertThatThrownBy(() -> Prompter.load(dir, RAW))
        .isInstanceOf(InvalidSafetensorsException.class)
        .hasMessageContaining("EXECUTABLE_FORMAT");
  }

  @Test
  void shouldRefuseAnUnsupportedModelTypeWithAClearMessage() throws Exception {
    TinyModels.write(dir, TinyModels.gpt2());
    Files.writeString(dir.resolve("config.json"), "{\"model_type\":\"mamba\"}");

    assertThatThrownBy(() -> Prompter.load(dir, RAW))
        .isInstanceOf(UnsupportedModelException.class)
        .hasMessageContaining("mamba")
        .hasMessageContaining("supported");
  }

  @Test
  void shouldRefuseACheckpointWhoseShapesContradictTheConfig() throws Exception {
    TinyModels.write(dir, TinyModels.llama());
    String config = Files.readString(dir.resolve("config.json"));
    Files.writeString(
        dir.resolve("config.json"),
        config.replace("\"intermediate_size\" : 48", "\"intermediate_size\" : 40"));

    assertThatThrownBy(() -> Prompter.load(dir, RAW))
        .isInstanceOf(UnsupportedModelException.class)
        .hasMessageContaining("gate_proj");
  }

  static float[] lastLogits(Prompter prompter, long[] ids) {
    boolean[][] real = new boolean[1][ids.length];
    java.util.Arrays.fill(real[0], true);
    try (NDScope scope = new NDScope()) {
      ForwardInput input = ForwardInput.causal(prompter.manager(), new long[][] {ids}, real);
      NDArray hidden = prompter.model().forward(input, null);
      return prompter
          .baseHead()
          .logits(hidden.get(new NDIndex("0, {}, :", ids.length - 1)))
          .toFloatArray();
    }
  }

  static float maxDifference(float[] a, float[] b) {
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}

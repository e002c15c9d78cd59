package io.promptstream.runtime.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import io.promptstream.runtime.generate.GenerationRequest;
import io.promptstream.runtime.generate.PromptTemplate;
import io.promptstream.runtime.model.ForwardInput;
import io.promptstream.runtime.model.ModelConfig;
import io.promptstream.runtime.prompter.Prompter;
import io.promptstream.runtime.prompter.PrompterOptions;
import io.promptstream.runtime.safetensors.InvalidSafetensorsException;
import io.promptstream.runtime.safetensors.SafetensorsDType;
import io.promptstream.runtime.safetensors.SafetensorsWriter;
import io.promptstream.runtime.testutil.TestHeads;
import io.promptstream.runtime.testutil.TinyModels;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AdapterHeadTest {

  @TempDir Path dir;

  static List<ModelConfig> configs() {
    return TinyModels.all();
  }

  @ParameterizedTest
  @MethodSource("configs")
  void shouldReproduceTheBaseLogitsExactlyWhenIdentityInitialised(ModelConfig config)
      throws Exception {
    try (Prompter prompter = load(config);
        AdapterHead identity = AdapterHeads.identity(prompter, "gpt-4o", "v0");
        NDScope scope = new NDScope()) {
      long[][] ids = {{4, 90, 17, 250, 33}, {8, 8, 160, 2, 71}};
      boolean[][] real = {{true, true, true, true, true}, {true, true, true, true, true}};
      NDArray hidden =
          prompter.model().forward(ForwardInput.causal(prompter.manager(), ids, real), null);

      float[] base = prompter.baseHead().logits(hidden).toFloatArray();
      float[] adapted = identity.logits(hidden).toFloatArray();

      assertThat(Arrays.equals(base, adapted)).isTrue();
      String text = "rewrite me";
      assertThat(
              prompter
                  .generate(GenerationRequest.builder().setPrompt(text).optHead(identity).build())
                  .tokenIds())
          .containsExactly(prompter.generate(GenerationRequest.of(text)).tokenIds());
    }
  }

  @Test
  void shouldExposeTheAdaptedHiddenStatesForTraining() throws Exception {
    try (Prompter prompter = load(TinyModels.phi());
        AdapterHead identity = AdapterHeads.identity(prompter, "t", "1");
        NDScope scope = new NDScope()) {
      NDArray e = prompter.manager().randomNormal(new ai.djl.ndarray.types.Shape(3, 32));

      assertThat(identity.transform(e).toFloatArray()).containsExactly(e.toFloatArray());
      assertThat(identity.parameters().keySet())
          .containsExactly("mlp.weight", "mlp.bias", "lm_head.weight", "lm_head.bias");
    }
  }

  @Test
  void shouldRoundTripThroughSafetensorsWithItsIdentity() throws Exception {
    try (Prompter prompter = load(TinyModels.llama());
        AdapterHead head =
            TestHeads.perturbed(
                prompter.baseHead(), new HeadId("llama-3-8b", "v7"), prompter.manager(), 5)) {
      Path file = dir.resolve("adapter.safetensors");

      AdapterHeadIo.write(head, file);
      try (AdapterHead read = AdapterHeadIo.read(file, prompter)) {
        assertThat(read.id()).isEqualTo(new HeadId("llama-3-8b", "v7"));
        assertThat(AdapterHeadIo.validate(file, 32, TinyModels.VOCAB)).isEqualTo(read.id());
        for (Map.Entry<String, NDArray> e : head.parameters().entrySet()) {
          assertThat(read.parameters().get(e.getKey()).toFloatArray())
              .containsExactly(e.getValue().toFloatArray());
        }
        assertThat(read.sizeInBytes()).isEqualTo(head.sizeInBytes());
      }
    }
  }

  @Test
  void shouldReadBfloat16HeadsConvertedToFloat32() throws Exception {
    try (Prompter prompter = load(TinyModels.gpt2());
        AdapterHead identity = AdapterHeads.identity(prompter, "t", "1")) {
      Path file = dir.resolve("bf16.safetensors");
      SafetensorsWriter writer =
          new SafetensorsWriter()
              .metadata(AdapterHeadIo.META_FORMAT, AdapterHeadIo.FORMAT)
              .metadata(AdapterHeadIo.META_TARGET, "t")
              .metadata(AdapterHeadIo.META_VERSION, "2");
      identity.parameters().forEach((k, v) -> writer.add(k, v, SafetensorsDType.BF16));
      writer.write(file);

      try (AdapterHead read = AdapterHeadIo.read(file, prompter)) {
        assertThat(read.parameters().get("mlp.weight").toFloatArray())
            .containsExactly(identity.parameters().get("mlp.weight").toFloatArray());
      }
    }
  }

  @Test
  void shouldRefuseHeadFilesThatDoNotFitTheModel() throws Exception {
    try (Prompter prompter = load(TinyModels.gpt2());
        AdapterHead identity = AdapterHeads.identity(prompter, "t", "1")) {
      Path file = dir.resolve("adapter.safetensors");
      AdapterHeadIo.write(identity, file);

      assertThatThrownBy(() -> AdapterHeadIo.validate(file, 64, TinyModels.VOCAB))
          .isInstanceOf(InvalidSafetensorsException.class)
          .hasMessageContaining("mlp.weight");
      Path noMetadata = dir.resolve("bare.safetensors");
      SafetensorsWriter bare = new SafetensorsWriter();
      identity.parameters().forEach(bare::add);
      bare.write(noMetadata);
      assertThatThrownBy(() -> AdapterHeadIo.read(noMetadata, prompter))
          .isInstanceOf(InvalidSafetensorsException.class)
          .hasMessageContaining("metadata");
    }
  }

  @Test
  void shouldFreeItsArraysOnlyAfterTheLastUserReleases() throws Exception {
    try (Prompter prompter = load(TinyModels.gpt2())) {
      AdapterHead head = AdapterHeads.identity(prompter, "t", "1");
      NDArray weight = head.parameters().get("mlp.weight");

      assertThat(head.tryRetain()).isTrue();
      head.close();
      assertThat(head.isFreed()).isFalse();
      assertThat(weight.isReleased()).isFalse();
      head.release();

      assertThat(head.isFreed()).isTrue();
      assertThat(weight.isReleased()).isTrue();
      assertThat(head.tryRetain()).isFalse();
    }
  }

  private Prompter load(ModelConfig config) throws Exception {
    return Prompter.load(
        TinyModels.write(dir.resolve("model"), config),
        PrompterOptions.builder().optTemplate(PromptTemplate.RAW).build());
  }

  static NDIndex last(int t) {
    return new NDIndex(":, {}, :", t - 1);
  }
}

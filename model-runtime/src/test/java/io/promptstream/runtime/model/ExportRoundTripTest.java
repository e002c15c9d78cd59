package io.promptstream.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.promptstream.runtime.prompter.Devices;
import io.promptstream.runtime.safetensors.SafetensorsHeader;
import io.promptstream.runtime.safetensors.SafetensorsWriter;
import io.promptstream.runtime.testutil.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExportRoundTripTest {

  @TempDir Path dir;

  static List<ModelConfig> configs() {
    return TinyModels.all();
  }

  @ParameterizedTest
  @MethodSource("configs")
  void shouldExportWeightsUnderTheirHuggingFaceNamesAndReloadThemIdentically(ModelConfig config)
      throws Exception {
    Path original = TinyModels.write(dir.resolve("original"), config);
    Path exported = dir.resolve("exported");
    Files.createDirectories(exported);
    Files.copy(original.resolve("config.json"), exported.resolve("config.json"));
    try (NDManager root = Devices.engine().newBaseManager();
        DecoderModel model = DecoderModel.load(original, config, root);
        NDManager target = root.newSubManager()) {
      SafetensorsWriter writer = new SafetensorsWriter();
      Map<String, NDArray> tensors = model.toHfTensors(target);
      tensors.forEach(writer::add);
      writer.write(exported.resolve("model.safetensors"));

      assertThat(SafetensorsHeader.read(exported.resolve("model.safetensors")).names())
          .containsExactlyInAnyOrderElementsOf(
              SafetensorsHeader.read(original.resolve("model.safetensors")).names());
      try (DecoderModel reloaded = DecoderModel.load(exported, config, root)) {
        assertThat(logits(reloaded, root)).isEqualTo(logits(model, root));
      }
    }
  }

  private static String logits(DecoderModel model, NDManager m) {
    boolean[][] real = {{true, true, true, true}};
    try (NDScope scope = new NDScope()) {
      NDArray hidden =
          model.forward(ForwardInput.causal(m, new long[][] {{9, 99, 199, 299}}, real), null);
      return Arrays.toString(model.baseHead().logits(hidden).toFloatArray());
    }
  }
}

package io.promptstream.runtime.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.promptstream.runtime.model.CheckpointFiles;
import io.promptstream.runtime.model.DecoderModel;
import io.promptstream.runtime.model.HfConfigJson;
import io.promptstream.runtime.model.ModelConfig;
import io.promptstream.runtime.prompter.Prompter;
import io.promptstream.runtime.safetensors.SafetensorsWriter;
import io.promptstream.runtime.training.data.PrompterFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Exports a trained model as a plain Hugging Face directory that {@link Prompter#load} (and Hugging
 * Face {@code transformers}) can load: {@code config.json}, {@code model.safetensors} (float32,
 * Hugging Face tensor names), {@code tokenizer.json} and the template file of {@link
 * PrompterFormat}.
 */
public final class PrompterCheckpoint {

  private PrompterCheckpoint() {}

  /**
   * Writes the directory (created if needed; existing files are replaced, each atomically).
   *
   * @param model the model to export (its current weights)
   * @param config the configuration to record (normally the model's)
   * @param tokenizerJson the tokenizer file to copy
   * @param dir destination
   */
  public static void export(DecoderModel model, ModelConfig config, Path tokenizerJson, Path dir)
      throws IOException {
    Files.createDirectories(dir);
    try (NDManager staging = model.manager().newSubManager()) {
      SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
      for (Map.Entry<String, NDArray> e : model.toHfTensors(staging).entrySet()) {
        writer.add(e.getKey(), e.getValue());
      }
      writer.write(dir.resolve(CheckpointFiles.SINGLE_FILE));
    }
    Path config1 = dir.resolve(Prompter.CONFIG_FILE + ".tmp");
    HfConfigJson.write(config, config1);
    Files.move(config1, dir.resolve(Prompter.CONFIG_FILE), StandardCopyOption.REPLACE_EXISTING);
    Path target = dir.resolve(Prompter.TOKENIZER_FILE);
    if (!Files.exists(target) || !Files.isSameFile(tokenizerJson, target)) {
      Files.copy(tokenizerJson, target, StandardCopyOption.REPLACE_EXISTING);
    }
    PrompterFormat.writeTemplateFile(dir);
  }
}

package io.promptstream.runtime.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptstream.runtime.training.data.PromptRewrite;
import io.promptstream.runtime.training.eval.EvalRow;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultPrompterRecipeTest {

  @TempDir Path dir;

  @Test
  void shouldRunTheWholeRecipeAtATinySizeAndWriteEveryArtifact() throws Exception {
    List<PromptRewrite> records = TrainingFixtures.records(60);
    Path data = dir.resolve("data.jsonl");
    // The first 60 lines of the repository dataset.
    Files.write(data, Files.readAllLines(TrainingFixtures.DATASET).subList(0, records.size()));
    RecipeOptions options =
        new RecipeOptions(
            dir.resolve("out"),
            data,
            5,
            0.1,
            400,
            32,
            2,
            4,
            64,
            512,
            true,
            true,
            50,
            1,
            1e-3f,
            2048,
            1,
            1e-3f,
            Instant.parse("2025-01-01T00:00:00Z"),
            true);
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    DefaultPrompterRecipe.Result result =
        DefaultPrompterRecipe.run(options, new PrintStream(log, true, "UTF-8"));

    Path out = dir.resolve("out");
    assertThat(out.resolve("config.json")).exists();
    assertThat(out.resolve("model.safetensors")).exists();
    assertThat(out.resolve("tokenizer.json")).exists();
    assertThat(out.resolve("promptstream.json")).exists();
    assertThat(out.resolve("training.json")).exists();
    assertThat(out.resolve("eval.json")).exists();
    for (DefaultHeads.Spec spec : DefaultHeads.ALL) {
      assertThat(out.resolve("heads").resolve(spec.targetLlm()).resolve("adapter.safetensors"))
          .exists();
      assertThat(out.resolve("heads").resolve(spec.targetLlm()).resolve("manifest.json")).exists();
    }
    assertThat(result.stage2()).containsOnlyKeys("gemma-7b", "llama-3-8b", "mixtral-8x7b");
    assertThat(result.evaluation().rows())
        .extracting(EvalRow::name)
        .containsExactly(
            "gemma-7b",
            "llama-3-8b",
            "mixtral-8x7b",
            "base",
            "reference:structured",
            "reference:expert",
            "reference:concise");
    assertThat(result.evaluation().heldOutPrompts()).isEqualTo(6);
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("stage 1: ", "stage 2: ");
  }
}

package io.promptstream.runtime.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstream.runtime.adapter.AdapterHead;
import io.promptstream.runtime.adapter.AdapterHeadIo;
import io.promptstream.runtime.adapter.AdapterHeads;
import io.promptstream.runtime.adapter.HeadId;
import io.promptstream.runtime.model.DecoderModel;
import io.promptstream.runtime.model.ForwardInput;
import io.promptstream.runtime.model.ModelConfig;
import io.promptstream.runtime.model.OutputHead;
import io.promptstream.runtime.training.data.PromptRewrite;
import io.promptstream.runtime.training.data.RewriteStyle;
import io.promptstream.runtime.training.data.TrainingExample;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadTrainingTest {

  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @TempDir Path dir;

  private List<TrainingExample> structured;
  private List<TrainingExample> heldOut;
  private ModelConfig config;

  @BeforeEach
  void setUp() throws Exception {
    List<PromptRewrite> records = TrainingFixtures.records(40);
    Path tokenizer = TrainingFixtures.tokenizer(dir, records);
    structured =
        TrainingFixtures.examples(tokenizer, records.subList(0, 12), RewriteStyle.STRUCTURED);
    heldOut =
        TrainingFixtures.examples(tokenizer, records.subList(30, 34), RewriteStyle.STRUCTURED);
    config = TrainingFixtures.tinyLlama(TrainingFixtures.VOCAB, true);
    ScratchInit.write(config, dir.resolve("model"), 3);
  }

  @Test
  void shouldStartFromAnIdentityHeadThatReproducesTheBaseLogits() throws Exception {
    try (NDManager root = Engine.getInstance().newBaseManager();
        DecoderModel model = DecoderModel.load(dir.resolve("model"), config, root);
        AdapterHead head = AdapterHeads.identity(model, new HeadId("gemma-7b", "v1"), root)) {
      assertThat(logits(model, head, root)).containsExactly(logits(model, model.baseHead(), root));
    }
  }

  @Test
  void shouldLeaveTheBaseLogitsUnchangedWithAZeroLearningRate() throws Exception {
    try (NDManager root = Engine.getInstance().newBaseManager();
        DecoderModel model = DecoderModel.load(dir.resolve("model"), config, root)) {
      HeadTraining.Result result =
          HeadTraining.train(
              model,
              new HeadId("gemma-7b", "v1"),
              structured,
              heldOut,
              HeadTraining.defaultSettings().optEpochs(2).optPeakLearningRate(0f).build(),
              QUIET);

      try (AdapterHead head = result.head()) {
        assertThat(result.report().steps()).isPositive();
        assertThat(logits(model, head, root))
            .containsExactly(logits(model, model.baseHead(), root));
      }
    }
  }

  @Test
  void shouldLowerTheLossOfItsStyleAndLeaveTheTrunkAlone() throws Exception {
    try (NDManager root = Engine.getInstance().newBaseManager();
        DecoderModel model = DecoderModel.load(dir.resolve("model"), config, root)) {
      float[] trunkBefore = model.parameters().get("layers.0.qkv.weight").toFloatArray();

      HeadTraining.Result result =
          HeadTraining.train(
              model,
              new HeadId("gemma-7b", "v1"),
              structured,
              structured,
              HeadTraining.defaultSettings().optEpochs(30).optPeakLearningRate(1e-2f).build(),
              QUIET);

      try (AdapterHead head = result.head()) {
        assertThat(result.report().finalHeldOutLoss())
            .isLessThan(result.initialHeldOutLoss() - 1.0);
        assertThat(HeldOutLoss.of(model, head, structured).loss())
            .isCloseTo(
                result.report().finalHeldOutLoss(), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(model.parameters().get("layers.0.qkv.weight").toFloatArray())
            .containsExactly(trunkBefore);
      }
    }
  }

  @Test
  void shouldWeightExamplesInTheLoss() throws Exception {
    List<TrainingExample> pair = structured.subList(0, 2);
    List<TrainingExample> firstHeavy = new ArrayList<>();
    firstHeavy.add(new TrainingExample(pair.get(0).ids(), pair.get(0).promptLength(), 3f));
    firstHeavy.add(pair.get(1));
    try (NDManager root = Engine.getInstance().newBaseManager();
        DecoderModel model = DecoderModel.load(dir.resolve("model"), config, root)) {
      double a = HeldOutLoss.of(model, model.baseHead(), pair.subList(0, 1)).loss();
      double b = HeldOutLoss.of(model, model.baseHead(), pair.subList(1, 2)).loss();
      int na = pair.get(0).targetCount();
      int nb = pair.get(1).targetCount();

      double weighted = HeldOutLoss.of(model, model.baseHead(), firstHeavy).loss();

      assertThat(weighted)
          .isCloseTo(
              (3 * na * a + nb * b) / (3 * na + nb), org.assertj.core.data.Offset.offset(1e-4));
    }
  }

  @Test
  void shouldWriteAnArtifactThatLoadsAndMatchesItsManifest() throws Exception {
    try (NDManager root = Engine.getInstance().newBaseManager();
        DecoderModel model = DecoderModel.load(dir.resolve("model"), config, root)) {
      HeadTraining.Result result =
          HeadTraining.train(
              model,
              new HeadId("llama-3-8b", "v1"),
              structured,
              List.of(),
              HeadTraining.defaultSettings().optEpochs(1).build(),
              QUIET);
      Path headDir = dir.resolve("heads/llama-3-8b");
      try (AdapterHead head = result.head()) {
        HeadArtifact.writeWeights(head, headDir);
        HeadArtifact.writeManifest(
            headDir,
            HeadArtifact.Description.of(
                head,
                "sha256:abc",
                Instant.parse("2025-01-01T00:00:00Z"),
                structured.size(),
                "test",
                "uniform",
                RewriteStyle.EXPERT,
                Map.of("held_out_loss", 1.5, "not_a_number", Double.NaN)));

        try (AdapterHead loaded =
            AdapterHeadIo.read(headDir.resolve(HeadArtifact.WEIGHTS_FILE), config, root)) {
          assertThat(loaded.id()).isEqualTo(new HeadId("llama-3-8b", "v1"));
          assertThat(logits(model, loaded, root)).containsExactly(logits(model, head, root));
        }
      }
      JsonNode manifest = new ObjectMapper().readTree(headDir.resolve("manifest.json").toFile());
      assertThat(manifest.path("files").path("adapter.safetensors").asText())
          .isEqualTo(HeadArtifact.sha256(headDir.resolve("adapter.safetensors")));
      assertThat(manifest.path("targetLlm").asText()).isEqualTo("llama-3-8b");
      assertThat(manifest.path("createdAt").asText()).isEqualTo("2025-01-01T00:00:00Z");
      assertThat(manifest.path("head").path("vocabSize").asInt()).isEqualTo(TrainingFixtures.VOCAB);
      assertThat(manifest.path("metrics").has("not_a_number")).isFalse();
      assertThat(manifest.path("style").asText()).isEqualTo("expert");

      HeadArtifact.updateMetrics(headDir, Map.of("style_adherence", 0.75));

      JsonNode updated = new ObjectMapper().readTree(headDir.resolve("manifest.json").toFile());
      assertThat(updated.path("metrics").path("style_adherence").asDouble()).isEqualTo(0.75);
      assertThat(updated.path("metrics").path("held_out_loss").asDouble()).isEqualTo(1.5);
      assertThat(updated.path("baseModelFingerprint").asText()).isEqualTo("sha256:abc");
    }
  }

  private float[] logits(DecoderModel model, OutputHead head, NDManager root) {
    TrainingExample e = heldOut.get(0);
    try (NDScope scope = new NDScope();
        NDManager work = root.newSubManager()) {
      long[] ids = e.ids();
      boolean[] real = new boolean[ids.length];
      java.util.Arrays.fill(real, true);
      NDArray hidden =
          model.forward(
              ForwardInput.causal(work, new long[][] {ids}, new boolean[][] {real}), null);
      return head.logits(hidden).toFloatArray();
    }
  }
}

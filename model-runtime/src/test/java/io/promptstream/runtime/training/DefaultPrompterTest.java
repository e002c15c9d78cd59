package io.promptstream.runtime.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstream.runtime.adapter.AdapterHead;
import io.promptstream.runtime.adapter.AdapterHeadIo;
import io.promptstream.runtime.adapter.HeadId;
import io.promptstream.runtime.generate.Generation;
import io.promptstream.runtime.generate.GenerationRequest;
import io.promptstream.runtime.model.ModelFingerprint;
import io.promptstream.runtime.prompter.Prompter;
import io.promptstream.runtime.training.data.PromptRewriteDataset;
import io.promptstream.runtime.training.data.PrompterFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Smoke test of the shipped default prompter and its three heads (no training). */
class DefaultPrompterTest {

  private static final Path DIR = TrainingFixtures.DEFAULT_PROMPTER;

  @Test
  void shouldLoadTheDefaultPrompterAndRewriteADatasetPromptWithEveryHead() throws Exception {
    String prompt = PromptRewriteDataset.read(TrainingFixtures.DATASET).get(0).prompt();

    try (Prompter prompter = Prompter.load(DIR)) {
      List<AdapterHead> heads = new ArrayList<>();
      try {
        List<GenerationRequest> requests = new ArrayList<>();
        requests.add(GenerationRequest.builder().setPrompt(prompt).optMaxNewTokens(12).build());
        for (DefaultHeads.Spec spec : DefaultHeads.ALL) {
          Path file = DIR.resolve("heads").resolve(spec.targetLlm()).resolve("adapter.safetensors");
          AdapterHead head = AdapterHeadIo.read(file, prompter);
          heads.add(head);
          assertThat(head.id()).isEqualTo(new HeadId(spec.targetLlm(), DefaultHeads.VERSION));
          requests.add(
              GenerationRequest.builder()
                  .setPrompt(prompt)
                  .optHead(head)
                  .optMaxNewTokens(12)
                  .build());
        }

        List<Generation> out = prompter.generate(requests);

        assertThat(prompter.template()).isEqualTo(PrompterFormat.TEMPLATE);
        assertThat(out).hasSize(4).allSatisfy(g -> assertThat(g.text()).isNotBlank());
      } finally {
        heads.forEach(AdapterHead::close);
      }
    }
  }

  @Test
  void shouldRecordTheShippedTrunksFingerprintAndFileHashInEveryManifest() throws Exception {
    String fingerprint = ModelFingerprint.of(DIR);

    for (DefaultHeads.Spec spec : DefaultHeads.ALL) {
      Path headDir = DIR.resolve("heads").resolve(spec.targetLlm());
      JsonNode manifest = new ObjectMapper().readTree(headDir.resolve("manifest.json").toFile());

      assertThat(manifest.path("baseModelFingerprint").asText()).isEqualTo(fingerprint);
      assertThat(manifest.path("version").asText()).isEqualTo(DefaultHeads.VERSION);
      assertThat(manifest.path("style").asText()).isEqualTo(spec.style().key());
      assertThat(manifest.path("files").path("adapter.safetensors").asText())
          .isEqualTo(HeadArtifact.sha256(headDir.resolve("adapter.safetensors")));
    }
  }
}

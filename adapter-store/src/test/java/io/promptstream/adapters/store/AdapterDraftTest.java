package io.promptstream.adapters.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptstream.adapters.testutil.Adapters;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdapterDraftTest {

  private static final Path WEIGHTS = Path.of("head.safetensors");

  @Test
  void shouldDefaultToAStoreAssignedVersionWithoutParentOrMetrics() {
    AdapterDraft draft =
        AdapterDraft.builder()
            .setTargetLlm("gpt-4o")
            .setWeights(WEIGHTS)
            .setBaseModelFingerprint(Adapters.TRUNK)
            .setHead(Adapters.HEAD)
            .build();

    assertThat(draft.version()).isNull();
    assertThat(draft.parentVersion()).isNull();
    assertThat(draft.trainingData()).isNull();
    assertThat(draft.metrics()).isEmpty();
  }

  @Test
  void shouldNameTheFieldThatIsInvalid() {
    assertThatThrownBy(() -> Adapters.draft("gpt-4o", WEIGHTS).optVersion("v/1").build())
        .hasMessageStartingWith("version must be");
    assertThatThrownBy(() -> Adapters.draft("gpt-4o", WEIGHTS).optParentVersion("..").build())
        .hasMessageStartingWith("parentVersion must be");
    assertThatThrownBy(() -> Adapters.draft("gpt-4o", WEIGHTS).setBaseModelFingerprint(" ").build())
        .hasMessageStartingWith("baseModelFingerprint");
    assertThatThrownBy(
            () ->
                Adapters.draft("gpt-4o", WEIGHTS)
                    .optMetrics(Map.of("win_rate", Double.POSITIVE_INFINITY))
                    .build())
        .hasMessageContaining("win_rate");
    assertThatThrownBy(() -> Adapters.draft("gpt-4o", null).build()).hasMessage("weights");
  }
}

package io.promptstream.adapters.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptstream.adapters.testutil.Adapters;
import org.junit.jupiter.api.Test;

class AdapterExpectationsTest {

  @Test
  void shouldBindToOneArtifact() {
    AdapterExpectations bound = Adapters.trunk().forVersion("gpt-4o", "v000003", "c".repeat(64));

    assertThat(bound.targetLlm()).isEqualTo("gpt-4o");
    assertThat(bound.version()).isEqualTo("v000003");
    assertThat(bound.manifestSha256()).isEqualTo("c".repeat(64));
    assertThat(bound.baseModelFingerprint()).isEqualTo(Adapters.TRUNK);
  }

  @Test
  void shouldNameAMissingOrInvalidField() {
    assertThatThrownBy(() -> AdapterExpectations.builder().setHiddenSize(4).setVocabSize(6).build())
        .hasMessageStartingWith("baseModelFingerprint");
    assertThatThrownBy(
            () ->
                AdapterExpectations.builder().setBaseModelFingerprint("f").setVocabSize(6).build())
        .hasMessageStartingWith("hiddenSize");
    assertThatThrownBy(() -> Adapters.trunk().forVersion("t", "v", "ABC"))
        .hasMessageStartingWith("manifestSha256");
  }
}

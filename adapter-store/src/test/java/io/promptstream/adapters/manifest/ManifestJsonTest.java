package io.promptstream.adapters.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestJsonTest {

  private static AdapterManifest manifest() {
    return new AdapterManifest(
        1,
        "gpt-4o",
        "v000002",
        "v000001",
        "ab".repeat(32),
        new HeadShape(2560, 51200, false),
        Map.of("adapter.safetensors", "cd".repeat(32)),
        Instant.parse("2025-03-01T10:00:00Z"),
        new TrainingDataSummary(
            1800,
            List.of("feedback.judgments"),
            "wins only",
            Instant.parse("2025-02-01T00:00:00Z"),
            Instant.parse("2025-02-28T00:00:00Z")),
        Map.of("win_rate", 0.91, "length_controlled_win_rate", 0.88));
  }

  @Test
  void shouldReadBackWhatItWrites() throws Exception {
    assertThat(ManifestJson.read(ManifestJson.write(manifest()))).isEqualTo(manifest());
  }

  @Test
  void shouldWriteTheSameBytesForTheSameManifest() {
    assertThat(ManifestJson.write(manifest())).isEqualTo(ManifestJson.write(manifest()));
  }

  @Test
  void shouldWriteInstantsAsIsoStrings() {
    String json = new String(ManifestJson.write(manifest()), StandardCharsets.UTF_8);

    assertThat(json).contains("\"createdAt\" : \"2025-03-01T10:00:00Z\"");
  }

  @Test
  void shouldToleratePropertiesAddedByANewerWriter() throws Exception {
    String json = new String(ManifestJson.write(manifest()), StandardCharsets.UTF_8);
    String extended = json.replaceFirst("\\{", "{\"signature\": {\"alg\": \"ed25519\"},");

    assertThat(ManifestJson.read(extended.getBytes(StandardCharsets.UTF_8))).isEqualTo(manifest());
  }

  @Test
  void shouldRefuseAMissingRequiredField() {
    String json = new String(ManifestJson.write(manifest()), StandardCharsets.UTF_8);
    String withoutTarget = json.replace("\"targetLlm\" : \"gpt-4o\",", "");

    assertThatThrownBy(() -> ManifestJson.read(withoutTarget.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("targetLlm");
  }

  @Test
  void shouldRefuseANonFiniteMetric() {
    assertThatThrownBy(
            () ->
                new AdapterManifest(
                    1,
                    "t",
                    "v1",
                    null,
                    "f",
                    new HeadShape(1, 1, false),
                    Map.of(),
                    Instant.EPOCH,
                    null,
                    Map.of("win_rate", Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("win_rate");
  }
}

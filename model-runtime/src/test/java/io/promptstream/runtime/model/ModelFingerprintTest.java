package io.promptstream.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptstream.runtime.bench.RandomCheckpoint;
import io.promptstream.runtime.testutil.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFingerprintTest {

  @TempDir Path dir;

  @Test
  void shouldNotDependOnHowTheWeightsAreSharded() throws Exception {
    Path single = TinyModels.write(dir.resolve("single"), TinyModels.phi());
    Path sharded =
        RandomCheckpoint.builder(TinyModels.phi()).optSeed(7).optShards(4).write(dir.resolve("s"));

    assertThat(ModelFingerprint.of(sharded)).isEqualTo(ModelFingerprint.of(single));
    assertThat(ModelFingerprint.of(single)).matches("sha256:[0-9a-f]{64}");
  }

  @Test
  void shouldChangeWhenWeightsOrConfigChange() throws Exception {
    Path a = TinyModels.write(dir.resolve("a"), TinyModels.gpt2());
    Path b = RandomCheckpoint.builder(TinyModels.gpt2()).optSeed(8).write(dir.resolve("b"));
    String fingerprint = ModelFingerprint.of(a);

    assertThat(ModelFingerprint.of(b)).isNotEqualTo(fingerprint);
    Files.writeString(
        a.resolve("config.json"), Files.readString(a.resolve("config.json")).replace("}", " }"));
    assertThat(ModelFingerprint.of(a)).isNotEqualTo(fingerprint);
  }
}

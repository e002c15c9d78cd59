package io.promptstream.topology.heads;

import io.promptstream.adapters.manifest.BaseModelFingerprint;
import io.promptstream.adapters.manifest.HeadShape;
import io.promptstream.adapters.store.AdapterDraft;
import io.promptstream.adapters.store.AdapterStore;
import io.promptstream.adapters.verify.AdapterExpectations;
import io.promptstream.runtime.adapter.AdapterHeadIo;
import io.promptstream.runtime.adapter.HeadId;
import io.promptstream.runtime.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a directory of trained heads into an adapter store: each subdirectory holding an {@code
 * adapter.safetensors} becomes the version its weights name, for the target they name, and is made
 * active when its target has no active version yet. Versions already in the store are left alone,
 * so seeding twice changes nothing.
 */
public final class HeadSeeder {

  private static final Logger log = LoggerFactory.getLogger(HeadSeeder.class);
  private static final String WEIGHTS = "adapter.safetensors";

  private HeadSeeder() {}

  /**
   * @return the heads now active because of this call
   */
  public static List<HeadId> seed(AdapterStore store, Path headsDir, Path modelDir)
      throws IOException {
    ModelConfig config = ModelConfig.read(modelDir.resolve("config.json"));
    String fingerprint = BaseModelFingerprint.of(modelDir);
    AdapterExpectations expectations =
        AdapterExpectations.builder()
            .setBaseModelFingerprint(fingerprint)
            .setHiddenSize(config.hiddenSize())
            .setVocabSize(config.vocabSize())
            .build();
    List<HeadId> activated = new ArrayList<>();
    List<Path> dirs;
    try (Stream<Path> children = Files.list(headsDir)) {
      dirs = children.filter(d -> Files.isRegularFile(d.resolve(WEIGHTS))).sorted().toList();
    }
    for (Path dir : dirs) {
      Path weights = dir.resolve(WEIGHTS);
      HeadId id = AdapterHeadIo.validate(weights, config.hiddenSize(), config.vocabSize());
      if (store.get(id.targetLlm(), id.version()).isEmpty()) {
        store.publish(
            AdapterDraft.builder()
                .setTargetLlm(id.targetLlm())
                .setWeights(weights)
                .setBaseModelFingerprint(fingerprint)
                .setHead(new HeadShape(config.hiddenSize(), config.vocabSize(), hasBias(weights)))
                .optVersion(id.version())
                .build());
        log.info("Published head {} of {} from {}", id.version(), id.targetLlm(), dir);
      }
      if (store.active(id.targetLlm()).isEmpty()) {
        store.promote(id.targetLlm(), id.version(), expectations, "seeded from " + dir);
        activated.add(id);
      }
    }
    return activated;
  }

  private static boolean hasBias(Path weights) throws IOException {
    return io.promptstream.runtime.safetensors.SafetensorsHeader.read(weights)
        .contains(io.promptstream.runtime.adapter.AdapterHead.LM_HEAD_BIAS);
  }
}

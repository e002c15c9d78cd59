package io.promptstream.topology.testutil;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstream.adapters.manifest.BaseModelFingerprint;
import io.promptstream.adapters.manifest.HeadShape;
import io.promptstream.adapters.store.AdapterDraft;
import io.promptstream.adapters.store.AdapterStore;
import io.promptstream.adapters.verify.AdapterExpectations;
import io.promptstream.runtime.adapter.AdapterHead;
import io.promptstream.runtime.adapter.AdapterHeadIo;
import io.promptstream.runtime.adapter.AdapterHeads;
import io.promptstream.runtime.bench.RandomCheckpoint;
import io.promptstream.runtime.model.HfConfigJson;
import io.promptstream.runtime.model.ModelConfig;
import io.promptstream.runtime.prompter.Prompter;
import java.nio.file.Files;
import java.nio.file.Path;

/** A tiny random llama-family prompter and identity heads for it, for stream tests. */
public final class TinyPrompter {

  private TinyPrompter() {}

  /** Writes a random 2-layer, 32-wide llama checkpoint with a byte-level tokenizer. */
  public static Path write(Path dir) throws Exception {
    ModelConfig config =
        HfConfigJson.parse(
            new ObjectMapper()
                .readTree(
                    """
                    {"model_type": "llama", "vocab_size": 300, "hidden_size": 32,
                     "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
                     "intermediate_size": 64, "max_position_embeddings": 512,
                     "rms_norm_eps": 1e-5, "rope_theta": 10000.0, "hidden_act": "silu",
                     "tie_word_embeddings": false, "bos_token_id": 299, "eos_token_id": 299}
                    """));
    return RandomCheckpoint.builder(config).optSeed(7).optScale(0.05f).write(dir);
  }

  /**
   * Writes identity heads of version v1 for {@code targets} as a heads directory: one subdirectory
   * per target holding {@code adapter.safetensors}.
   */
  public static Path writeHeadsDir(Path modelDir, Path headsDir, java.util.List<String> targets)
      throws Exception {
    try (Prompter prompter = Prompter.load(modelDir)) {
      for (String target : targets) {
        Path dir = Files.createDirectories(headsDir.resolve(target));
        try (AdapterHead head = AdapterHeads.identity(prompter, target, "v1")) {
          AdapterHeadIo.write(head, dir.resolve("adapter.safetensors"));
        }
      }
    }
    return headsDir;
  }

  /**
   * Publishes an identity head of {@code version} for {@code target} to the store and, when {@code
   * promote} is set, makes it the active version.
   */
  public static void publishIdentityHead(
      AdapterStore store, Path modelDir, String target, String version, boolean promote)
      throws Exception {
    String fingerprint = BaseModelFingerprint.of(modelDir);
    Path staging = Files.createTempDirectory(modelDir.getParent(), "head-");
    Path weights = staging.resolve("adapter.safetensors");
    try (Prompter prompter = Prompter.load(modelDir);
        AdapterHead head = AdapterHeads.identity(prompter, target, version)) {
      AdapterHeadIo.write(head, weights);
      ModelConfig c = prompter.config();
      store.publish(
          AdapterDraft.builder()
              .setTargetLlm(target)
              .setWeights(weights)
              .setBaseModelFingerprint(fingerprint)
              .setHead(new HeadShape(c.hiddenSize(), c.vocabSize(), c.lmHeadBias()))
              .optVersion(version)
              .build());
      if (promote) {
        store.promote(
            target,
            version,
            AdapterExpectations.builder()
                .setBaseModelFingerprint(fingerprint)
                .setHiddenSize(c.hiddenSize())
                .setVocabSize(c.vocabSize())
                .build(),
            "test");
      }
    }
  }
}

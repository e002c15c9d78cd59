package io.promptstream.runtime.testutil;

import io.promptstream.runtime.bench.RandomCheckpoint;
import io.promptstream.runtime.model.Activation;
import io.promptstream.runtime.model.ModelConfig;
import io.promptstream.runtime.model.ModelFamily;
import io.promptstream.runtime.model.RopeSettings;
import io.promptstream.runtime.safetensors.SafetensorsDType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Tiny random models of every family, written in Hugging Face layout. */
public final class TinyModels {

  /** Vocabulary of every tiny model: the byte-level tokenizer's 256 bytes, merges and EOS. */
  public static final int VOCAB = 320;

  /** The end-of-text id (the last one). */
  public static final int EOS = VOCAB - 1;

  private TinyModels() {}

  /** GPT-2: 2 layers, width 32, 4 heads, learned positions up to 64. */
  public static ModelConfig gpt2() {
    return new ModelConfig(
        ModelFamily.GPT2,
        "gpt2",
        VOCAB,
        32,
        2,
        4,
        4,
        8,
        64,
        64,
        1e-5f,
        Activation.GELU_TANH,
        null,
        true,
        true,
        true,
        true,
        false,
        EOS,
        List.of(EOS),
        null);
  }

  /** Llama with grouped-query attention (4 query heads, 2 KV heads) and an untied LM head. */
  public static ModelConfig llama() {
    return new ModelConfig(
        ModelFamily.LLAMA,
        "llama",
        VOCAB,
        32,
        2,
        4,
        2,
        8,
        48,
        128,
        1e-6f,
        Activation.SILU,
        RopeSettings.of(10000, 8),
        false,
        false,
        false,
        false,
        false,
        null,
        List.of(EOS),
        null);
  }

  /** Qwen2 shape: q/k/v biases, grouped-query attention, tied embeddings. */
  public static ModelConfig qwen2() {
    return new ModelConfig(
        ModelFamily.LLAMA,
        "qwen2",
        VOCAB,
        32,
        2,
        4,
        2,
        8,
        48,
        128,
        1e-6f,
        Activation.SILU,
        RopeSettings.of(1000000, 8),
        true,
        true,
        false,
        false,
        false,
        null,
        List.of(EOS),
        null);
  }

  /** Phi: parallel blocks, half of each head rotary, biased LM head. */
  public static ModelConfig phi() {
    return new ModelConfig(
        ModelFamily.PHI,
        "phi",
        VOCAB,
        32,
        2,
        4,
        4,
        8,
        64,
        128,
        1e-5f,
        Activation.GELU_TANH,
        RopeSettings.of(10000, 4),
        false,
        true,
        true,
        true,
        true,
        null,
        List.of(EOS),
        null);
  }

  /** All tiny configurations. */
  public static List<ModelConfig> all() {
    return List.of(gpt2(), llama(), qwen2(), phi());
  }

  /** Writes a float32 random checkpoint with seed 7. */
  public static Path write(Path dir, ModelConfig config) throws IOException {
    return RandomCheckpoint.builder(config).optSeed(7).write(dir);
  }

  /** Writes a random checkpoint stored as {@code dtype}. */
  public static Path write(Path dir, ModelConfig config, SafetensorsDType dtype)
      throws IOException {
    return RandomCheckpoint.builder(config).optSeed(7).optDtype(dtype).write(dir);
  }
}

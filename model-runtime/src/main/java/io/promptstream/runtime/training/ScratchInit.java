package io.promptstream.runtime.training;

import io.promptstream.runtime.model.CheckpointFiles;
import io.promptstream.runtime.model.HfConfigJson;
import io.promptstream.runtime.model.ModelConfig;
import io.promptstream.runtime.model.ModelFamily;
import io.promptstream.runtime.safetensors.SafetensorsDType;
import io.promptstream.runtime.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes the weights of a Llama-family model initialised for training from scratch: matrices drawn
 * from {@code N(0, 0.02²)}, the two projections that write into the residual stream ({@code
 * o_proj}, {@code down_proj}) scaled by {@code 1/√(2·layers)} as in GPT-2, RMSNorm weights 1. The
 * draw is a pure function of the seed.
 */
public final class ScratchInit {

  /** Standard deviation of matrices. */
  public static final double STD = 0.02;

  private ScratchInit() {}

  /**
   * Writes {@code config.json} and {@code model.safetensors} into {@code dir} (created if needed).
   *
   * @throws IllegalArgumentException for a family other than Llama, or a Qwen2 configuration (its
   *     biases are not initialised here)
   */
  public static Path write(ModelConfig config, Path dir, long seed) throws IOException {
    if (config.family() != ModelFamily.LLAMA || config.qkvBias() || config.mlpBias()) {
      throw new IllegalArgumentException(
          "training from scratch supports bias-free Llama configurations, got "
              + config.modelType());
    }
    Files.createDirectories(dir);
    HfConfigJson.write(config, dir.resolve("config.json"));
    SplittableRandom random = new SplittableRandom(seed);
    long h = config.hiddenSize();
    long q = (long) config.numHeads() * config.headDim();
    long kv = (long) config.numKvHeads() * config.headDim();
    long inner = config.intermediateSize();
    double residual = STD / Math.sqrt(2.0 * config.numLayers());
    SafetensorsWriter w = new SafetensorsWriter().metadata("format", "pt");
    matrix(w, "model.embed_tokens.weight", config.vocabSize(), h, STD, random);
    for (int i = 0; i < config.numLayers(); i++) {
      String p = "model.layers." + i + ".";
      ones(w, p + "input_layernorm.weight", h);
      matrix(w, p + "self_attn.q_proj.weight", q, h, STD, random);
      matrix(w, p + "self_attn.k_proj.weight", kv, h, STD, random);
      matrix(w, p + "self_attn.v_proj.weight", kv, h, STD, random);
      matrix(w, p + "self_attn.o_proj.weight", h, q, residual, random);
      ones(w, p + "post_attention_layernorm.weight", h);
      matrix(w, p + "mlp.gate_proj.weight", inner, h, STD, random);
      matrix(w, p + "mlp.up_proj.weight", inner, h, STD, random);
      matrix(w, p + "mlp.down_proj.weight", h, inner, residual, random);
    }
    ones(w, "model.norm.weight", h);
    if (!config.tieWordEmbeddings()) {
      matrix(w, "lm_head.weight", config.vocabSize(), h, STD, random);
    }
    w.write(dir.resolve(CheckpointFiles.SINGLE_FILE));
    return dir;
  }

  private static void matrix(
      SafetensorsWriter w, String name, long rows, long cols, double std, SplittableRandom r) {
    float[] v = new float[Math.toIntExact(rows * cols)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (std * gaussian(r));
    }
    w.add(name, new long[] {rows, cols}, v, SafetensorsDType.F32);
  }

  private static void ones(SafetensorsWriter w, String name, long size) {
    float[] v = new float[Math.toIntExact(size)];
    java.util.Arrays.fill(v, 1f);
    w.add(name, new long[] {size}, v, SafetensorsDType.F32);
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

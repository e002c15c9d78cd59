package io.promptstream.runtime.bench;

import io.promptstream.runtime.model.ModelConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** The tensor names and shapes a Hugging Face checkpoint of a configuration holds. */
final class HfTensorLayout {

  /** What a tensor is, which decides how a random checkpoint initialises it. */
  enum Kind {
    MATRIX,
    BIAS,
    NORM_WEIGHT,
    NORM_BIAS
  }

  /** A tensor's shape and kind. */
  record Spec(long[] shape, Kind kind) {}

  private HfTensorLayout() {}

  static Map<String, Spec> of(ModelConfig c) {
    Map<String, Spec> t = new LinkedHashMap<>();
    long h = c.hiddenSize();
    long q = (long) c.numHeads() * c.headDim();
    long kv = (long) c.numKvHeads() * c.headDim();
    long inner = c.intermediateSize();
    switch (c.family()) {
      case GPT2:
        t.put("transformer.wte.weight", matrix(c.vocabSize(), h));
        t.put("transformer.wpe.weight", matrix(c.maxPositions(), h));
        for (int i = 0; i < c.numLayers(); i++) {
          String p = "transformer.h." + i + ".";
          norm(t, p + "ln_1", h, true);
          linear(t, p + "attn.c_attn", h, 3 * h, true);
          linear(t, p + "attn.c_proj", h, h, true);
          norm(t, p + "ln_2", h, true);
          linear(t, p + "mlp.c_fc", h, inner, true);
          linear(t, p + "mlp.c_proj", inner, h, true);
        }
        norm(t, "transformer.ln_f", h, true);
        break;
      case LLAMA:
        t.put("model.embed_tokens.weight", matrix(c.vocabSize(), h));
        for (int i = 0; i < c.numLayers(); i++) {
          String p = "model.layers." + i + ".";
          norm(t, p + "input_layernorm", h, false);
          linear(t, p + "self_attn.q_proj", q, h, c.qkvBias());
          linear(t, p + "self_attn.k_proj", kv, h, c.qkvBias());
          linear(t, p + "self_attn.v_proj", kv, h, c.qkvBias());
          linear(t, p + "self_attn.o_proj", h, q, c.outputBias());
          norm(t, p + "post_attention_layernorm", h, false);
          linear(t, p + "mlp.gate_proj", inner, h, c.mlpBias());
          linear(t, p + "mlp.up_proj", inner, h, c.mlpBias());
          linear(t, p + "mlp.down_proj", h, inner, c.mlpBias());
        }
        norm(t, "model.norm", h, false);
        if (!c.tieWordEmbeddings()) {
          t.put("lm_head.weight", matrix(c.vocabSize(), h));
        }
        break;
      default:
        t.put("model.embed_tokens.weight", matrix(c.vocabSize(), h));
        for (int i = 0; i < c.numLayers(); i++) {
          String p = "model.layers." + i + ".";
          norm(t, p + "input_layernorm", h, true);
          linear(t, p + "self_attn.q_proj", q, h, true);
          linear(t, p + "self_attn.k_proj", kv, h, true);
          linear(t, p + "self_attn.v_proj", kv, h, true);
          linear(t, p + "self_attn.dense", h, q, true);
          linear(t, p + "mlp.fc1", inner, h, true);
          linear(t, p + "mlp.fc2", h, inner, true);
        }
        norm(t, "model.final_layernorm", h, true);
        if (!c.tieWordEmbeddings()) {
          t.put("lm_head.weight", matrix(c.vocabSize(), h));
        }
        t.put("lm_head.bias", new Spec(new long[] {c.vocabSize()}, Kind.BIAS));
        break;
    }
    return t;
  }

  private static Spec matrix(long rows, long cols) {
    return new Spec(new long[] {rows, cols}, Kind.MATRIX);
  }

  /** Adds a projection; {@code a, b} is the stored weight shape. */
  private static void linear(Map<String, Spec> t, String name, long a, long b, boolean bias) {
    t.put(name + ".weight", matrix(a, b));
    if (bias) {
      // GPT-2's Conv1D stores [in, out]: the bias has the output width, the second dimension.
      long out = name.contains(".c_") ? b : a;
      t.put(name + ".bias", new Spec(new long[] {out}, Kind.BIAS));
    }
  }

  private static void norm(Map<String, Spec> t, String name, long h, boolean withBias) {
    t.put(name + ".weight", new Spec(new long[] {h}, Kind.NORM_WEIGHT));
    if (withBias) {
      t.put(name + ".bias", new Spec(new long[] {h}, Kind.NORM_BIAS));
    }
  }
}

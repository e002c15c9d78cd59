package io.promptstream.runtime.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import io.promptstream.runtime.model.CheckpointWeights;
import io.promptstream.runtime.model.DecoderModel;
import io.promptstream.runtime.model.ForwardInput;
import io.promptstream.runtime.model.KvCache;
import io.promptstream.runtime.model.LmHead;
import io.promptstream.runtime.model.ModelConfig;
import io.promptstream.runtime.model.nn.Activations;
import io.promptstream.runtime.model.nn.Attention;
import io.promptstream.runtime.model.nn.Linear;
import io.promptstream.runtime.model.nn.Norms;
import io.promptstream.runtime.model.nn.Rotary;
import io.promptstream.runtime.model.nn.Splits;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Llama and its look-alikes (SmolLM; Qwen2 with q/k/v biases): RMSNorm pre-norm blocks, rotary
 * positions, grouped-query attention and a gated SiLU MLP.
 *
 * <p>q/k/v are fused into one projection and gate/up into another at load, so each block runs four
 * matrix products whatever the batch size.
 */
public final class LlamaModel extends DecoderModel {

  private record Block(
      NDArray attnNorm, Linear qkv, Linear out, NDArray mlpNorm, Linear gateUp, Linear down) {}

  private final NDArray embedding;
  private final Block[] blocks;
  private final NDArray finalNorm;
  private final LmHead head;
  private final Rotary rotary;

  /** Loads the weights. */
  public LlamaModel(ModelConfig config, NDManager manager, CheckpointWeights w) throws IOException {
    super(config, manager);
    long h = config.hiddenSize();
    long qDim = (long) config.numHeads() * config.headDim();
    long kvDim = (long) config.numKvHeads() * config.headDim();
    long inner = config.intermediateSize();
    embedding =
        param("embed_tokens", w.load("model.embed_tokens.weight", manager, config.vocabSize(), h));
    blocks = new Block[config.numLayers()];
    for (int i = 0; i < blocks.length; i++) {
      String p = "model.layers." + i + ".";
      String a = p + "self_attn.";
      String m = p + "mlp.";
      String n = "layers." + i + ".";
      blocks[i] =
          new Block(
              param(n + "input_layernorm", w.load(p + "input_layernorm.weight", manager, h)),
              param(
                  n + "qkv",
                  fused(
                      w,
                      new String[] {a + "q_proj", a + "k_proj", a + "v_proj"},
                      new long[] {qDim, kvDim, kvDim},
                      h,
                      config.qkvBias())),
              param(n + "o_proj", linear(w, a + "o_proj", h, qDim, config.outputBias())),
              param(
                  n + "post_attention_layernorm",
                  w.load(p + "post_attention_layernorm.weight", manager, h)),
              param(
                  n + "gate_up",
                  fused(
                      w,
                      new String[] {m + "gate_proj", m + "up_proj"},
                      new long[] {inner, inner},
                      h,
                      config.mlpBias())),
              param(n + "down_proj", linear(w, m + "down_proj", h, inner, config.mlpBias())));
    }
    finalNorm = param("norm", w.load("model.norm.weight", manager, h));
    if (!config.tieWordEmbeddings() && w.contains("lm_head.weight")) {
      head = new LmHead(param("lm_head", linear(w, "lm_head", config.vocabSize(), h, false)));
    } else {
      head = new LmHead(new Linear(embedding, null));
    }
    rotary = Rotary.forFusedQkv(manager, config);
  }

  @Override
  public NDArray forward(ForwardInput input, KvCache cache) {
    long b = input.batchSize();
    long t = input.length();
    int heads = config.numHeads();
    int kvHeads = config.numKvHeads();
    int d = config.headDim();
    long inner = config.intermediateSize();
    Rotary.Angles angles = rotary.angles(input.positions(), input.maxPosition());
    NDArray x =
        Embedding.embedding(input.inputIds(), embedding, SparseFormat.DENSE).singletonOrThrow();
    for (int i = 0; i < blocks.length; i++) {
      Block blk = blocks[i];
      NDArray h = Norms.rmsNorm(x, blk.attnNorm(), config.normEps());
      // One pass rotates queries (scaled) and keys, and leaves values as they are.
      NDArray qkv = rotary.apply(blk.qkv().apply(h).reshape(b, t, heads + 2 * kvHeads, d), angles);
      NDList split = qkv.split(new long[] {heads}, 2);
      NDArray a = Attention.attend(split.get(0), split.get(1), input.attentionBias(), cache, i);
      x = x.add(blk.out().apply(a));
      NDArray h2 = Norms.rmsNorm(x, blk.mlpNorm(), config.normEps());
      NDList gateUp = blk.gateUp().apply(h2).split(new long[] {inner}, 2);
      NDArray gated = Activations.apply(config.activation(), gateUp.get(0)).mul(gateUp.get(1));
      x = x.add(blk.down().apply(gated));
    }
    if (cache != null) {
      cache.advance((int) t);
    }
    return Norms.rmsNorm(x, finalNorm, config.normEps());
  }

  @Override
  public LmHead baseHead() {
    return head;
  }

  @Override
  public Map<String, NDArray> toHfTensors(NDManager target) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    long qDim = (long) config.numHeads() * config.headDim();
    long kvDim = (long) config.numKvHeads() * config.headDim();
    out.put("model.embed_tokens.weight", embedding);
    for (int i = 0; i < blocks.length; i++) {
      Block blk = blocks[i];
      String p = "model.layers." + i + ".";
      out.put(p + "input_layernorm.weight", blk.attnNorm());
      String a = p + "self_attn.";
      Splits.put(
          out,
          blk.qkv(),
          new String[] {a + "q_proj", a + "k_proj", a + "v_proj"},
          new long[] {qDim, qDim + kvDim},
          target);
      Splits.put(out, a + "o_proj", blk.out());
      out.put(p + "post_attention_layernorm.weight", blk.mlpNorm());
      String m = p + "mlp.";
      Splits.put(
          out,
          blk.gateUp(),
          new String[] {m + "gate_proj", m + "up_proj"},
          new long[] {config.intermediateSize()},
          target);
      Splits.put(out, m + "down_proj", blk.down());
    }
    out.put("model.norm.weight", finalNorm);
    if (head.projection().weight() != embedding) {
      out.put("lm_head.weight", head.projection().weight());
    }
    return out;
  }
}

package io.promptstream.runtime.model.phi;

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
 * Phi (Phi-1.5, Phi-2): each block applies attention and MLP in parallel to one LayerNorm of its
 * input, {@code x + attn(ln(x)) + mlp(ln(x))}; rotary embedding covers only the first {@code
 * partial_rotary_factor} of each head; every projection and the LM head carry biases.
 */
public final class PhiModel extends DecoderModel {

  private record Block(
      NDArray normWeight, NDArray normBias, Linear qkv, Linear dense, Linear fc1, Linear fc2) {}

  private final NDArray embedding;
  private final Block[] blocks;
  private final NDArray finalNormWeight;
  private final NDArray finalNormBias;
  private final LmHead head;
  private final Rotary rotary;

  /** Loads the weights. */
  public PhiModel(ModelConfig config, NDManager manager, CheckpointWeights w) throws IOException {
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
      String n = "layers." + i + ".";
      blocks[i] =
          new Block(
              param(n + "input_layernorm.weight", w.load(p + "input_layernorm.weight", manager, h)),
              param(n + "input_layernorm.bias", w.load(p + "input_layernorm.bias", manager, h)),
              param(
                  n + "qkv",
                  fused(
                      w,
                      new String[] {a + "q_proj", a + "k_proj", a + "v_proj"},
                      new long[] {qDim, kvDim, kvDim},
                      h,
                      true)),
              param(n + "dense", linear(w, a + "dense", h, qDim, true)),
              param(n + "fc1", linear(w, p + "mlp.fc1", inner, h, true)),
              param(n + "fc2", linear(w, p + "mlp.fc2", h, inner, true)));
    }
    finalNormWeight =
        param("final_layernorm.weight", w.load("model.final_layernorm.weight", manager, h));
    finalNormBias = param("final_layernorm.bias", w.load("model.final_layernorm.bias", manager, h));
    if (config.tieWordEmbeddings()) {
      NDArray bias =
          w.contains("lm_head.bias") ? w.load("lm_head.bias", manager, config.vocabSize()) : null;
      head = new LmHead(new Linear(embedding, bias == null ? null : param("lm_head.bias", bias)));
    } else {
      head =
          new LmHead(
              param(
                  "lm_head",
                  linear(w, "lm_head", config.vocabSize(), h, w.contains("lm_head.bias"))));
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
    Rotary.Angles angles = rotary.angles(input.positions(), input.maxPosition());
    NDArray x =
        Embedding.embedding(input.inputIds(), embedding, SparseFormat.DENSE).singletonOrThrow();
    for (int i = 0; i < blocks.length; i++) {
      Block blk = blocks[i];
      NDArray h = Norms.layerNorm(x, blk.normWeight(), blk.normBias(), config.normEps());
      // One pass rotates queries (scaled) and keys, and leaves values as they are.
      NDArray qkv = rotary.apply(blk.qkv().apply(h).reshape(b, t, heads + 2 * kvHeads, d), angles);
      NDList split = qkv.split(new long[] {heads}, 2);
      NDArray a = Attention.attend(split.get(0), split.get(1), input.attentionBias(), cache, i);
      NDArray attnOut = blk.dense().apply(a);
      NDArray mlpOut = blk.fc2().apply(Activations.apply(config.activation(), blk.fc1().apply(h)));
      // Same summation order as the reference: (attention + MLP) + residual.
      x = attnOut.add(mlpOut).add(x);
    }
    if (cache != null) {
      cache.advance((int) t);
    }
    return Norms.layerNorm(x, finalNormWeight, finalNormBias, config.normEps());
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
      out.put(p + "input_layernorm.weight", blk.normWeight());
      out.put(p + "input_layernorm.bias", blk.normBias());
      String a = p + "self_attn.";
      Splits.put(
          out,
          blk.qkv(),
          new String[] {a + "q_proj", a + "k_proj", a + "v_proj"},
          new long[] {qDim, qDim + kvDim},
          target);
      Splits.put(out, a + "dense", blk.dense());
      Splits.put(out, p + "mlp.fc1", blk.fc1());
      Splits.put(out, p + "mlp.fc2", blk.fc2());
    }
    out.put("model.final_layernorm.weight", finalNormWeight);
    out.put("model.final_layernorm.bias", finalNormBias);
    if (head.projection().weight() != embedding) {
      out.put("lm_head.weight", head.projection().weight());
    }
    if (head.projection().bias() != null) {
      out.put("lm_head.bias", head.projection().bias());
    }
    return out;
  }
}

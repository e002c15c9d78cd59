package io.promptstream.runtime.model.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
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
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GPT-2: learned token and position embeddings, pre-norm blocks {@code x + attn(ln₁(x))}, {@code x
 * + mlp(ln₂(x))}, a final LayerNorm and an LM head tied to the token embedding.
 *
 * <p>Checkpoints store projections in Conv1D layout ({@code [in, out]}); they are transposed once
 * at load so that every projection runs as one {@code linear} call.
 */
public final class Gpt2Model extends DecoderModel {

  private record Block(
      NDArray ln1Weight,
      NDArray ln1Bias,
      Linear qkv,
      Linear proj,
      NDArray ln2Weight,
      NDArray ln2Bias,
      Linear fc,
      Linear out) {}

  private final String prefix;
  private final NDArray tokenEmbedding;
  private final NDArray positionEmbedding;
  private final Block[] blocks;
  private final NDArray finalNormWeight;
  private final NDArray finalNormBias;
  private final LmHead head;
  private final NDArray headScale;

  /** Loads the weights (the prefix {@code transformer.} is optional, as in older checkpoints). */
  public Gpt2Model(ModelConfig config, NDManager manager, CheckpointWeights w) throws IOException {
    super(config, manager);
    prefix = w.contains("transformer.wte.weight") ? "transformer." : "";
    long h = config.hiddenSize();
    long inner = config.intermediateSize();
    tokenEmbedding = param("wte", w.load(prefix + "wte.weight", manager, config.vocabSize(), h));
    positionEmbedding =
        param("wpe", w.load(prefix + "wpe.weight", manager, config.maxPositions(), h));
    blocks = new Block[config.numLayers()];
    for (int i = 0; i < blocks.length; i++) {
      String p = prefix + "h." + i + ".";
      String n = "h." + i + ".";
      blocks[i] =
          new Block(
              param(n + "ln_1.weight", w.load(p + "ln_1.weight", manager, h)),
              param(n + "ln_1.bias", w.load(p + "ln_1.bias", manager, h)),
              param(n + "attn.c_attn", conv1d(w, p + "attn.c_attn", h, 3 * h)),
              param(n + "attn.c_proj", conv1d(w, p + "attn.c_proj", h, h)),
              param(n + "ln_2.weight", w.load(p + "ln_2.weight", manager, h)),
              param(n + "ln_2.bias", w.load(p + "ln_2.bias", manager, h)),
              param(n + "mlp.c_fc", conv1d(w, p + "mlp.c_fc", h, inner)),
              param(n + "mlp.c_proj", conv1d(w, p + "mlp.c_proj", inner, h)));
    }
    finalNormWeight = param("ln_f.weight", w.load(prefix + "ln_f.weight", manager, h));
    finalNormBias = param("ln_f.bias", w.load(prefix + "ln_f.bias", manager, h));
    if (!config.tieWordEmbeddings() && w.contains("lm_head.weight")) {
      head =
          new LmHead(
              param(
                  "lm_head",
                  new Linear(w.load("lm_head.weight", manager, config.vocabSize(), h), null)));
    } else {
      head = new LmHead(new Linear(tokenEmbedding, null));
    }
    float[] factors = new float[3 * config.numHeads()];
    java.util.Arrays.fill(factors, 1f);
    java.util.Arrays.fill(
        factors, 0, config.numHeads(), (float) (1.0 / Math.sqrt(config.headDim())));
    headScale = manager.create(factors, new ai.djl.ndarray.types.Shape(factors.length, 1));
    NDScope.unregister(headScale);
  }

  /** Reads a Conv1D ({@code [in, out]}) weight and stores it as {@code [out, in]}. */
  private Linear conv1d(CheckpointWeights w, String name, long in, long out) throws IOException {
    NDArray stored = w.load(name + ".weight", manager, in, out);
    NDArray weight = transposed(stored);
    stored.close();
    return new Linear(weight, w.load(name + ".bias", manager, out));
  }

  /**
   * A contiguous transposed copy of a matrix, in the matrix's manager. The intermediate views are
   * closed at once: a lingering view would keep the original storage alive.
   */
  private static NDArray transposed(NDArray matrix) {
    try (NDScope scope = new NDScope()) {
      NDArray copy =
          matrix.transpose().flatten().reshape(matrix.getShape().get(1), matrix.getShape().get(0));
      NDScope.unregister(copy);
      return copy;
    }
  }

  @Override
  public NDArray forward(ForwardInput input, KvCache cache) {
    if (input.maxPosition() >= config.maxPositions()) {
      throw new IllegalArgumentException(
          "position " + input.maxPosition() + " exceeds n_positions " + config.maxPositions());
    }
    long b = input.batchSize();
    long t = input.length();
    int heads = config.numHeads();
    int d = config.headDim();
    NDArray x =
        embed(input.inputIds(), tokenEmbedding).add(embed(input.positions(), positionEmbedding));
    for (int i = 0; i < blocks.length; i++) {
      Block blk = blocks[i];
      NDArray h = Norms.layerNorm(x, blk.ln1Weight(), blk.ln1Bias(), config.normEps());
      // Scale the query heads on the way; keys and values keep a factor of 1.
      NDArray qkv = blk.qkv().apply(h).reshape(b, t, 3L * heads, d).mul(headScale);
      NDList split = qkv.split(new long[] {heads}, 2);
      NDArray a = Attention.attend(split.get(0), split.get(1), input.attentionBias(), cache, i);
      x = x.add(blk.proj().apply(a));
      NDArray h2 = Norms.layerNorm(x, blk.ln2Weight(), blk.ln2Bias(), config.normEps());
      NDArray m = Activations.apply(config.activation(), blk.fc().apply(h2));
      x = x.add(blk.out().apply(m));
    }
    if (cache != null) {
      cache.advance((int) t);
    }
    return Norms.layerNorm(x, finalNormWeight, finalNormBias, config.normEps());
  }

  private static NDArray embed(NDArray ids, NDArray table) {
    return Embedding.embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
  }

  @Override
  public LmHead baseHead() {
    return head;
  }

  @Override
  public Map<String, NDArray> toHfTensors(NDManager target) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    String p = "transformer.";
    out.put(p + "wte.weight", tokenEmbedding);
    out.put(p + "wpe.weight", positionEmbedding);
    for (int i = 0; i < blocks.length; i++) {
      Block blk = blocks[i];
      String n = p + "h." + i + ".";
      out.put(n + "ln_1.weight", blk.ln1Weight());
      out.put(n + "ln_1.bias", blk.ln1Bias());
      putConv1d(out, n + "attn.c_attn", blk.qkv(), target);
      putConv1d(out, n + "attn.c_proj", blk.proj(), target);
      out.put(n + "ln_2.weight", blk.ln2Weight());
      out.put(n + "ln_2.bias", blk.ln2Bias());
      putConv1d(out, n + "mlp.c_fc", blk.fc(), target);
      putConv1d(out, n + "mlp.c_proj", blk.out(), target);
    }
    out.put(p + "ln_f.weight", finalNormWeight);
    out.put(p + "ln_f.bias", finalNormBias);
    if (head.projection().weight() != tokenEmbedding) {
      out.put("lm_head.weight", head.projection().weight());
    }
    return out;
  }

  private static void putConv1d(
      Map<String, NDArray> out, String name, Linear linear, NDManager target) {
    NDArray stored = transposed(linear.weight());
    stored.attach(target);
    out.put(name + ".weight", stored);
    out.put(name + ".bias", linear.bias());
  }
}

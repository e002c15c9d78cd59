package io.promptstream.runtime.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.promptstream.runtime.model.DecoderModel;
import io.promptstream.runtime.model.ModelConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Low-rank adapters (LoRA) on chosen projections of a model, kept merged into the weights: each
 * targeted weight is always {@code W = W₀ + (α/r)·B·A}, with {@code A [r, in]} drawn from {@code
 * N(0, 1/r)} and {@code B [out, r]} starting at zero, so the model is unchanged at first and is a
 * plain model at every moment (export needs no extra step).
 *
 * <p>Training runs the model's own forward pass with only the targeted weights requiring gradients;
 * the chain rule then gives the adapters' gradients from the weight gradient {@code G}: {@code
 * ∂L/∂B = (α/r)·G·Aᵀ} and {@code ∂L/∂A = (α/r)·Bᵀ·G}. The rest of the trunk stays frozen.
 *
 * <p>Targets are Hugging Face projection names: {@code q_proj}, {@code k_proj}, {@code v_proj},
 * {@code o_proj}, {@code gate_proj}, {@code up_proj}, {@code down_proj} (Llama family) and {@code
 * dense}, {@code fc1}, {@code fc2} (Phi); fused projections are adapted in their row range only.
 * {@link #close()} frees the adapters and the saved {@code W₀}, leaving the merged weights.
 */
public final class LoraAdapters implements AutoCloseable {

  private record Target(
      String name, NDArray weight, long from, long to, NDArray original, NDArray a, NDArray b) {}

  private final NDManager manager;
  private final List<Target> targets;
  private final float scale;

  private LoraAdapters(NDManager manager, List<Target> targets, float scale) {
    this.manager = manager;
    this.targets = targets;
    this.scale = scale;
  }

  /**
   * Adds adapters to every layer's chosen projections.
   *
   * @param model the model (its weights are modified in place from now on)
   * @param rank {@code r}, at least 1
   * @param alpha scaling numerator; the update is scaled by {@code alpha / rank}
   * @param projections projection names, e.g. {@code List.of("k_proj")}
   * @param seed seed of {@code A}'s initialisation
   * @throws IllegalArgumentException for a projection this model does not have
   */
  public static LoraAdapters attach(
      DecoderModel model, int rank, float alpha, List<String> projections, long seed) {
    if (rank < 1) {
      throw new IllegalArgumentException("rank must be >= 1, got " + rank);
    }
    if (projections.isEmpty()) {
      throw new IllegalArgumentException("projections must not be empty");
    }
    ModelConfig c = model.config();
    NDManager manager = model.manager().newSubManager();
    SplittableRandom random = new SplittableRandom(seed);
    List<Target> targets = new ArrayList<>();
    try (NDScope scope = new NDScope()) {
      for (int layer = 0; layer < c.numLayers(); layer++) {
        for (String p : projections) {
          String prefix = "layers." + layer + ".";
          long[] range = new long[2];
          String param = locate(model, prefix, p, range);
          NDArray weight = model.parameters().get(param);
          long in = weight.getShape().get(1);
          long out = range[1] - range[0];
          NDArray original = weight.get(new NDIndex("{}:{}", range[0], range[1])).duplicate();
          float[] init = new float[Math.toIntExact(rank * in)];
          double std = 1.0 / Math.sqrt(rank);
          for (int i = 0; i < init.length; i++) {
            init[i] = (float) (std * gaussian(random));
          }
          NDArray a = manager.create(init, new Shape(rank, in));
          NDArray b = manager.zeros(new Shape(out, rank), DataType.FLOAT32);
          original.attach(manager);
          NDScope.unregister(original, a, b);
          targets.add(new Target(prefix + p, weight, range[0], range[1], original, a, b));
        }
      }
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
    return new LoraAdapters(manager, targets, alpha / rank);
  }

  private static String locate(DecoderModel model, String prefix, String p, long[] range) {
    ModelConfig c = model.config();
    Map<String, NDArray> params = model.parameters();
    long q = (long) c.numHeads() * c.headDim();
    long kv = (long) c.numKvHeads() * c.headDim();
    long inner = c.intermediateSize();
    String whole = prefix + p + ".weight";
    if (params.containsKey(whole)) {
      range[0] = 0;
      range[1] = params.get(whole).getShape().get(0);
      return whole;
    }
    String fused = null;
    switch (p) {
      case "q_proj" -> {
        fused = prefix + "qkv.weight";
        range[0] = 0;
        range[1] = q;
      }
      case "k_proj" -> {
        fused = prefix + "qkv.weight";
        range[0] = q;
        range[1] = q + kv;
      }
      case "v_proj" -> {
        fused = prefix + "qkv.weight";
        range[0] = q + kv;
        range[1] = q + 2 * kv;
      }
      case "gate_proj" -> {
        fused = prefix + "gate_up.weight";
        range[0] = 0;
        range[1] = inner;
      }
      case "up_proj" -> {
        fused = prefix + "gate_up.weight";
        range[0] = inner;
        range[1] = 2 * inner;
      }
      default -> {
        // not a fused projection
      }
    }
    if (fused == null || !params.containsKey(fused)) {
      throw new IllegalArgumentException(
          "projection '" + p + "' not found in this " + c.modelType() + " model");
    }
    return fused;
  }

  /** The adapters' arrays, {@code <layer>.<projection>.lora_A} and {@code ...lora_B}. */
  public Map<String, NDArray> parameters() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    for (Target t : targets) {
      out.put(t.name() + ".lora_A", t.a());
      out.put(t.name() + ".lora_B", t.b());
    }
    return out;
  }

  /** Makes the targeted weights (and only those) collect gradients, or stop collecting. */
  public void requireWeightGradients(boolean required) {
    for (Target t : targets) {
      t.weight().setRequiresGradient(required);
    }
  }

  /**
   * The adapters' gradients from the targeted weights' gradients (created under the current scope),
   * which are then zeroed.
   */
  public Map<String, NDArray> adapterGradients() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    for (Target t : targets) {
      NDArray full = t.weight().getGradient();
      NDArray g = full.get(new NDIndex("{}:{}", t.from(), t.to()));
      out.put(t.name() + ".lora_A", t.b().transpose().matMul(g).mul(scale));
      out.put(t.name() + ".lora_B", g.matMul(t.a().transpose()).mul(scale));
      full.muli(0f);
    }
    return out;
  }

  /** Writes {@code W₀ + (α/r)·B·A} into every targeted weight. */
  public void merge() {
    try (NDScope scope = new NDScope()) {
      for (Target t : targets) {
        NDArray merged = t.original().add(t.b().matMul(t.a()).mul(scale));
        t.weight().set(new NDIndex("{}:{}", t.from(), t.to()), merged);
      }
    }
  }

  /** Trainable parameters in the adapters. */
  public long parameterCount() {
    long n = 0;
    for (Target t : targets) {
      n += t.a().getShape().size() + t.b().getShape().size();
    }
    return n;
  }

  /** Stops gradients on the weights and frees the adapters; the merged weights stay. */
  @Override
  public void close() {
    requireWeightGradients(false);
    manager.close();
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

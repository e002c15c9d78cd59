package io.promptstream.runtime.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import io.promptstream.runtime.model.ModelConfig;
import io.promptstream.runtime.model.RopeSettings;

/**
 * Rotary position embedding in the "rotate half" convention of the Llama and Phi reference code,
 * {@code x·cos + rotate_half(x)·sin} over the first {@code rotaryDim} dimensions of each head, with
 * the remaining dimensions passed through.
 *
 * <p>To keep the number of engine calls per layer small, the fused q/k/v projection of a layer is
 * rotated in one pass over all its heads:
 *
 * <ul>
 *   <li>{@code rotate_half} is a product with a fixed signed permutation matrix (exact: one term of
 *       each sum is non-zero);
 *   <li>the tables span the whole head, with {@code cos = 1, sin = 0} on the pass-through
 *       dimensions;
 *   <li>per head, the angles are multiplied by a factor and offset, so query heads also take the
 *       attention scale, key heads rotate plainly, and value heads get {@code cos = 1, sin = 0}
 *       (unchanged, exactly).
 * </ul>
 *
 * <p>Tables live under the model's manager and grow on demand.
 */
public final class Rotary {

  private final NDManager manager;
  private final int headDim;
  private final int rotaryDim;
  private final float[] inverseFrequencies;
  private final int maxPositions;
  private final NDArray rotateHalf;
  private final NDArray headFactor;
  private final NDArray headOffset;
  private NDArray cosTable;
  private NDArray sinTable;
  private int tablePositions;

  /**
   * Angles for one forward pass, {@code [B, T, heads, headDim]} after broadcasting.
   *
   * @param cos per-head cosines (scaled for query heads, 1 for value heads)
   * @param sin per-head sines (scaled for query heads, 0 for value heads)
   */
  public record Angles(NDArray cos, NDArray sin) {}

  /**
   * The rotary embedding of a model's fused q/k/v projection: query heads scaled by {@code
   * 1/sqrt(headDim)}, then key heads, then value heads left as they are.
   *
   * @param manager owner of the tables (the model's manager)
   */
  public static Rotary forFusedQkv(NDManager manager, ModelConfig config) {
    return new Rotary(
        manager,
        config.rope(),
        config.headDim(),
        config.maxPositions(),
        config.numHeads(),
        config.numKvHeads(),
        config.numKvHeads(),
        (float) (1.0 / Math.sqrt(config.headDim())));
  }

  /**
   * Creates the embedding for a fused projection of {@code queryHeads + keyHeads + valueHeads}.
   *
   * @param manager owner of the tables (the model's manager)
   * @param settings rotary settings
   * @param headDim width of one head
   * @param maxPositions largest position the model supports
   * @param queryHeads leading heads that rotate and take {@code queryScale}
   * @param keyHeads heads after them that rotate
   * @param valueHeads trailing heads left unchanged
   * @param queryScale factor folded into the query heads (the attention scale)
   */
  public Rotary(
      NDManager manager,
      RopeSettings settings,
      int headDim,
      int maxPositions,
      int queryHeads,
      int keyHeads,
      int valueHeads,
      float queryScale) {
    this.manager = manager;
    this.headDim = headDim;
    this.rotaryDim = settings.rotaryDim();
    this.inverseFrequencies = settings.inverseFrequencies();
    this.maxPositions = maxPositions;
    int half = rotaryDim / 2;
    float[] r = new float[headDim * headDim];
    for (int i = 0; i < half; i++) {
      r[(i + half) * headDim + i] = -1f; // out[i] = -x[i + half]
      r[i * headDim + i + half] = 1f; // out[i + half] = x[i]
    }
    int heads = queryHeads + keyHeads + valueHeads;
    float[] factor = new float[heads];
    float[] offset = new float[heads];
    for (int h = 0; h < heads; h++) {
      factor[h] = h < queryHeads ? queryScale : h < queryHeads + keyHeads ? 1f : 0f;
      offset[h] = h < queryHeads + keyHeads ? 0f : 1f;
    }
    this.rotateHalf = manager.create(r, new Shape(headDim, headDim));
    this.headFactor = manager.create(factor, new Shape(heads, 1));
    this.headOffset = manager.create(offset, new Shape(heads, 1));
    NDScope.unregister(rotateHalf, headFactor, headOffset);
  }

  /** The angles of {@code positions} ({@code [B, T]}, int64, at most {@code maxPosition}). */
  public Angles angles(NDArray positions, int maxPosition) {
    NDArray cosTable;
    NDArray sinTable;
    synchronized (this) {
      ensureTable(maxPosition + 1);
      cosTable = this.cosTable;
      sinTable = this.sinTable;
    }
    NDArray cos = lookup(positions, cosTable);
    NDArray sin = lookup(positions, sinTable);
    return new Angles(cos.mul(headFactor).add(headOffset), sin.mul(headFactor));
  }

  private static NDArray lookup(NDArray positions, NDArray table) {
    return Embedding.embedding(positions, table, SparseFormat.DENSE)
        .singletonOrThrow()
        .expandDims(2);
  }

  /** Rotates {@code x} of shape {@code [B, T, heads, headDim]}. */
  public NDArray apply(NDArray x, Angles angles) {
    return x.mul(angles.cos()).add(x.matMul(rotateHalf).mul(angles.sin()));
  }

  private void ensureTable(int positions) {
    if (positions > maxPositions) {
      throw new IllegalArgumentException(
          "position " + (positions - 1) + " exceeds max_position_embeddings " + maxPositions);
    }
    if (positions <= tablePositions) {
      return;
    }
    int size = Math.min(maxPositions, Math.max(positions, Math.max(256, tablePositions * 2)));
    int half = rotaryDim / 2;
    float[] cos = new float[size * headDim];
    float[] sin = new float[size * headDim];
    for (int p = 0; p < size; p++) {
      int row = p * headDim;
      for (int i = 0; i < half; i++) {
        // float32 product, as the reference computes position × inverse frequency
        float angle = (float) p * inverseFrequencies[i];
        float c = (float) Math.cos(angle);
        float s = (float) Math.sin(angle);
        cos[row + i] = c;
        cos[row + half + i] = c;
        sin[row + i] = s;
        sin[row + half + i] = s;
      }
      for (int i = rotaryDim; i < headDim; i++) {
        cos[row + i] = 1f;
      }
    }
    NDArray newCos = manager.create(cos, new Shape(size, headDim));
    NDArray newSin = manager.create(sin, new Shape(size, headDim));
    // The tables outlive the forward pass that happened to build them.
    NDScope.unregister(newCos, newSin);
    // Old tables may still be read by a pass on another thread; they go with the model.
    cosTable = newCos;
    sinTable = newSin;
    tablePositions = size;
  }
}

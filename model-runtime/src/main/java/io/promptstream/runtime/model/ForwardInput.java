package io.promptstream.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The arrays of one forward pass.
 *
 * @param inputIds token ids {@code [B, T]} (int64)
 * @param positions position ids {@code [B, T]} (int64); padding gets 0
 * @param attentionBias additive mask {@code [B, 1, T, S]}: 0 where a query may see a key, {@link
 *     #MASKED} elsewhere; {@code S} is the number of keys after this pass
 * @param maxPosition the largest value in {@code positions}
 */
public record ForwardInput(
    NDArray inputIds, NDArray positions, NDArray attentionBias, int maxPosition) {

  /**
   * Value added to masked scores: large enough that they vanish in the softmax, finite so that a
   * fully masked row (a padding query) still yields numbers rather than NaN.
   */
  public static final float MASKED = -1e30f;

  /**
   * A causal pass over whole, left-padded sequences (a prefill, or a training step).
   *
   * @param manager owner of the created arrays
   * @param ids token ids per row, all of length {@code T}
   * @param real {@code real[b][t]} is false where row {@code b} is padded
   */
  public static ForwardInput causal(NDManager manager, long[][] ids, boolean[][] real) {
    int b = ids.length;
    int t = ids[0].length;
    long[] flatIds = new long[b * t];
    long[] positions = new long[b * t];
    float[] bias = new float[b * t * t];
    int maxPosition = 0;
    for (int r = 0; r < b; r++) {
      if (ids[r].length != t || real[r].length != t) {
        throw new IllegalArgumentException("rows must have equal lengths");
      }
      int position = 0;
      for (int q = 0; q < t; q++) {
        flatIds[r * t + q] = ids[r][q];
        if (real[r][q]) {
          positions[r * t + q] = position;
          maxPosition = Math.max(maxPosition, position);
          position++;
        }
        for (int k = 0; k < t; k++) {
          boolean visible = k <= q && real[r][k];
          bias[(r * t + q) * t + k] = visible ? 0f : MASKED;
        }
      }
    }
    return new ForwardInput(
        manager.create(flatIds, new Shape(b, t)),
        manager.create(positions, new Shape(b, t)),
        manager.create(bias, new Shape(b, 1, t, t)),
        maxPosition);
  }

  /**
   * One decoding step: one new token per row, attending to every key from the row's first real
   * position on (keys before it are the row's left padding).
   *
   * @param manager owner of the created arrays
   * @param ids the new token of each row
   * @param positions the position of each new token
   * @param firstVisibleKey per row, the first key index the row may see
   * @param keys the number of keys after this step (the cache length plus one)
   */
  public static ForwardInput step(
      NDManager manager, long[] ids, long[] positions, int[] firstVisibleKey, int keys) {
    int b = ids.length;
    float[] bias = new float[b * keys];
    int maxPosition = 0;
    for (int r = 0; r < b; r++) {
      maxPosition = (int) Math.max(maxPosition, positions[r]);
      java.util.Arrays.fill(bias, r * keys, r * keys + firstVisibleKey[r], MASKED);
    }
    return new ForwardInput(
        manager.create(ids, new Shape(b, 1)),
        manager.create(positions, new Shape(b, 1)),
        manager.create(bias, new Shape(b, 1, 1, keys)),
        maxPosition);
  }

  /** Rows. */
  public long batchSize() {
    return inputIds.getShape().get(0);
  }

  /** New positions per row. */
  public long length() {
    return inputIds.getShape().get(1);
  }
}

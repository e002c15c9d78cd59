package io.promptstream.runtime.training.data;

import java.util.List;

/**
 * Training sequences padded on the right into one rectangle, with next-token labels and a loss
 * mask. Plain Java arrays: the trainer turns them into tensors.
 *
 * @param ids {@code [rows][length]} token ids, {@link PrompterFormat#PAD_ID} after each row's end
 * @param real {@code [rows][length]} false on padding
 * @param labels {@code [rows][length]} the token each position predicts (the next id; padding
 *     predicts padding)
 * @param lossWeight {@code [rows][length]} the example's weight where the label is a rewrite token
 *     (or the end of sequence), else 0: prompt and padding positions never count
 * @param tokens real tokens in the batch
 */
public record Batch(
    long[][] ids, boolean[][] real, long[][] labels, float[][] lossWeight, int tokens) {

  /** Pads examples into a batch. */
  public static Batch of(List<TrainingExample> examples) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one example");
    }
    int length = 0;
    for (TrainingExample e : examples) {
      length = Math.max(length, e.length());
    }
    int rows = examples.size();
    long[][] ids = new long[rows][length];
    boolean[][] real = new boolean[rows][length];
    long[][] labels = new long[rows][length];
    float[][] weights = new float[rows][length];
    int tokens = 0;
    for (int r = 0; r < rows; r++) {
      TrainingExample e = examples.get(r);
      for (int t = 0; t < length; t++) {
        boolean inside = t < e.length();
        ids[r][t] = inside ? e.id(t) : PrompterFormat.PAD_ID;
        real[r][t] = inside;
        labels[r][t] = t + 1 < e.length() ? e.id(t + 1) : PrompterFormat.PAD_ID;
        weights[r][t] = t + 1 >= e.promptLength() && t + 1 < e.length() ? e.weight() : 0f;
      }
      tokens += e.length();
    }
    return new Batch(ids, real, labels, weights, tokens);
  }

  /** Rows. */
  public int rows() {
    return ids.length;
  }

  /** Padded length. */
  public int length() {
    return ids[0].length;
  }

  /** Flat indices ({@code row × length + t}) of the positions that count in the loss. */
  public long[] targetPositions() {
    int n = 0;
    for (float[] row : lossWeight) {
      for (float w : row) {
        n += w > 0 ? 1 : 0;
      }
    }
    long[] out = new long[n];
    int k = 0;
    for (int r = 0; r < rows(); r++) {
      for (int t = 0; t < length(); t++) {
        if (lossWeight[r][t] > 0) {
          out[k++] = (long) r * length() + t;
        }
      }
    }
    return out;
  }
}

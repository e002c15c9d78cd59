package io.promptstream.runtime.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import io.promptstream.runtime.model.DecoderModel;
import io.promptstream.runtime.model.ForwardInput;
import io.promptstream.runtime.training.data.Batch;
import io.promptstream.runtime.training.data.TrainingExample;
import java.util.ArrayList;
import java.util.List;

/**
 * The frozen trunk's final hidden states {@code E} at every counted position of a set of examples,
 * computed once (no gradients) and kept as one {@code [positions, hidden]} array, with each
 * position's label and weight. Stage 2 trains the head on these rows every epoch without running
 * the trunk again.
 *
 * <p>Rows of one example are contiguous; {@link #rowsOf(int)} gives their range, so minibatches can
 * be drawn by example. The array lives under a manager of its own, freed by {@link #close()}.
 */
public final class HiddenStateCache implements AutoCloseable {

  private final NDManager manager;
  private final NDArray states;
  private final long[] labels;
  private final float[] weights;
  private final int[] firstRow;

  private HiddenStateCache(
      NDManager manager, NDArray states, long[] labels, float[] weights, int[] firstRow) {
    this.manager = manager;
    this.states = states;
    this.labels = labels;
    this.weights = weights;
    this.firstRow = firstRow;
  }

  /**
   * Runs the trunk over the examples.
   *
   * @param model the frozen trunk
   * @param examples the examples, in the order {@link #rowsOf(int)} refers to
   * @param parent the manager the cache's own manager is created under
   */
  public static HiddenStateCache compute(
      DecoderModel model, List<TrainingExample> examples, NDManager parent) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("examples must not be empty");
    }
    int[] firstRow = new int[examples.size() + 1];
    for (int i = 0; i < examples.size(); i++) {
      firstRow[i + 1] = firstRow[i] + examples.get(i).targetCount();
    }
    int rows = firstRow[examples.size()];
    long[] labels = new long[rows];
    float[] weights = new float[rows];
    for (int i = 0; i < examples.size(); i++) {
      TrainingExample e = examples.get(i);
      for (int k = 0; k < e.targetCount(); k++) {
        labels[firstRow[i] + k] = e.id(e.promptLength() + k);
        weights[firstRow[i] + k] = e.weight();
      }
    }
    // Batches are formed by length for speed; each example's rows are written back in place.
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      order.add(i);
    }
    order.sort(java.util.Comparator.comparingInt(i -> examples.get(i).length()));
    NDManager manager = parent.newSubManager();
    NDArray[] parts = new NDArray[examples.size()];
    try {
      int start = 0;
      while (start < order.size()) {
        List<TrainingExample> rowsOfBatch = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        int longest = 0;
        while (start < order.size() && rowsOfBatch.size() < HeldOutLoss.ROWS) {
          TrainingExample e = examples.get(order.get(start));
          int next = Math.max(longest, e.length());
          if (!rowsOfBatch.isEmpty() && next * (rowsOfBatch.size() + 1) > HeldOutLoss.TOKENS) {
            break;
          }
          longest = next;
          rowsOfBatch.add(e);
          indices.add(order.get(start));
          start++;
        }
        Batch batch = Batch.of(rowsOfBatch);
        try (NDScope scope = new NDScope();
            NDManager work = model.manager().newSubManager()) {
          NDArray hidden =
              model.forward(ForwardInput.causal(work, batch.ids(), batch.real()), null);
          for (int r = 0; r < rowsOfBatch.size(); r++) {
            TrainingExample e = rowsOfBatch.get(r);
            NDArray part =
                hidden.get(new NDIndex("{}, {}:{}", r, e.promptLength() - 1, e.length() - 1));
            NDArray owned = part.duplicate();
            owned.attach(manager);
            NDScope.unregister(owned);
            parts[indices.get(r)] = owned;
          }
        }
      }
      NDArray states;
      try (NDScope scope = new NDScope()) {
        states = NDArrays.concat(new NDList(parts), 0);
        states.attach(manager);
        NDScope.unregister(states);
      }
      for (NDArray p : parts) {
        p.close();
      }
      return new HiddenStateCache(manager, states, labels, weights, firstRow);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** Number of examples. */
  public int examples() {
    return firstRow.length - 1;
  }

  /** Number of cached positions. */
  public int rows() {
    return labels.length;
  }

  /** {@code [from, to)}: the rows of one example. */
  public int[] rowsOf(int example) {
    return new int[] {firstRow[example], firstRow[example + 1]};
  }

  /** All states, {@code [rows, hidden]}. */
  public NDArray states() {
    return states;
  }

  /** Each row's label. */
  public long[] labels() {
    return labels.clone();
  }

  /** Each row's weight. */
  public float[] weights() {
    return weights.clone();
  }

  /** Frees the states. */
  @Override
  public void close() {
    manager.close();
  }
}

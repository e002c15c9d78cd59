package io.promptstream.runtime.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.promptstream.runtime.model.OutputHead;
import io.promptstream.runtime.training.data.Batch;

/**
 * The masked, weighted next-token cross-entropy of a batch: the mean over counted positions of
 * {@code -log p(label)}, each position weighted by its example's weight. Positions whose loss
 * weight is 0 (the prompt, padding) are dropped before the head runs, so they cost nothing and
 * their labels cannot matter.
 */
public final class CausalLmLoss {

  private CausalLmLoss() {}

  /**
   * Computes the loss from the trunk's hidden states.
   *
   * @param hidden {@code [rows, length, hiddenSize]} final hidden states of the batch
   * @param head the head that maps hidden states to logits
   * @param batch the batch the hidden states belong to
   * @param manager owner of the index and label arrays (usually the step's scope)
   * @return a scalar; differentiable when {@code hidden} or the head's arrays are
   */
  public static NDArray of(NDArray hidden, OutputHead head, Batch batch, NDManager manager) {
    long[] positions = batch.targetPositions();
    long[] labels = new long[positions.length];
    float[] weights = new float[positions.length];
    int length = batch.length();
    for (int i = 0; i < positions.length; i++) {
      int r = (int) (positions[i] / length);
      int t = (int) (positions[i] % length);
      labels[i] = batch.labels()[r][t];
      weights[i] = batch.lossWeight()[r][t];
    }
    long width = hidden.getShape().get(2);
    NDArray flat = hidden.reshape(-1, width);
    NDArray selected = flat.get(new NDIndex("{}", manager.create(positions)));
    return ofStates(selected, head, labels, weights, manager);
  }

  /**
   * Computes the loss from hidden states already selected at the counted positions.
   *
   * @param states {@code [n, hiddenSize]}
   * @param head the head
   * @param labels {@code n} target ids
   * @param weights {@code n} positive weights
   * @param manager owner of the label and weight arrays
   */
  public static NDArray ofStates(
      NDArray states, OutputHead head, long[] labels, float[] weights, NDManager manager) {
    if (labels.length != weights.length || labels.length != states.getShape().get(0)) {
      throw new IllegalArgumentException("states, labels and weights must have equal lengths");
    }
    if (labels.length == 0) {
      throw new IllegalArgumentException("no position counts in the loss");
    }
    float total = 0;
    for (float w : weights) {
      total += w;
    }
    NDArray logProbs = head.logits(states).logSoftmax(-1);
    NDArray index = manager.create(labels, new Shape(labels.length, 1));
    NDArray picked = logProbs.gather(index, 1).reshape(-1);
    NDArray w = manager.create(weights);
    return picked.mul(w).sum().neg().div(total);
  }
}

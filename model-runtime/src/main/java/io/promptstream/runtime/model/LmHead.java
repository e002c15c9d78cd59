package io.promptstream.runtime.model;

import ai.djl.ndarray.NDArray;
import io.promptstream.runtime.model.nn.Linear;

/**
 * A plain LM head, {@code logits = E·Wᵀ (+ b)}: the base model's own head (possibly tied to the
 * token embedding). Its arrays belong to the model.
 *
 * @param projection weight {@code [vocab, hidden]} and optional bias
 */
public record LmHead(Linear projection) implements OutputHead {

  @Override
  public NDArray logits(NDArray hidden) {
    return projection.apply(hidden);
  }

  @Override
  public long hiddenSize() {
    return projection.inFeatures();
  }

  @Override
  public long vocabSize() {
    return projection.outFeatures();
  }
}

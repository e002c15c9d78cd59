package io.promptstream.runtime.model.nn;

import ai.djl.ndarray.NDArray;

/**
 * A linear projection {@code y = x·Wᵀ + b} with the weight in PyTorch's {@code [out, in]} layout
 * and an optional bias. The arrays are the model's parameters themselves (no copies), so a trainer
 * can attach gradients to them.
 *
 * @param weight {@code [out, in]}
 * @param bias {@code [out]} or {@code null}
 */
public record Linear(NDArray weight, NDArray bias) {

  /** Applies the projection to {@code [..., in]}, giving {@code [..., out]}. */
  public NDArray apply(NDArray x) {
    return ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
  }

  /** Output width. */
  public long outFeatures() {
    return weight.getShape().get(0);
  }

  /** Input width. */
  public long inFeatures() {
    return weight.getShape().get(1);
  }
}

package io.promptstream.runtime.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;

/** Normalisations over the last axis. */
public final class Norms {

  private Norms() {}

  /** LayerNorm with weight and bias over the last axis. */
  public static NDArray layerNorm(NDArray x, NDArray weight, NDArray bias, float eps) {
    Shape last = new Shape(x.getShape().get(x.getShape().dimension() - 1));
    return LayerNorm.layerNorm(x, last, weight, bias, eps).singletonOrThrow();
  }

  /**
   * RMSNorm: {@code x / sqrt(mean(x²) + eps) · weight}, in the order of operations of the reference
   * Llama implementation.
   */
  public static NDArray rmsNorm(NDArray x, NDArray weight, float eps) {
    int last = x.getShape().dimension() - 1;
    NDArray variance = x.square().mean(new int[] {last}, true);
    // pow(-0.5) is the engine's rsqrt, as in the reference implementation.
    NDArray inverse = variance.add(eps).pow(-0.5f);
    return x.mul(inverse).mul(weight);
  }
}

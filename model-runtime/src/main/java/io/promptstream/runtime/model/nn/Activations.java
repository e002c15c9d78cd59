package io.promptstream.runtime.model.nn;

import ai.djl.ndarray.NDArray;
import io.promptstream.runtime.model.Activation;

/** Elementwise activations. */
public final class Activations {

  private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);

  private Activations() {}

  /**
   * Applies an activation. Like every forward operation of the models it creates new arrays instead
   * of updating in place, so the same code runs under autograd.
   */
  public static NDArray apply(Activation activation, NDArray x) {
    switch (activation) {
      case GELU_TANH:
        return geluTanh(x);
      case GELU:
        return ai.djl.nn.Activation.gelu(x);
      case SILU:
        return x.mul(x.getNDArrayInternal().sigmoid());
      default:
        return ai.djl.nn.Activation.relu(x);
    }
  }

  /**
   * GELU with the tanh approximation, {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}, which
   * GPT-2 and Phi were trained with; the engine's own GELU is the exact erf form.
   */
  public static NDArray geluTanh(NDArray x) {
    NDArray inner = x.pow(3f).mul(0.044715f).add(x).mul(SQRT_2_OVER_PI);
    return x.mul(0.5f).mul(inner.tanh().add(1f));
  }
}

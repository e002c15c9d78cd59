package io.promptstream.runtime.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Map;

/** Helpers that export fused projections under their original names. */
public final class Splits {

  private Splits() {}

  /**
   * Puts a projection's weight (and bias, if any) under {@code name.weight} / {@code name.bias}.
   */
  public static void put(Map<String, NDArray> out, String name, Linear linear) {
    out.put(name + ".weight", linear.weight());
    if (linear.bias() != null) {
      out.put(name + ".bias", linear.bias());
    }
  }

  /**
   * Splits a fused projection along its output axis at {@code indices} and puts the parts under
   * {@code names}; the parts are views attached to {@code target}.
   */
  public static void put(
      Map<String, NDArray> out, Linear fused, String[] names, long[] indices, NDManager target) {
    NDList weights = fused.weight().split(indices, 0);
    NDList biases = fused.bias() == null ? null : fused.bias().split(indices, 0);
    for (int i = 0; i < names.length; i++) {
      NDArray w = weights.get(i);
      w.attach(target);
      out.put(names[i] + ".weight", w);
      if (biases != null) {
        NDArray b = biases.get(i);
        b.attach(target);
        out.put(names[i] + ".bias", b);
      }
    }
  }
}

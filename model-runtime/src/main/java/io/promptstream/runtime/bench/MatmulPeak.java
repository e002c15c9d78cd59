package io.promptstream.runtime.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Measures the device's fp32 matrix-product rate as DJL reaches it. */
final class MatmulPeak {

  private MatmulPeak() {}

  /** Best GFLOP/s over square products of a few sizes. */
  static double measure(NDManager parent) {
    double best = 0;
    try (NDManager m = parent.newSubManager()) {
      for (int n : new int[] {512, 1024, 2048}) {
        NDArray a = m.randomNormal(0, 1, new Shape(n, n), DataType.FLOAT32);
        NDArray b = m.randomNormal(0, 1, new Shape(n, n), DataType.FLOAT32);
        run(a, b, 2);
        int reps = Math.max(2, (int) (4e9 / (2.0 * n * n * n)));
        for (int trial = 0; trial < 3; trial++) {
          long start = System.nanoTime();
          run(a, b, reps);
          double seconds = (System.nanoTime() - start) / 1e9;
          best = Math.max(best, 2.0 * n * n * n * reps / seconds / 1e9);
        }
        a.close();
        b.close();
      }
    }
    return best;
  }

  private static void run(NDArray a, NDArray b, int reps) {
    NDArray last = null;
    for (int i = 0; i < reps; i++) {
      if (last != null) {
        last.close();
      }
      last = a.matMul(b);
    }
    // Reading a value waits for asynchronous devices to finish.
    try (NDArray corner = last.get("0, 0")) {
      corner.getFloat();
    }
    last.close();
  }
}

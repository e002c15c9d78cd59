package io.promptstream.runtime.testutil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.promptstream.runtime.adapter.AdapterHead;
import io.promptstream.runtime.adapter.HeadId;
import io.promptstream.runtime.model.LmHead;
import java.util.SplittableRandom;

/** Adapter heads with deterministic random weights. */
public final class TestHeads {

  private TestHeads() {}

  /**
   * A head that differs from the base model: identity plus noise for the MLP, the base LM head plus
   * noise for the LM head.
   */
  public static AdapterHead perturbed(LmHead base, HeadId id, NDManager parent, long seed) {
    long v = base.vocabSize();
    long h = base.hiddenSize();
    SplittableRandom random = new SplittableRandom(seed);
    NDManager staging = parent.newSubManager();
    try {
      NDArray mlpWeight = staging.eye((int) h).add(noise(staging, random, 0.3f, h, h));
      NDArray mlpBias = noise(staging, random, 0.1f, h);
      NDArray lmWeight =
          base.projection().weight().duplicate().add(noise(staging, random, 0.2f, v, h));
      lmWeight.attach(staging);
      NDArray lmBias = noise(staging, random, 0.1f, v);
      return AdapterHead.create(id, parent, mlpWeight, mlpBias, lmWeight, lmBias);
    } finally {
      staging.close();
    }
  }

  /** A head of arbitrary small sizes with random weights (for cache tests). */
  public static AdapterHead random(HeadId id, NDManager parent, int hidden, int vocab) {
    SplittableRandom random = new SplittableRandom(id.hashCode());
    NDManager staging = parent.newSubManager();
    try {
      return AdapterHead.create(
          id,
          parent,
          noise(staging, random, 1f, hidden, hidden),
          noise(staging, random, 1f, hidden),
          noise(staging, random, 1f, vocab, hidden),
          null);
    } finally {
      staging.close();
    }
  }

  private static NDArray noise(NDManager m, SplittableRandom random, float scale, long... shape) {
    Shape s = new Shape(shape);
    float[] values = new float[(int) s.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
    }
    return m.create(values, s).toType(DataType.FLOAT32, false);
  }
}

package io.promptstream.runtime.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (decoupled weight decay) over named arrays whose gradients the engine fills, with global
 * gradient-norm clipping. Matrices decay; vectors (norm weights, biases) do not.
 *
 * <p>A step whose gradient norm is not finite (an overflowing batch) is skipped: parameters and
 * moments stay as they were, the gradients are still zeroed, and {@link #skippedSteps()} counts it.
 *
 * <p>Use: attach gradients ({@link #attachGradients}), run forward and backward under a {@code
 * GradientCollector}, then {@link #step(float)} outside it: the step clips, updates in place and
 * zeroes the gradients for the next backward. Moments live under a manager of their own, freed by
 * {@link #close()}.
 */
public final class AdamW implements AutoCloseable {

  /** Default first-moment decay. */
  public static final float DEFAULT_BETA1 = 0.9f;

  /** Default second-moment decay. */
  public static final float DEFAULT_BETA2 = 0.95f;

  /** Default denominator epsilon. */
  public static final float DEFAULT_EPSILON = 1e-8f;

  private final Map<String, NDArray> parameters;
  private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
  private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
  private final NDManager manager;
  private final float weightDecay;
  private final float maxGradNorm;
  private final float beta1 = DEFAULT_BETA1;
  private final float beta2 = DEFAULT_BETA2;
  private final float epsilon = DEFAULT_EPSILON;
  private int steps;
  private int skippedSteps;

  /**
   * Creates the optimizer and its zero moments.
   *
   * @param parameters the arrays to train (live arrays; updated in place)
   * @param parent manager the moments' manager is created under
   * @param weightDecay decoupled decay of matrices per unit learning rate
   * @param maxGradNorm global gradient norm above which gradients are scaled down; {@code <= 0}
   *     disables clipping
   */
  public AdamW(
      Map<String, NDArray> parameters, NDManager parent, float weightDecay, float maxGradNorm) {
    if (parameters.isEmpty()) {
      throw new IllegalArgumentException("parameters must not be empty");
    }
    this.parameters = new LinkedHashMap<>(parameters);
    this.manager = parent.newSubManager();
    this.weightDecay = weightDecay;
    this.maxGradNorm = maxGradNorm;
    for (Map.Entry<String, NDArray> e : this.parameters.entrySet()) {
      NDArray m = manager.zeros(e.getValue().getShape(), e.getValue().getDataType());
      NDArray v = manager.zeros(e.getValue().getShape(), e.getValue().getDataType());
      NDScope.unregister(m, v);
      firstMoments.put(e.getKey(), m);
      secondMoments.put(e.getKey(), v);
    }
  }

  /** Marks every array as requiring a gradient. */
  public static void attachGradients(Map<String, NDArray> parameters) {
    for (NDArray p : parameters.values()) {
      p.setRequiresGradient(true);
    }
  }

  /**
   * Clips, updates every parameter and zeroes the gradients. Call outside the gradient collector.
   *
   * @param learningRate this step's learning rate
   * @return the gradient norm before clipping
   */
  public float step(float learningRate) {
    try (NDScope scope = new NDScope()) {
      Map<String, NDArray> grads = new LinkedHashMap<>();
      for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
        grads.put(e.getKey(), e.getValue().getGradient());
      }
      float norm = update(learningRate, grads);
      for (NDArray g : grads.values()) {
        g.muli(0f);
      }
      return norm;
    }
  }

  /**
   * Clips and updates every parameter with gradients computed elsewhere (for parameters outside the
   * autograd graph, such as LoRA adapters kept merged into the weights).
   *
   * @param learningRate this step's learning rate
   * @param gradients a gradient for every parameter, by name; left untouched
   * @return the gradient norm before clipping
   */
  public float step(float learningRate, Map<String, NDArray> gradients) {
    if (!gradients.keySet().containsAll(parameters.keySet())) {
      throw new IllegalArgumentException("gradients must cover every parameter");
    }
    try (NDScope scope = new NDScope()) {
      return update(learningRate, gradients);
    }
  }

  private float update(float learningRate, Map<String, NDArray> grads) {
    // PyTorch's grad mode is per thread and starts enabled on threads the engine did not set up
    // (a retrainer's worker, say): in-place updates of leaves that require gradients then fail.
    boolean gradMode = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      return updateWithoutGradients(learningRate, grads);
    } finally {
      JniUtils.setGradMode(gradMode);
    }
  }

  private float updateWithoutGradients(float learningRate, Map<String, NDArray> grads) {
    NDArray squares = null;
    for (String name : parameters.keySet()) {
      NDArray s = grads.get(name).square().sum();
      squares = squares == null ? s : squares.add(s);
    }
    float norm = (float) Math.sqrt(squares.getFloat());
    if (!Float.isFinite(norm)) {
      // One overflowing batch would otherwise turn every weight and moment into NaN for good.
      skippedSteps++;
      return norm;
    }
    steps++;
    float scale = maxGradNorm > 0 && norm > maxGradNorm ? maxGradNorm / norm : 1f;
    float correction1 = 1f - (float) Math.pow(beta1, steps);
    float correction2 = 1f - (float) Math.pow(beta2, steps);
    for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
      NDArray p = e.getValue();
      NDArray g = grads.get(e.getKey());
      if (scale != 1f) {
        g = g.mul(scale);
      }
      NDArray m = firstMoments.get(e.getKey());
      NDArray v = secondMoments.get(e.getKey());
      m.muli(beta1).addi(g.mul(1f - beta1));
      v.muli(beta2).addi(g.square().mul(1f - beta2));
      if (weightDecay > 0 && p.getShape().dimension() >= 2) {
        p.muli(1f - learningRate * weightDecay);
      }
      NDArray denominator = v.div(correction2).sqrt().add(epsilon);
      p.subi(m.div(denominator).mul(learningRate / correction1));
    }
    return norm;
  }

  /** Updates taken so far. */
  public int steps() {
    return steps;
  }

  /** Steps skipped because the gradient held an infinity or NaN. */
  public int skippedSteps() {
    return skippedSteps;
  }

  /** Frees the moments. */
  @Override
  public void close() {
    manager.close();
  }
}

package io.promptstream.runtime.adapter;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.promptstream.runtime.model.OutputHead;
import io.promptstream.runtime.model.nn.Linear;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An adapter head for one target LLM and version: {@code Z = MLP(E)} (one linear layer, {@code
 * [hidden, hidden]} with bias), then {@code Y = LMHead(Z)}. It owns its arrays under a manager of
 * its own.
 *
 * <p>Lifetime: the creator holds one reference; {@link #close()} gives it up. Every user that must
 * keep the arrays alive (a batch in flight) takes a reference with {@link #tryRetain()} and gives
 * it back with {@link #release()}. The arrays are freed when the last reference goes, so a head
 * swapped out or evicted while a batch uses it is freed only after that batch.
 *
 * <p>Immutable apart from that count; safe to share between threads.
 */
public final class AdapterHead implements OutputHead, AutoCloseable {

  /** Tensor name of the MLP weight. */
  public static final String MLP_WEIGHT = "mlp.weight";

  /** Tensor name of the MLP bias. */
  public static final String MLP_BIAS = "mlp.bias";

  /** Tensor name of the LM head weight. */
  public static final String LM_HEAD_WEIGHT = "lm_head.weight";

  /** Tensor name of the optional LM head bias. */
  public static final String LM_HEAD_BIAS = "lm_head.bias";

  private final HeadId id;
  private final NDManager manager;
  private final Linear mlp;
  private final Linear lmHead;
  private final long sizeInBytes;
  private final AtomicInteger references = new AtomicInteger(1);
  private final AtomicBoolean ownerClosed = new AtomicBoolean();

  private AdapterHead(HeadId id, NDManager manager, Linear mlp, Linear lmHead) {
    this.id = id;
    this.manager = manager;
    this.mlp = mlp;
    this.lmHead = lmHead;
    long bytes = 0;
    for (NDArray a : parameters().values()) {
      bytes += a.getShape().size() * a.getDataType().getNumOfBytes();
    }
    this.sizeInBytes = bytes;
  }

  /**
   * Creates a head that takes ownership of the given arrays: they are moved to a new manager under
   * {@code parent} and freed with the head.
   *
   * @param id target LLM and version
   * @param parent the manager the head's own manager is created under
   * @param mlpWeight {@code [hidden, hidden]}
   * @param mlpBias {@code [hidden]}
   * @param lmWeight {@code [vocab, hidden]}
   * @param lmBias {@code [vocab]} or {@code null}
   * @throws IllegalArgumentException when the shapes do not fit together
   */
  public static AdapterHead create(
      HeadId id,
      NDManager parent,
      NDArray mlpWeight,
      NDArray mlpBias,
      NDArray lmWeight,
      NDArray lmBias) {
    Objects.requireNonNull(id, "id");
    long h = lmWeight.getShape().get(1);
    long v = lmWeight.getShape().get(0);
    requireShape(MLP_WEIGHT, mlpWeight, h, h);
    requireShape(MLP_BIAS, mlpBias, h);
    requireShape(LM_HEAD_WEIGHT, lmWeight, v, h);
    if (lmBias != null) {
      requireShape(LM_HEAD_BIAS, lmBias, v);
    }
    NDManager manager = parent.newSubManager();
    for (NDArray a : new NDArray[] {mlpWeight, mlpBias, lmWeight, lmBias}) {
      if (a != null) {
        a.attach(manager);
      }
    }
    return new AdapterHead(
        id, manager, new Linear(mlpWeight, mlpBias), new Linear(lmWeight, lmBias));
  }

  private static void requireShape(String name, NDArray a, long... shape) {
    Objects.requireNonNull(a, name);
    if (!java.util.Arrays.equals(a.getShape().getShape(), shape)) {
      throw new IllegalArgumentException(
          name + " has shape " + a.getShape() + ", expected " + java.util.Arrays.toString(shape));
    }
  }

  /** The head's identity. */
  public HeadId id() {
    return id;
  }

  /** {@code Z = MLP(E)}: the adapted hidden states. */
  public NDArray transform(NDArray hidden) {
    return mlp.apply(hidden);
  }

  /** {@code Y = LMHead(MLP(E))}. */
  @Override
  public NDArray logits(NDArray hidden) {
    return lmHead.apply(transform(hidden));
  }

  @Override
  public long hiddenSize() {
    return lmHead.inFeatures();
  }

  @Override
  public long vocabSize() {
    return lmHead.outFeatures();
  }

  /**
   * The trainable arrays under their artifact names ({@value #MLP_WEIGHT}, {@value #MLP_BIAS},
   * {@value #LM_HEAD_WEIGHT}, and {@value #LM_HEAD_BIAS} when present).
   */
  public Map<String, NDArray> parameters() {
    Map<String, NDArray> p = new LinkedHashMap<>();
    p.put(MLP_WEIGHT, mlp.weight());
    p.put(MLP_BIAS, mlp.bias());
    p.put(LM_HEAD_WEIGHT, lmHead.weight());
    if (lmHead.bias() != null) {
      p.put(LM_HEAD_BIAS, lmHead.bias());
    }
    return Collections.unmodifiableMap(p);
  }

  /** Bytes held by the head's arrays on its device. */
  public long sizeInBytes() {
    return sizeInBytes;
  }

  /** The device the arrays live on. */
  public Device device() {
    return manager.getDevice();
  }

  @Override
  public boolean tryRetain() {
    while (true) {
      int n = references.get();
      if (n == 0) {
        return false;
      }
      if (references.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  @Override
  public void release() {
    int n = references.decrementAndGet();
    if (n == 0) {
      manager.close();
    } else if (n < 0) {
      throw new IllegalStateException("head " + id + " released more often than retained");
    }
  }

  /** References currently held (the owner's included until {@link #close()}). */
  public int referenceCount() {
    return references.get();
  }

  /** Whether the arrays have been freed. */
  public boolean isFreed() {
    return references.get() == 0;
  }

  /** Gives up the owner's reference (once); the arrays go when the last user releases. */
  @Override
  public void close() {
    if (ownerClosed.compareAndSet(false, true)) {
      release();
    }
  }

  @Override
  public String toString() {
    return "AdapterHead[" + id + ", " + sizeInBytes + " bytes]";
  }
}

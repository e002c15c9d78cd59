package io.promptstream.runtime.adapter;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import io.promptstream.runtime.model.DecoderModel;
import io.promptstream.runtime.model.LmHead;
import io.promptstream.runtime.prompter.Prompter;

/** Factories for adapter heads. */
public final class AdapterHeads {

  private AdapterHeads() {}

  /**
   * A new head that starts out as the base model: the MLP is the identity with zero bias and the LM
   * head is a copy of the base LM head. Its logits equal the base model's exactly. This is where
   * stage-2 training starts.
   */
  public static AdapterHead identity(Prompter prompter, String targetLlm, String version) {
    return identity(prompter.model(), new HeadId(targetLlm, version), prompter.manager());
  }

  /** Same as {@link #identity(Prompter, String, String)} for a bare model. */
  public static AdapterHead identity(DecoderModel model, HeadId id, NDManager parent) {
    int h = model.config().hiddenSize();
    LmHead base = model.baseHead();
    NDManager staging = parent.newSubManager();
    try (NDScope scope = new NDScope()) {
      NDArray mlpWeight = staging.eye(h, h, 0, DataType.FLOAT32);
      NDArray mlpBias = staging.zeros(new ai.djl.ndarray.types.Shape(h), DataType.FLOAT32);
      NDArray lmWeight = copy(base.projection().weight(), staging);
      NDArray lmBias =
          base.projection().bias() == null ? null : copy(base.projection().bias(), staging);
      AdapterHead head = AdapterHead.create(id, parent, mlpWeight, mlpBias, lmWeight, lmBias);
      for (NDArray a : head.parameters().values()) {
        NDScope.unregister(a);
      }
      return head;
    } finally {
      staging.close();
    }
  }

  private static NDArray copy(NDArray source, NDManager target) {
    NDArray copy = source.duplicate();
    copy.attach(target);
    return copy;
  }
}

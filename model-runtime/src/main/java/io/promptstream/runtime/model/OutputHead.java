package io.promptstream.runtime.model;

import ai.djl.ndarray.NDArray;

/**
 * Turns the trunk's final hidden states into next-token logits. The base model's LM head is one;
 * each adapter head (MLP then LM head) is another.
 */
public interface OutputHead {

  /**
   * Computes logits.
   *
   * @param hidden {@code [..., hidden]} final (normalised) hidden states
   * @return {@code [..., vocab]} logits, attached to the hidden states' manager
   */
  NDArray logits(NDArray hidden);

  /** Width of the hidden states the head expects. */
  long hiddenSize();

  /** Vocabulary size of the logits. */
  long vocabSize();

  /**
   * Takes a reference that keeps the head's arrays alive until {@link #release()}; a generator
   * holds one for the whole batch. Heads owned by the model need none.
   *
   * @return false when the head has already been freed and must not be used
   */
  default boolean tryRetain() {
    return true;
  }

  /** Gives back a reference taken by {@link #tryRetain()}. */
  default void release() {}
}

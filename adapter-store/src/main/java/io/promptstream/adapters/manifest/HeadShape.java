package io.promptstream.adapters.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Dimensions of an adapter head: an MLP of {@code [hiddenSize, hiddenSize]} plus a bias of {@code
 * [hiddenSize]}, then an LM head of {@code [vocabSize, hiddenSize]} with an optional bias of {@code
 * [vocabSize]}. Both sizes must equal the trunk's, or the head cannot sit on it.
 *
 * @param hiddenSize the trunk's hidden size
 * @param vocabSize the trunk's vocabulary size (rows of its LM head, which may exceed the
 *     tokenizer's vocabulary)
 * @param hasLmHeadBias whether the LM head has a bias
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HeadShape(int hiddenSize, int vocabSize, boolean hasLmHeadBias) {

  /**
   * Creates a shape.
   *
   * @throws IllegalArgumentException when a size is not positive
   */
  public HeadShape {
    if (hiddenSize <= 0) {
      throw new IllegalArgumentException("hiddenSize must be positive, but was " + hiddenSize);
    }
    if (vocabSize <= 0) {
      throw new IllegalArgumentException("vocabSize must be positive, but was " + vocabSize);
    }
  }
}

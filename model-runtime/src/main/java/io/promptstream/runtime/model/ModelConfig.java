package io.promptstream.runtime.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The hyper-parameters of a decoder, read from a Hugging Face {@code config.json} by {@link
 * HfConfigJson}. Immutable.
 *
 * @param family the implementation family
 * @param modelType the {@code model_type} as written in the config
 * @param vocabSize rows of the embedding and of the LM head
 * @param hiddenSize model width
 * @param numLayers decoder blocks
 * @param numHeads query heads
 * @param numKvHeads key/value heads (equal to {@code numHeads} without grouped-query attention)
 * @param headDim width of one head
 * @param intermediateSize MLP width
 * @param maxPositions longest sequence the positions support
 * @param normEps epsilon of the LayerNorm / RMSNorm
 * @param activation MLP activation
 * @param rope rotary settings, {@code null} for learned positions (GPT-2)
 * @param tieWordEmbeddings whether the LM head reuses the token embedding
 * @param qkvBias whether q/k/v projections have biases
 * @param outputBias whether the attention output projection has a bias
 * @param mlpBias whether MLP projections have biases
 * @param lmHeadBias whether the LM head has a bias
 * @param bosTokenId beginning-of-sequence id, or {@code null}
 * @param eosTokenIds end-of-sequence ids (possibly empty)
 * @param padTokenId padding id, or {@code null}
 */
public record ModelConfig(
    ModelFamily family,
    String modelType,
    int vocabSize,
    int hiddenSize,
    int numLayers,
    int numHeads,
    int numKvHeads,
    int headDim,
    int intermediateSize,
    int maxPositions,
    float normEps,
    Activation activation,
    RopeSettings rope,
    boolean tieWordEmbeddings,
    boolean qkvBias,
    boolean outputBias,
    boolean mlpBias,
    boolean lmHeadBias,
    Integer bosTokenId,
    List<Integer> eosTokenIds,
    Integer padTokenId) {

  /** Validates the relations between the numbers. */
  public ModelConfig {
    eosTokenIds = List.copyOf(eosTokenIds);
    positive("vocab_size", vocabSize);
    positive("hidden_size", hiddenSize);
    positive("num_hidden_layers", numLayers);
    positive("num_attention_heads", numHeads);
    positive("num_key_value_heads", numKvHeads);
    positive("head_dim", headDim);
    positive("intermediate_size", intermediateSize);
    positive("max_position_embeddings", maxPositions);
    if (numHeads % numKvHeads != 0) {
      throw new UnsupportedModelException(
          "num_attention_heads (" + numHeads + ") must be a multiple of num_key_value_heads");
    }
    if (rope != null && (rope.rotaryDim() <= 0 || rope.rotaryDim() % 2 != 0)) {
      throw new UnsupportedModelException("rotary dimension must be even and positive");
    }
    if (rope != null && rope.rotaryDim() > headDim) {
      throw new UnsupportedModelException("rotary dimension exceeds head_dim");
    }
  }

  /**
   * Reads a {@code config.json}.
   *
   * @throws UnsupportedModelException when the architecture or a setting is not implemented
   */
  public static ModelConfig read(Path configJson) throws IOException {
    return HfConfigJson.read(configJson);
  }

  /** Query heads per key/value head. */
  public int groupSize() {
    return numHeads / numKvHeads;
  }

  /**
   * Parameters that take part in every generated token's matrix products (all projections and the
   * LM head; the embedding lookup is not a product).
   */
  public long matmulParameterCount() {
    long h = hiddenSize;
    long qkv = h * (long) (numHeads + 2 * numKvHeads) * headDim;
    long out = (long) numHeads * headDim * h;
    long mlp = (family == ModelFamily.LLAMA ? 3 : 2) * h * intermediateSize;
    return numLayers * (qkv + out + mlp) + h * vocabSize;
  }

  private static void positive(String key, int value) {
    if (value <= 0) {
      throw new UnsupportedModelException(key + " must be positive, got " + value);
    }
  }
}

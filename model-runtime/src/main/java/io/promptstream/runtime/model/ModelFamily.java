package io.promptstream.runtime.model;

import java.util.List;

/** The decoder families this runtime implements, with the {@code model_type} values they accept. */
public enum ModelFamily {
  /** GPT-2: learned positions, pre-norm LayerNorm, fused QKV (Conv1D layout), GELU (tanh). */
  GPT2(List.of("gpt2")),
  /**
   * Llama and the Llama-like shapes (SmolLM is {@code llama}; Qwen2 adds q/k/v biases): RMSNorm,
   * rotary positions, grouped-query attention, gated SiLU MLP.
   */
  LLAMA(List.of("llama", "qwen2")),
  /**
   * Phi (Phi-1.5, Phi-2): parallel attention and MLP off one LayerNorm, partial rotary embedding,
   * biased projections and an LM head with bias.
   */
  PHI(List.of("phi"));

  private final List<String> modelTypes;

  ModelFamily(List<String> modelTypes) {
    this.modelTypes = modelTypes;
  }

  /** The {@code model_type} values of this family. */
  public List<String> modelTypes() {
    return modelTypes;
  }

  /**
   * Finds the family of a {@code model_type}.
   *
   * @throws UnsupportedModelException when no family accepts it
   */
  public static ModelFamily forModelType(String modelType) {
    for (ModelFamily f : values()) {
      if (f.modelTypes.contains(modelType)) {
        return f;
      }
    }
    throw new UnsupportedModelException(
        "model_type '"
            + modelType
            + "' is not supported; supported: gpt2, llama, qwen2 (Llama-like), phi (Phi-1.5/Phi-2)");
  }
}

package io.promptstream.runtime.model;

import java.util.Locale;

/** MLP activations, named as in a Hugging Face {@code config.json}. */
public enum Activation {
  /** GELU, tanh approximation ({@code gelu_new}, {@code gelu_pytorch_tanh}): GPT-2, Phi. */
  GELU_TANH,
  /** GELU, exact erf form ({@code gelu}). */
  GELU,
  /** SiLU / swish ({@code silu}): Llama, Qwen2, SmolLM. */
  SILU,
  /** ReLU ({@code relu}). */
  RELU;

  /**
   * Parses a config value.
   *
   * @throws UnsupportedModelException for names not implemented here
   */
  public static Activation fromConfig(String key, String name) {
    switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
      case "gelu_new":
      case "gelu_pytorch_tanh":
      case "gelu_fast":
        return GELU_TANH;
      case "gelu":
        return GELU;
      case "silu":
      case "swish":
        return SILU;
      case "relu":
        return RELU;
      default:
        throw new UnsupportedModelException(key + "='" + name + "' is not supported");
    }
  }

  /** The name written to a {@code config.json}. */
  public String configName() {
    switch (this) {
      case GELU_TANH:
        return "gelu_new";
      case GELU:
        return "gelu";
      case SILU:
        return "silu";
      default:
        return "relu";
    }
  }
}

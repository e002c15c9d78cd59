package io.promptstream.runtime.prompter;

import io.promptstream.runtime.model.Activation;
import io.promptstream.runtime.model.ModelConfig;
import io.promptstream.runtime.model.ModelFamily;
import io.promptstream.runtime.model.RopeSettings;
import java.util.List;

/**
 * The architecture of the project's default prompter: a small Llama-family decoder (SmolLM-like:
 * grouped-query attention, tied embeddings) sized to rewrite prompts at high batch throughput on a
 * CPU. Until trained weights exist, the benchmark runs a randomly initialised model of this shape.
 */
public final class DefaultPrompterShape {

  /** Vocabulary size. */
  public static final int VOCAB_SIZE = 8192;

  /** Model width. */
  public static final int HIDDEN_SIZE = 384;

  /** Decoder blocks. */
  public static final int LAYERS = 6;

  /** Query heads. */
  public static final int HEADS = 6;

  /** Key/value heads (grouped-query attention, 3 query heads per KV head). */
  public static final int KV_HEADS = 2;

  /** MLP width. */
  public static final int INTERMEDIATE_SIZE = 1024;

  /** Longest sequence (template, prompt and rewrite). */
  public static final int MAX_POSITIONS = 1024;

  private DefaultPrompterShape() {}

  /** The configuration; EOS is the last id, as in the byte-level tokenizer written for it. */
  public static ModelConfig config() {
    return new ModelConfig(
        ModelFamily.LLAMA,
        "llama",
        VOCAB_SIZE,
        HIDDEN_SIZE,
        LAYERS,
        HEADS,
        KV_HEADS,
        HIDDEN_SIZE / HEADS,
        INTERMEDIATE_SIZE,
        MAX_POSITIONS,
        1e-5f,
        Activation.SILU,
        RopeSettings.of(10000, HIDDEN_SIZE / HEADS),
        true,
        false,
        false,
        false,
        false,
        VOCAB_SIZE - 1,
        List.of(VOCAB_SIZE - 1),
        null);
  }
}

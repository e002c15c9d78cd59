package io.promptstream.runtime.training;

import io.promptstream.runtime.training.data.RewriteStyle;
import java.util.List;

/**
 * The example adapter heads shipped with the default prompter: one per target LLM, each trained on
 * one rewrite style (distinct target LLMs can prefer distinct styles). The names are the ones the
 * gateway demo routes to.
 */
public final class DefaultHeads {

  /**
   * A shipped head.
   *
   * @param targetLlm the target LLM the head is named for
   * @param style the rewrite style it is trained on
   */
  public record Spec(String targetLlm, RewriteStyle style) {}

  /** The version every shipped head has. */
  public static final String VERSION = "v1";

  /** Directory under the prompter directory that holds one directory per head. */
  public static final String HEADS_DIR = "heads";

  /** {@code gemma-7b} ← structured, {@code llama-3-8b} ← expert, {@code mixtral-8x7b} ← concise. */
  public static final List<Spec> ALL =
      List.of(
          new Spec("gemma-7b", RewriteStyle.STRUCTURED),
          new Spec("llama-3-8b", RewriteStyle.EXPERT),
          new Spec("mixtral-8x7b", RewriteStyle.CONCISE));

  private DefaultHeads() {}
}

package io.promptstream.runtime.training.eval;

import io.promptstream.runtime.training.data.RewriteStyle;
import java.util.Map;

/**
 * The scores of one set of rewrites of the held-out prompts (one head's outputs, the base model's,
 * or the dataset's reference rewrites).
 *
 * @param name the head's target LLM, "base", or "reference:{style}"
 * @param style the style the rewrites should have, or {@code null} for the base model
 * @param count rewrites scored
 * @param heldOutLoss mean cross-entropy per rewrite token on the style's held-out rewrites, or NaN
 * @param contentRetention mean share of the prompt's content words and numbers kept
 * @param numbersKept share of prompts with numbers whose every number is kept (NaN if none have)
 * @param styleAdherence share classified as {@code style} by {@link StyleRules#classify} (NaN
 *     without a style)
 * @param styleMix share classified as each style (the rest matches none)
 * @param degenerate share empty, truncated or repetitive
 * @param empty share empty
 * @param truncated share cut off by the token limit
 * @param repetition share with a repeated word trigram
 * @param meanWords mean words per rewrite
 */
public record EvalRow(
    String name,
    RewriteStyle style,
    int count,
    double heldOutLoss,
    double contentRetention,
    double numbersKept,
    double styleAdherence,
    Map<RewriteStyle, Double> styleMix,
    double degenerate,
    double empty,
    double truncated,
    double repetition,
    double meanWords) {

  /** Copies the mix. */
  public EvalRow {
    styleMix = Map.copyOf(styleMix);
  }

  /** {@code exp(heldOutLoss)}. */
  public double perplexity() {
    return Math.exp(heldOutLoss);
  }
}

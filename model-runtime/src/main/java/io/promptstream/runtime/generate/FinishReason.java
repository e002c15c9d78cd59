package io.promptstream.runtime.generate;

/** Why generation of one row ended. */
public enum FinishReason {
  /** The model emitted an end-of-sequence token (not part of the text). */
  EOS,
  /** The text reached one of the stop strings; the text is cut before it. */
  STOP_STRING,
  /** The row produced its maximum number of new tokens (or reached the model's context length). */
  LENGTH,
  /**
   * The templated prompt does not fit the maximum prompt length or the model's context (or encodes
   * to no token at all); nothing was generated and the text is empty. Callers should pass the
   * original prompt through.
   */
  PROMPT_TOO_LONG
}

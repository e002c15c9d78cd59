package io.promptstream.runtime.generate;

/**
 * The result of one request.
 *
 * @param text the generated text, special tokens removed, cut before a stop string, stripped of
 *     surrounding whitespace; empty for {@link FinishReason#PROMPT_TOO_LONG}
 * @param promptTokens tokens of the templated prompt
 * @param generatedTokens tokens generated (an end-of-sequence token counts)
 * @param finishReason why generation ended
 * @param tokenIds the generated ids
 */
public record Generation(
    String text,
    int promptTokens,
    int generatedTokens,
    FinishReason finishReason,
    long[] tokenIds) {

  /** Copies the ids. */
  public Generation {
    tokenIds = tokenIds.clone();
  }

  /** A copy of the generated ids. */
  @Override
  public long[] tokenIds() {
    return tokenIds.clone();
  }
}

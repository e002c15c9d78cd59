package io.promptstream.runtime.training.eval;

import io.promptstream.runtime.generate.FinishReason;
import io.promptstream.runtime.generate.Generation;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a generated rewrite is unusable: empty, cut off (it ran out of tokens instead of ending,
 * or its prompt did not fit), or degenerate (a word trigram occurring three or more times, the
 * typical loop of greedy decoding).
 */
public final class Degeneracy {

  /** Why an output is unusable. */
  public enum Kind {
    /** Usable. */
    NONE,
    /** Blank text. */
    EMPTY,
    /** Ended by the token limit or not generated at all. */
    TRUNCATED,
    /** A repeated word trigram. */
    REPETITION
  }

  private Degeneracy() {}

  /** Classifies one generation. */
  public static Kind of(Generation generation) {
    if (generation.text().isBlank()) {
      return Kind.EMPTY;
    }
    if (generation.finishReason() == FinishReason.LENGTH
        || generation.finishReason() == FinishReason.PROMPT_TOO_LONG) {
      return Kind.TRUNCATED;
    }
    return repeats(generation.text()) ? Kind.REPETITION : Kind.NONE;
  }

  /** Whether some word trigram occurs three or more times. */
  public static boolean repeats(String text) {
    String[] words = text.toLowerCase(Locale.ROOT).split("\\s+");
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i + 2 < words.length; i++) {
      String key = words[i] + ' ' + words[i + 1] + ' ' + words[i + 2];
      if (counts.merge(key, 1, Integer::sum) >= 3) {
        return true;
      }
    }
    return false;
  }
}

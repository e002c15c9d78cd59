package io.promptstream.runtime.generate;

import io.promptstream.runtime.tokenizer.PrompterTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the rows of a step for stop strings with as little decoding as possible: only the tail of
 * each row is decoded (enough tokens to hold any stop string, since earlier occurrences were caught
 * in earlier steps), all rows in one native call; a row whose tail matches is decoded in full to
 * find the exact cut.
 */
final class StopStrings {

  /** Tokens of slack beyond the stop length, for tokens that decode to no visible character. */
  private static final int SLACK_TOKENS = 4;

  private StopStrings() {}

  static void check(Row[] rows, PrompterTokenizer tokenizer) {
    List<Row> candidates = new ArrayList<>();
    for (Row row : rows) {
      if (row.needsStopCheck()) {
        candidates.add(row);
      }
    }
    if (candidates.isEmpty()) {
      return;
    }
    long[][] tails = new long[candidates.size()][];
    for (int i = 0; i < tails.length; i++) {
      Row row = candidates.get(i);
      tails[i] = row.tail(row.longestStop() + SLACK_TOKENS);
    }
    String[] texts = tokenizer.decodeAll(tails);
    for (int i = 0; i < texts.length; i++) {
      Row row = candidates.get(i);
      if (row.containsStop(texts[i])) {
        row.stopIfFound(tokenizer.decode(row.generatedIds()));
      }
    }
  }
}

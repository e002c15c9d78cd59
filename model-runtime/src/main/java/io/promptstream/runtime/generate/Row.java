package io.promptstream.runtime.generate;

import io.promptstream.runtime.model.OutputHead;
import io.promptstream.runtime.tokenizer.PrompterTokenizer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** One request's state while its batch decodes. */
final class Row {

  final int requestIndex;
  final long[] promptIds;
  final int maxNewTokens;
  final OutputHead head;
  final TokenSampler sampler;
  private final List<String> stopStrings;
  private long[] generated = new long[16];
  private int count;
  private FinishReason finish;
  private String stoppedText;

  Row(
      int requestIndex,
      long[] promptIds,
      int maxNewTokens,
      OutputHead head,
      SamplingSettings sampling,
      List<String> stopStrings) {
    this.requestIndex = requestIndex;
    this.promptIds = promptIds;
    this.maxNewTokens = maxNewTokens;
    this.head = head;
    this.sampler = new TokenSampler(sampling);
    this.stopStrings = stopStrings;
  }

  /**
   * Records a generated token and ends the row on an end-of-sequence id or at its token budget.
   * Stop strings are checked separately, for all rows at once ({@link StopStrings}).
   */
  void accept(long token, Set<Long> eos) {
    if (count == generated.length) {
      generated = Arrays.copyOf(generated, count * 2);
    }
    generated[count++] = token;
    if (eos.contains(token)) {
      finish = FinishReason.EOS;
    } else if (count >= maxNewTokens) {
      finish = FinishReason.LENGTH;
    }
  }

  /** Whether the newest token may have completed a stop string. */
  boolean needsStopCheck() {
    return !stopStrings.isEmpty() && (finish == null || finish == FinishReason.LENGTH);
  }

  /** The longest stop string, in chars. */
  int longestStop() {
    int longest = 0;
    for (String s : stopStrings) {
      longest = Math.max(longest, s.length());
    }
    return longest;
  }

  /** Whether {@code text} contains one of the stop strings. */
  boolean containsStop(String text) {
    for (String stop : stopStrings) {
      if (text.contains(stop)) {
        return true;
      }
    }
    return false;
  }

  /** Ends the row at the earliest stop string in its full decoded text, if there is one. */
  void stopIfFound(String fullText) {
    int cut = -1;
    for (String stop : stopStrings) {
      int at = fullText.indexOf(stop);
      if (at >= 0 && (cut < 0 || at < cut)) {
        cut = at;
      }
    }
    if (cut >= 0) {
      stoppedText = fullText.substring(0, cut);
      finish = FinishReason.STOP_STRING;
    }
  }

  /** The last {@code n} generated ids (fewer if fewer were generated). */
  long[] tail(int n) {
    return Arrays.copyOfRange(generated, Math.max(0, count - n), count);
  }

  boolean isFinished() {
    return finish != null;
  }

  long lastToken() {
    return generated[count - 1];
  }

  int generatedCount() {
    return count;
  }

  long[] generatedIds() {
    return Arrays.copyOf(generated, count);
  }

  Generation toGeneration(PrompterTokenizer tokenizer) {
    String text;
    if (finish == FinishReason.STOP_STRING) {
      text = stoppedText;
    } else {
      int textTokens = finish == FinishReason.EOS ? count - 1 : count;
      text = tokenizer.decode(Arrays.copyOf(generated, textTokens));
    }
    return new Generation(text.strip(), promptIds.length, count, finish, generatedIds());
  }
}

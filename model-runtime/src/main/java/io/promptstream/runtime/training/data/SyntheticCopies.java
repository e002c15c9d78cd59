package io.promptstream.runtime.training.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Copy-task examples over random token sequences, {@code <|user|> t₁…tₙ <|copy|> t₁…tₙ <|eos|>},
 * drawn afresh for every epoch. A sequence of random tokens cannot be memorised or predicted from
 * the language, only copied, so these examples train the attention pattern that finds a token in
 * the prompt and carries its successor over; the prompter needs it to keep the prompt's (often
 * rare, multi-token) words in its rewrite.
 */
public final class SyntheticCopies {

  /** Shortest random sequence. */
  public static final int MIN_LENGTH = 8;

  /** Longest random sequence. */
  public static final int MAX_LENGTH = 40;

  private SyntheticCopies() {}

  /**
   * The examples of one epoch, a pure function of the arguments.
   *
   * @param count examples to draw
   * @param vocabSize the vocabulary; tokens are drawn uniformly from the non-special ids
   * @param seed the run's seed
   * @param epoch the epoch, mixed into the seed
   */
  public static List<TrainingExample> forEpoch(int count, int vocabSize, long seed, int epoch) {
    int first = PrompterFormat.SPECIAL_TOKENS.size();
    if (vocabSize <= first) {
      throw new IllegalArgumentException("vocabSize must exceed the special tokens");
    }
    SplittableRandom random = new SplittableRandom(seed * 7_919L + 104_729L * (epoch + 1));
    List<TrainingExample> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int n = MIN_LENGTH + random.nextInt(MAX_LENGTH - MIN_LENGTH + 1);
      long[] ids = new long[2 * n + 3];
      ids[0] = PrompterFormat.USER_ID;
      ids[n + 1] = PrompterFormat.COPY_ID;
      for (int k = 0; k < n; k++) {
        long token = first + random.nextInt(vocabSize - first);
        ids[1 + k] = token;
        ids[n + 2 + k] = token;
      }
      ids[2 * n + 2] = PrompterFormat.EOS_ID;
      out.add(new TrainingExample(ids, n + 2, 1f));
    }
    return out;
  }
}

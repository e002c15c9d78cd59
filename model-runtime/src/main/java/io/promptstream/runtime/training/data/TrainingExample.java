package io.promptstream.runtime.training.data;

/**
 * One tokenised training sequence: the templated prompt, then the rewrite and the end-of-sequence
 * token. The loss covers only the tokens from {@code promptLength} on, predicted from the token
 * before each.
 *
 * @param ids the whole sequence
 * @param promptLength tokens of the templated prompt (at least 1, less than {@code ids.length})
 * @param weight the example's weight in the loss (1 for plain supervised data; judged examples may
 *     carry other positive weights)
 */
public record TrainingExample(long[] ids, int promptLength, float weight) {

  /** Validates and copies. */
  public TrainingExample {
    ids = ids.clone();
    if (promptLength < 1 || promptLength >= ids.length) {
      throw new IllegalArgumentException(
          "promptLength must be in [1, " + ids.length + "), got " + promptLength);
    }
    if (!(weight > 0) || Float.isInfinite(weight)) {
      throw new IllegalArgumentException("weight must be positive and finite, got " + weight);
    }
  }

  /** The ids (a copy). */
  @Override
  public long[] ids() {
    return ids.clone();
  }

  /** Sequence length. */
  public int length() {
    return ids.length;
  }

  /** Tokens the loss covers. */
  public int targetCount() {
    return ids.length - promptLength;
  }

  /** One id, without copying. */
  public long id(int position) {
    return ids[position];
  }
}

package io.promptstream.runtime.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Chooses tokens from one row's logits on the Java side, with the row's own random generator, so
 * that a row's choice never depends on other rows.
 */
final class TokenSampler {

  private final SamplingSettings settings;
  private final SplittableRandom random;

  TokenSampler(SamplingSettings settings) {
    this.settings = settings;
    this.random = settings.isGreedy() ? null : new SplittableRandom(settings.seed());
  }

  boolean isGreedy() {
    return settings.isGreedy();
  }

  /** Picks a token from {@code logits[offset, offset + vocab)}. */
  int pick(float[] logits, int offset, int vocab) {
    if (settings.isGreedy()) {
      return argmax(logits, offset, vocab);
    }
    float max = logits[offset + argmax(logits, offset, vocab)];
    double inverseTemperature = 1.0 / settings.temperature();
    double[] weights = new double[vocab];
    double total = 0;
    for (int i = 0; i < vocab; i++) {
      double w = Math.exp((logits[offset + i] - max) * inverseTemperature);
      weights[i] = w;
      total += w;
    }
    if (settings.topP() >= 1f) {
      return draw(weights, null, vocab, total);
    }
    // Nucleus: order candidates by weight (ties by index, for determinism) and keep the
    // smallest prefix whose mass reaches topP.
    long[] keys = new long[vocab];
    for (int i = 0; i < vocab; i++) {
      long bits = Float.floatToIntBits((float) (weights[i] / total));
      keys[i] = (bits << 32) | (0xffffffffL - i);
    }
    Arrays.sort(keys);
    int[] order = new int[vocab];
    double needed = settings.topP() * total;
    double kept = 0;
    int count = 0;
    for (int k = vocab - 1; k >= 0 && kept < needed; k--) {
      int index = (int) (0xffffffffL - (keys[k] & 0xffffffffL));
      order[count++] = index;
      kept += weights[index];
    }
    return draw(weights, order, count, kept);
  }

  private int draw(double[] weights, int[] order, int count, double total) {
    double target = random.nextDouble() * total;
    double cumulative = 0;
    int last = 0;
    for (int k = 0; k < count; k++) {
      int index = order == null ? k : order[k];
      cumulative += weights[index];
      last = index;
      if (cumulative > target) {
        return index;
      }
    }
    return last;
  }

  static int argmax(float[] logits, int offset, int vocab) {
    int best = 0;
    float bestValue = logits[offset];
    for (int i = 1; i < vocab; i++) {
      if (logits[offset + i] > bestValue) {
        bestValue = logits[offset + i];
        best = i;
      }
    }
    return best;
  }
}

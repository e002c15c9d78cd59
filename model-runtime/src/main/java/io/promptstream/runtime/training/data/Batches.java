package io.promptstream.runtime.training.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Groups examples into batches of similar length, so little compute goes to padding: each epoch the
 * examples are shuffled (seeded by the seed and the epoch), cut into pools of 32 batches' worth,
 * each pool sorted by length and cut into batches of at most {@code maxRows} rows and at most
 * {@code maxTokens} padded tokens, and the batches shuffled again.
 */
public final class Batches {

  private static final int POOL_BATCHES = 32;

  private Batches() {}

  /**
   * The batches of one epoch.
   *
   * @param examples the training set
   * @param maxRows most rows per batch
   * @param maxTokens most padded tokens (rows × longest row) per batch; a single longer example
   *     still gets a batch of its own
   * @param seed the run's seed
   * @param epoch the epoch (0-based), mixed into the seed
   */
  public static List<List<TrainingExample>> forEpoch(
      List<TrainingExample> examples, int maxRows, int maxTokens, long seed, int epoch) {
    if (maxRows <= 0 || maxTokens <= 0) {
      throw new IllegalArgumentException("maxRows and maxTokens must be positive");
    }
    Random random = new Random(seed * 1_000_003L + epoch);
    List<TrainingExample> order = new ArrayList<>(examples);
    Collections.shuffle(order, random);
    List<List<TrainingExample>> batches = new ArrayList<>();
    int pool = maxRows * POOL_BATCHES;
    for (int start = 0; start < order.size(); start += pool) {
      List<TrainingExample> chunk =
          new ArrayList<>(order.subList(start, Math.min(order.size(), start + pool)));
      chunk.sort(Comparator.comparingInt(TrainingExample::length));
      batches.addAll(cut(chunk, maxRows, maxTokens));
    }
    Collections.shuffle(batches, random);
    return batches;
  }

  /** Batches in length order without shuffling (evaluation). */
  public static List<List<TrainingExample>> inOrder(
      List<TrainingExample> examples, int maxRows, int maxTokens) {
    List<TrainingExample> sorted = new ArrayList<>(examples);
    sorted.sort(Comparator.comparingInt(TrainingExample::length));
    return cut(sorted, maxRows, maxTokens);
  }

  private static List<List<TrainingExample>> cut(
      List<TrainingExample> sorted, int maxRows, int maxTokens) {
    List<List<TrainingExample>> out = new ArrayList<>();
    List<TrainingExample> current = new ArrayList<>();
    for (TrainingExample e : sorted) {
      int rowsAfter = current.size() + 1;
      if (!current.isEmpty() && (rowsAfter > maxRows || rowsAfter * e.length() > maxTokens)) {
        out.add(current);
        current = new ArrayList<>();
      }
      current.add(e);
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }
}

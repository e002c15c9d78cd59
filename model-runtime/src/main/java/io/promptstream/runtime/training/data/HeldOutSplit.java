package io.promptstream.runtime.training.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A deterministic split of the dataset by prompt (all rewrites of a prompt land on the same side),
 * stratified by category.
 *
 * <p>Each category's records are shuffled with a generator seeded from the split seed and the
 * category name; its share of the held-out set is {@code fraction × size}, rounded down, and the
 * remaining places (up to {@code round(fraction × total)}) go to the categories with the largest
 * remainders (ties by name). The result depends only on the records' ids and categories, the
 * fraction and the seed, not on the file order.
 *
 * @param train the records trained on, in id order
 * @param heldOut the records kept out of training, in id order
 */
public record HeldOutSplit(List<PromptRewrite> train, List<PromptRewrite> heldOut) {

  /** Default share of prompts held out. */
  public static final double DEFAULT_FRACTION = 0.1;

  /** Copies the lists. */
  public HeldOutSplit {
    train = List.copyOf(train);
    heldOut = List.copyOf(heldOut);
  }

  /**
   * Splits the records.
   *
   * @param records the dataset
   * @param fraction share of prompts to hold out, in {@code [0, 1)}
   * @param seed the split seed
   */
  public static HeldOutSplit of(List<PromptRewrite> records, double fraction, long seed) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("fraction must be in [0, 1), got " + fraction);
    }
    Map<String, List<PromptRewrite>> byCategory = new TreeMap<>();
    for (PromptRewrite r : records) {
      byCategory.computeIfAbsent(r.category(), c -> new ArrayList<>()).add(r);
    }
    int target = (int) Math.round(fraction * records.size());
    Map<String, Integer> quota = new TreeMap<>();
    List<Map.Entry<String, Double>> remainders = new ArrayList<>();
    int assigned = 0;
    for (Map.Entry<String, List<PromptRewrite>> e : byCategory.entrySet()) {
      double exact = fraction * e.getValue().size();
      int whole = (int) Math.floor(exact);
      quota.put(e.getKey(), whole);
      assigned += whole;
      remainders.add(Map.entry(e.getKey(), exact - whole));
    }
    remainders.sort(
        Comparator.comparing((Map.Entry<String, Double> e) -> -e.getValue())
            .thenComparing(Map.Entry::getKey));
    for (int i = 0; assigned < target && i < remainders.size(); i++, assigned++) {
      quota.merge(remainders.get(i).getKey(), 1, Integer::sum);
    }
    Set<String> heldIds = new HashSet<>();
    for (Map.Entry<String, List<PromptRewrite>> e : byCategory.entrySet()) {
      List<PromptRewrite> members = new ArrayList<>(e.getValue());
      members.sort(Comparator.comparing(PromptRewrite::id));
      java.util.Collections.shuffle(members, new Random(seed * 31 + e.getKey().hashCode()));
      for (int i = 0; i < quota.get(e.getKey()); i++) {
        heldIds.add(members.get(i).id());
      }
    }
    List<PromptRewrite> train = new ArrayList<>();
    List<PromptRewrite> held = new ArrayList<>();
    for (PromptRewrite r : records) {
      (heldIds.contains(r.id()) ? held : train).add(r);
    }
    train.sort(Comparator.comparing(PromptRewrite::id));
    held.sort(Comparator.comparing(PromptRewrite::id));
    return new HeldOutSplit(train, held);
  }
}

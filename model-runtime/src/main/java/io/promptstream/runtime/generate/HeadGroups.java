package io.promptstream.runtime.generate;

import ai.djl.ndarray.NDArray;
import io.promptstream.runtime.model.OutputHead;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies each row's head to its hidden state: rows are grouped by head (by identity), each group
 * goes through its head in one matrix product, and tokens are chosen per row.
 */
final class HeadGroups {

  private HeadGroups() {}

  /**
   * Chooses the next token of every unfinished row.
   *
   * @param hidden {@code [rows, hidden]} last hidden state of each slot
   * @param slots the rows, in slot order
   * @return per slot the chosen token ({@code -1} for finished rows)
   */
  static long[] chooseTokens(NDArray hidden, Row[] slots) {
    long[] next = new long[slots.length];
    List<OutputHead> heads = new ArrayList<>();
    List<List<Integer>> members = new ArrayList<>();
    for (int s = 0; s < slots.length; s++) {
      next[s] = -1;
      if (slots[s].isFinished()) {
        continue;
      }
      int g = indexOfIdentity(heads, slots[s].head);
      if (g < 0) {
        heads.add(slots[s].head);
        members.add(new ArrayList<>());
        g = heads.size() - 1;
      }
      members.get(g).add(s);
    }
    for (int g = 0; g < heads.size(); g++) {
      List<Integer> rows = members.get(g);
      NDArray states = rows.size() == slots.length ? hidden : select(hidden, rows);
      NDArray logits = heads.get(g).logits(states);
      boolean allGreedy = true;
      for (int s : rows) {
        allGreedy &= slots[s].sampler.isGreedy();
      }
      if (allGreedy) {
        long[] ids = logits.argMax(1).toLongArray();
        for (int k = 0; k < rows.size(); k++) {
          next[rows.get(k)] = ids[k];
        }
      } else {
        float[] values = logits.toFloatArray();
        int vocab = (int) logits.getShape().get(1);
        for (int k = 0; k < rows.size(); k++) {
          Row row = slots[rows.get(k)];
          next[rows.get(k)] = row.sampler.pick(values, k * vocab, vocab);
        }
      }
    }
    return next;
  }

  private static NDArray select(NDArray hidden, List<Integer> rows) {
    long[] index = new long[rows.size()];
    for (int k = 0; k < index.length; k++) {
      index[k] = rows.get(k);
    }
    return hidden.get(hidden.getManager().create(index));
  }

  private static int indexOfIdentity(List<OutputHead> heads, OutputHead head) {
    for (int i = 0; i < heads.size(); i++) {
      if (heads.get(i) == head) {
        return i;
      }
    }
    return -1;
  }
}

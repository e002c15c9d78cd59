package io.promptstream.runtime.training.tokenizer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained byte-level BPE vocabulary: special tokens (ids {@code 0..s-1}), the 256 byte symbols
 * (ids {@code s..s+255}) and one token per merge, in merge order.
 *
 * @param specialTokens the special tokens in id order
 * @param symbols byte symbols then merged symbols (distinct), in id order after the special tokens
 * @param merges each merge as its two parts, in rank order (two merges may spell the same symbol)
 */
public record BpeVocabulary(
    List<String> specialTokens, List<String> symbols, List<String[]> merges) {

  /** Copies the lists. */
  public BpeVocabulary {
    specialTokens = List.copyOf(specialTokens);
    symbols = List.copyOf(symbols);
    merges = List.copyOf(merges);
    if (symbols.size() < 256 || symbols.size() > 256 + merges.size()) {
      throw new IllegalArgumentException(
          "symbols must be the 256 bytes plus at most one per merge");
    }
  }

  /** Total number of ids. */
  public int size() {
    return specialTokens.size() + symbols.size();
  }

  /** The id of a special token. */
  public int specialId(String token) {
    int id = specialTokens.indexOf(token);
    if (id < 0) {
      throw new IllegalArgumentException("not a special token: " + token);
    }
    return id;
  }

  /** Every token by id, special tokens first. */
  public Map<String, Integer> tokenIds() {
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (String s : specialTokens) {
      ids.put(s, ids.size());
    }
    for (String s : symbols) {
      if (ids.putIfAbsent(s, ids.size()) != null) {
        throw new IllegalStateException("duplicate symbol " + s);
      }
    }
    return Collections.unmodifiableMap(ids);
  }

  /**
   * GPT-2's reversible mapping of bytes to printable characters: printable Latin-1 bytes map to
   * themselves, the others to code points from 256 on.
   */
  public static String[] byteSymbols() {
    String[] out = new String[256];
    int next = 256;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
      out[b] = new String(Character.toChars(printable ? b : next++));
    }
    return out;
  }
}

package io.promptstream.runtime.training.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trains a byte-level BPE vocabulary (the GPT-2 scheme) on a corpus and produces a {@link
 * BpeVocabulary} that {@link TokenizerJson} writes as a Hugging Face {@code tokenizer.json}.
 *
 * <pre>{@code
 * BpeVocabulary vocab = ByteLevelBpeTrainer.builder()
 *     .optVocabSize(4096)                                  // default 4096, specials included
 *     .optSpecialTokens(List.of("<|pad|>", "<|eos|>"))      // ids 0, 1, ...
 *     .build()
 *     .train(texts);
 * }</pre>
 *
 * <p>Texts are split with the GPT-2 pre-tokenization pattern, each piece's UTF-8 bytes become byte
 * symbols, and the most frequent adjacent pair is merged until the vocabulary is full or no pair
 * occurs at least {@link Builder#optMinFrequency(int) minFrequency} times (then the vocabulary is
 * smaller than asked). Ties go to the pair with the smaller symbol ids, so training is a pure
 * function of the corpus and the settings. Every byte has a symbol, so any text encodes without an
 * unknown token.
 */
public final class ByteLevelBpeTrainer {

  /** Default vocabulary size, special tokens and the 256 byte symbols included. */
  public static final int DEFAULT_VOCAB_SIZE = 4096;

  /** Default minimum count of a pair to be merged. */
  public static final int DEFAULT_MIN_FREQUENCY = 2;

  /** The pre-tokenization pattern of GPT-2, which Hugging Face's ByteLevel pre-tokenizer uses. */
  static final Pattern GPT2_PATTERN =
      Pattern.compile(
          "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");

  private final int vocabSize;
  private final int minFrequency;
  private final List<String> specialTokens;

  private ByteLevelBpeTrainer(Builder b) {
    this.vocabSize = b.vocabSize;
    this.minFrequency = b.minFrequency;
    this.specialTokens = List.copyOf(b.specialTokens);
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Learns the merges.
   *
   * @param texts the corpus; special tokens must not appear in it (they are never learnt from text)
   * @return the vocabulary: special tokens first, then the 256 byte symbols, then merges in order
   */
  public BpeVocabulary train(Iterable<String> texts) {
    Map<String, Integer> wordCounts = new LinkedHashMap<>();
    for (String text : texts) {
      Matcher m = GPT2_PATTERN.matcher(text);
      while (m.find()) {
        wordCounts.merge(m.group(), 1, Integer::sum);
      }
    }
    String[] byteSymbols = BpeVocabulary.byteSymbols();
    List<String> symbols = new ArrayList<>(List.of(byteSymbols));
    Map<String, Integer> symbolIds = new HashMap<>();
    for (int i = 0; i < symbols.size(); i++) {
      symbolIds.put(symbols.get(i), i);
    }
    List<int[]> words = new ArrayList<>(wordCounts.size());
    int[] freq = new int[wordCounts.size()];
    int w = 0;
    for (Map.Entry<String, Integer> e : wordCounts.entrySet()) {
      byte[] bytes = e.getKey().getBytes(StandardCharsets.UTF_8);
      int[] word = new int[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        word[i] = bytes[i] & 0xff;
      }
      words.add(word);
      freq[w++] = e.getValue();
    }
    Map<Long, Long> pairCounts = new HashMap<>();
    Map<Long, Set<Integer>> pairWords = new HashMap<>();
    for (int i = 0; i < words.size(); i++) {
      addPairs(words.get(i), freq[i], i, pairCounts, pairWords);
    }
    PriorityQueue<long[]> queue = new PriorityQueue<>(ByteLevelBpeTrainer::compareCandidates);
    pairCounts.forEach((pair, count) -> queue.add(new long[] {count, pair}));

    int maxSymbols = vocabSize - specialTokens.size();
    List<String[]> mergeList = new ArrayList<>();
    while (symbols.size() < maxSymbols && !queue.isEmpty()) {
      long[] top = queue.poll();
      long pair = top[1];
      Long current = pairCounts.get(pair);
      if (current == null || current != top[0]) {
        continue; // stale entry; the current count has an entry of its own
      }
      if (current < minFrequency) {
        break;
      }
      int left = (int) (pair >>> 32);
      int right = (int) pair;
      // Two merges can spell the same token ("a"+"bc", "ab"+"c"): they share its id.
      String token = symbols.get(left) + symbols.get(right);
      Integer existing = symbolIds.get(token);
      int merged = existing != null ? existing : symbols.size();
      if (existing == null) {
        symbols.add(token);
        symbolIds.put(token, merged);
      }
      mergeList.add(new String[] {symbols.get(left), symbols.get(right)});
      Set<Long> touched = new HashSet<>();
      for (int i : pairWords.remove(pair)) {
        int[] word = words.get(i);
        if (!containsPair(word, left, right)) {
          continue;
        }
        removePairs(word, freq[i], pairCounts, touched);
        int[] replaced = replace(word, left, right, merged);
        words.set(i, replaced);
        addPairs(replaced, freq[i], i, pairCounts, pairWords);
        collectPairs(replaced, touched);
      }
      pairCounts.remove(pair);
      for (long p : touched) {
        Long count = pairCounts.get(p);
        if (count != null && p != pair) {
          queue.add(new long[] {count, p});
        }
      }
    }
    return new BpeVocabulary(specialTokens, symbols, mergeList);
  }

  /** Highest count first; ties to the smaller pair (left id, then right id). */
  private static int compareCandidates(long[] a, long[] b) {
    int byCount = Long.compare(b[0], a[0]);
    return byCount != 0 ? byCount : Long.compare(a[1], b[1]);
  }

  private static long key(int left, int right) {
    return ((long) left << 32) | (right & 0xffffffffL);
  }

  private static void addPairs(
      int[] word, int freq, int index, Map<Long, Long> counts, Map<Long, Set<Integer>> where) {
    for (int i = 0; i + 1 < word.length; i++) {
      long k = key(word[i], word[i + 1]);
      counts.merge(k, (long) freq, Long::sum);
      where.computeIfAbsent(k, x -> new HashSet<>()).add(index);
    }
  }

  private static void removePairs(int[] word, int freq, Map<Long, Long> counts, Set<Long> touched) {
    for (int i = 0; i + 1 < word.length; i++) {
      long k = key(word[i], word[i + 1]);
      long left = counts.merge(k, (long) -freq, Long::sum);
      if (left <= 0) {
        counts.remove(k);
      }
      touched.add(k);
    }
  }

  private static void collectPairs(int[] word, Set<Long> touched) {
    for (int i = 0; i + 1 < word.length; i++) {
      touched.add(key(word[i], word[i + 1]));
    }
  }

  private static boolean containsPair(int[] word, int left, int right) {
    for (int i = 0; i + 1 < word.length; i++) {
      if (word[i] == left && word[i + 1] == right) {
        return true;
      }
    }
    return false;
  }

  /** Replaces non-overlapping occurrences of the pair, left to right. */
  private static int[] replace(int[] word, int left, int right, int merged) {
    int[] out = new int[word.length];
    int n = 0;
    for (int i = 0; i < word.length; i++) {
      if (i + 1 < word.length && word[i] == left && word[i + 1] == right) {
        out[n++] = merged;
        i++;
      } else {
        out[n++] = word[i];
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /** Builds a {@link ByteLevelBpeTrainer}. */
  public static final class Builder {
    private int vocabSize = DEFAULT_VOCAB_SIZE;
    private int minFrequency = DEFAULT_MIN_FREQUENCY;
    private List<String> specialTokens = List.of();

    private Builder() {}

    /**
     * Target vocabulary size including special tokens and the 256 bytes; default {@value
     * ByteLevelBpeTrainer#DEFAULT_VOCAB_SIZE}.
     */
    public Builder optVocabSize(int vocabSize) {
      this.vocabSize = vocabSize;
      return this;
    }

    /** Smallest pair count worth a merge; default {@value #DEFAULT_MIN_FREQUENCY}. */
    public Builder optMinFrequency(int minFrequency) {
      if (minFrequency < 1) {
        throw new IllegalArgumentException("minFrequency must be >= 1, got " + minFrequency);
      }
      this.minFrequency = minFrequency;
      return this;
    }

    /** Special tokens, given ids 0, 1, ... in this order; default none. */
    public Builder optSpecialTokens(List<String> specialTokens) {
      for (String s : Objects.requireNonNull(specialTokens, "specialTokens")) {
        if (s == null || s.isEmpty()) {
          throw new IllegalArgumentException("specialTokens must not hold empty tokens");
        }
      }
      if (new HashSet<>(specialTokens).size() != specialTokens.size()) {
        throw new IllegalArgumentException("specialTokens must be distinct");
      }
      this.specialTokens = List.copyOf(specialTokens);
      return this;
    }

    /** Builds the trainer. */
    public ByteLevelBpeTrainer build() {
      if (vocabSize < specialTokens.size() + 256) {
        throw new IllegalArgumentException(
            "vocabSize must be at least 256 + the special tokens ("
                + (256 + specialTokens.size())
                + "), got "
                + vocabSize);
      }
      return new ByteLevelBpeTrainer(this);
    }
  }
}

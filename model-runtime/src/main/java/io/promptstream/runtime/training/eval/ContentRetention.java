package io.promptstream.runtime.training.eval;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much of a prompt's content a rewrite keeps: the share of the prompt's content words and
 * numbers that appear in the rewrite.
 *
 * <p>Words are maximal runs of letters (with inner apostrophes), lower-cased; a word longer than
 * three letters loses one trailing "s" so that plural and singular match. Content words are the
 * words that are not in {@link #STOPWORDS} (English function words plus conversational fillers such
 * as "please", "help", "want"). Numbers are digit runs with an optional decimal part and count as
 * content too. A prompt without content scores 1.
 */
public final class ContentRetention {

  /** Function words and conversational fillers that carry no task content. */
  public static final Set<String> STOPWORDS =
      Set.of(
          "a",
          "about",
          "above",
          "after",
          "again",
          "against",
          "all",
          "am",
          "an",
          "and",
          "any",
          "are",
          "as",
          "at",
          "be",
          "because",
          "been",
          "before",
          "being",
          "below",
          "between",
          "both",
          "but",
          "by",
          "can",
          "could",
          "did",
          "do",
          "doe",
          "does",
          "doing",
          "down",
          "during",
          "each",
          "few",
          "for",
          "from",
          "further",
          "had",
          "ha",
          "has",
          "have",
          "having",
          "he",
          "her",
          "here",
          "hers",
          "herself",
          "him",
          "himself",
          "his",
          "how",
          "i",
          "if",
          "in",
          "into",
          "is",
          "it",
          "its",
          "itself",
          "just",
          "me",
          "more",
          "most",
          "my",
          "myself",
          "no",
          "nor",
          "not",
          "now",
          "of",
          "off",
          "on",
          "once",
          "only",
          "or",
          "other",
          "our",
          "ours",
          "ourselves",
          "out",
          "over",
          "own",
          "same",
          "she",
          "should",
          "so",
          "some",
          "such",
          "than",
          "that",
          "the",
          "their",
          "theirs",
          "them",
          "themselves",
          "then",
          "there",
          "these",
          "they",
          "this",
          "those",
          "through",
          "to",
          "too",
          "under",
          "until",
          "up",
          "very",
          "was",
          "we",
          "were",
          "what",
          "when",
          "where",
          "which",
          "while",
          "who",
          "whom",
          "why",
          "will",
          "with",
          "would",
          "you",
          "your",
          "yours",
          "yourself",
          "yourselves",
          "im",
          "i'm",
          "i'd",
          "i've",
          "it's",
          "what's",
          "don't",
          "can't",
          "won't",
          "let",
          "let's",
          "please",
          "pls",
          "help",
          "want",
          "need",
          "like",
          "know",
          "thanks",
          "thank",
          "hey",
          "hi",
          "hello",
          "ok",
          "okay",
          "really",
          "also",
          "get",
          "got",
          "give",
          "tell",
          "make",
          "something",
          "thing",
          "stuff",
          "kind",
          "sort",
          "maybe",
          "much",
          "many",
          "way",
          "one",
          "someone",
          "anything",
          "us",
          "yo",
          "u");

  private static final Pattern WORD = Pattern.compile("[\\p{L}]+(?:'[\\p{L}]+)?");
  private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)?");

  private ContentRetention() {}

  /**
   * The share of the prompt's content kept by the rewrite, in {@code [0, 1]}.
   *
   * @param prompt the user prompt
   * @param rewrite the rewrite
   */
  public static double score(String prompt, String rewrite) {
    Set<String> content = contentWords(prompt);
    Set<String> numbers = numbers(prompt);
    int total = content.size() + numbers.size();
    if (total == 0) {
      return 1.0;
    }
    Set<String> words = words(rewrite);
    Set<String> rewriteNumbers = numbers(rewrite);
    int kept = 0;
    for (String w : content) {
      kept += words.contains(w) ? 1 : 0;
    }
    for (String n : numbers) {
      kept += rewriteNumbers.contains(n) ? 1 : 0;
    }
    return (double) kept / total;
  }

  /** Whether every number of the prompt appears in the rewrite ({@code true} without numbers). */
  public static boolean keepsEveryNumber(String prompt, String rewrite) {
    return numbers(rewrite).containsAll(numbers(prompt));
  }

  /** Whether the prompt holds a number. */
  public static boolean hasNumbers(String prompt) {
    return !numbers(prompt).isEmpty();
  }

  /** The normalised content words of a text. */
  public static Set<String> contentWords(String text) {
    Set<String> out = new LinkedHashSet<>();
    for (String w : words(text)) {
      if (!STOPWORDS.contains(w)) {
        out.add(w);
      }
    }
    return out;
  }

  static Set<String> words(String text) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT).replace('\u2019', '\''));
    while (m.find()) {
      out.add(normalise(m.group()));
    }
    return out;
  }

  static Set<String> numbers(String text) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = NUMBER.matcher(text);
    while (m.find()) {
      out.add(m.group().replace(',', '.'));
    }
    return out;
  }

  private static String normalise(String word) {
    if (word.endsWith("'s")) {
      word = word.substring(0, word.length() - 2);
    }
    return word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")
        ? word.substring(0, word.length() - 1)
        : word;
  }
}

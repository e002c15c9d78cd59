package io.promptstream.topology.guard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a rewrite still asks what the user asked. A rewrite that drops a number or a named
 * entity of the prompt, or comes back empty or degenerate (the same words over and over), is not
 * sent: the gateway sends the original prompt with {@code FALLBACK_INTENT} instead.
 *
 * <p>Named entities are found by a simple, predictable rule: capitalised words that do not start a
 * sentence (and are not "I"), and all-caps acronyms. The rule misses lower-case names and flags
 * some ordinary capitalised words; it errs toward falling back, which is always safe.
 */
public final class IntentGuard {

  /**
   * Which checks run.
   *
   * @param keepNumbers every number of the prompt must appear in the rewrite
   * @param keepNamedEntities every named entity of the prompt must appear in the rewrite
   * @param refuseDegenerate refuse rewrites that repeat one n-gram {@code maxNgramRepeats} times
   * @param maxNgramRepeats how often one 3-word sequence may occur before the rewrite is degenerate
   */
  public record Rules(
      boolean keepNumbers,
      boolean keepNamedEntities,
      boolean refuseDegenerate,
      int maxNgramRepeats) {

    public Rules {
      if (maxNgramRepeats < 2) {
        throw new IllegalArgumentException("maxNgramRepeats must be >= 2, was " + maxNgramRepeats);
      }
    }

    /** Every check on; a 3-word sequence may occur at most 3 times. */
    public static Rules defaults() {
      return new Rules(true, true, true, 3);
    }
  }

  private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,:/-]\\d+)*");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’-]*");
  private static final String SENTENCE_ENDS = ".!?:;";

  private final Rules rules;

  public IntentGuard(Rules rules) {
    this.rules = rules;
  }

  /** Why the rewrite must not be sent, or empty when it keeps the prompt's intent. */
  public Optional<String> violation(String prompt, String rewrite) {
    if (rewrite == null || rewrite.isBlank()) {
      return Optional.of("rewrite is empty");
    }
    String rewriteLower = rewrite.toLowerCase(Locale.ROOT);
    List<String> rewriteWords = words(rewriteLower);
    if (rules.keepNumbers()) {
      Set<String> kept = numbers(rewrite);
      for (String number : numbers(prompt)) {
        if (!kept.contains(number)) {
          return Optional.of("rewrite drops the number " + number);
        }
      }
    }
    if (rules.keepNamedEntities()) {
      Set<String> kept = new HashSet<>(rewriteWords);
      for (String entity : namedEntities(prompt)) {
        if (!kept.contains(entity.toLowerCase(Locale.ROOT))) {
          return Optional.of("rewrite drops the name '" + entity + "'");
        }
      }
    }
    if (rules.refuseDegenerate()) {
      Optional<String> repeated = repeatedTrigram(rewriteWords);
      if (repeated.isPresent()) {
        return Optional.of("rewrite is degenerate: '" + repeated.get() + "' repeats");
      }
    }
    return Optional.empty();
  }

  static Set<String> numbers(String text) {
    Set<String> numbers = new LinkedHashSet<>();
    Matcher m = NUMBER.matcher(text);
    while (m.find()) {
      numbers.add(m.group());
    }
    return numbers;
  }

  static Set<String> namedEntities(String text) {
    Set<String> entities = new LinkedHashSet<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      String word = m.group();
      boolean acronym =
          word.length() >= 2
              && word.equals(word.toUpperCase(Locale.ROOT))
              && word.chars().anyMatch(Character::isLetter);
      boolean capitalised = Character.isUpperCase(word.charAt(0)) && !word.equals("I");
      boolean startsSentence = startsSentence(text, m.start());
      if (acronym || (capitalised && !startsSentence)) {
        entities.add(word);
      }
    }
    return entities;
  }

  /** True when only whitespace stands between {@code at} and the text's start or a sentence end. */
  private static boolean startsSentence(String text, int at) {
    for (int i = at - 1; i >= 0; i--) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c)) {
        return SENTENCE_ENDS.indexOf(c) >= 0;
      }
      if (c == '\n') {
        return true;
      }
    }
    return true;
  }

  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      words.add(m.group());
    }
    return words;
  }

  private Optional<String> repeatedTrigram(List<String> words) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i + 3 <= words.size(); i++) {
      String trigram = words.get(i) + " " + words.get(i + 1) + " " + words.get(i + 2);
      if (counts.merge(trigram, 1, Integer::sum) > rules.maxNgramRepeats()) {
        return Optional.of(trigram);
      }
    }
    return Optional.empty();
  }
}

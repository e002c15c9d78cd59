package io.promptstream.runtime.training.eval;

import io.promptstream.runtime.training.data.RewriteStyle;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Rule-based style classification of a rewrite:
 *
 * <ul>
 *   <li>{@link RewriteStyle#STRUCTURED}: enumerated requirements, "(1)" followed later by "(2)";
 *   <li>{@link RewriteStyle#EXPERT}: opens with a role, "You are", "As a(n)" or "Act as";
 *   <li>{@link RewriteStyle#CONCISE}: a single sentence (abbreviations such as "Dr." or "e.g." and
 *       quoted text do not end a sentence).
 * </ul>
 *
 * <p>{@link #matches} applies one rule on its own, so a text may match several (most structured
 * rewrites are also single sentences). {@link #classify} gives each text at most one style, in the
 * order above: enumerated, else role, else single sentence. Style adherence is measured with {@link
 * #classify}, so a rewrite counts as concise only when it is one sentence with neither an
 * enumeration nor a role opener.
 */
public final class StyleRules {

  private static final Pattern ENUMERATION = Pattern.compile("\\(1\\).*\\(2\\)", Pattern.DOTALL);
  private static final Pattern ROLE =
      Pattern.compile("^[\"'\\s]*(you are|you're|as an?|act as)\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern ABBREVIATION =
      Pattern.compile(
          "\\b(dr|mr|mrs|ms|st|vs|etc|e\\.g|i\\.e|approx|no|jr|sr|prof|inc|ltd|u\\.s)\\.",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern QUOTED =
      Pattern.compile("\"[^\"]*\"|'[^']{2,}'|\u201c[^\u201d]*\u201d");
  private static final Pattern BOUNDARY = Pattern.compile("[.!?]+[\\s]+(?=[\\p{Lu}\\d(])");

  private StyleRules() {}

  /** Whether a text shows a style. */
  public static boolean matches(RewriteStyle style, String text) {
    switch (style) {
      case STRUCTURED:
        return ENUMERATION.matcher(text).find();
      case EXPERT:
        return ROLE.matcher(text).find();
      default:
        return !text.isBlank() && sentenceCount(text) == 1;
    }
  }

  /**
   * The one style a text is classified as: {@link RewriteStyle#STRUCTURED} if it enumerates, else
   * {@link RewriteStyle#EXPERT} if it opens with a role, else {@link RewriteStyle#CONCISE} if it is
   * a single sentence, else {@code null}.
   */
  public static RewriteStyle classify(String text) {
    for (RewriteStyle style : RewriteStyle.values()) {
      if (matches(style, text)) {
        return style;
      }
    }
    return null;
  }

  /** Sentences in a text, by the rules above. */
  public static int sentenceCount(String text) {
    String t = QUOTED.matcher(text.strip()).replaceAll("Q");
    t = ABBREVIATION.matcher(t).replaceAll("$1");
    if (t.isEmpty()) {
      return 0;
    }
    int boundaries = 0;
    java.util.regex.Matcher m = BOUNDARY.matcher(t);
    while (m.find()) {
      boundaries++;
    }
    return boundaries + 1;
  }

  /** The styles a text matches, as lower-case keys joined by "+", or "none". */
  public static String describe(String text) {
    StringBuilder b = new StringBuilder();
    for (RewriteStyle s : RewriteStyle.values()) {
      if (matches(s, text)) {
        b.append(b.length() == 0 ? "" : "+").append(s.name().toLowerCase(Locale.ROOT));
      }
    }
    return b.length() == 0 ? "none" : b.toString();
  }
}

package io.promptstream.topology.demo.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstream.runtime.training.data.RewriteStyle;
import io.promptstream.topology.demo.DemoDataset;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A simulation aid: tells which {@link RewriteStyle} a rewrite is written in, so that the simulated
 * judges of {@code demo --scenario drift} can have a taste for one style. It stands in for no real
 * component; a real judge LLM reads the answers, not the style.
 *
 * <p>Built from the prompt-rewrite dataset (JSON lines, each with a {@code prompt} and a {@code
 * rewrites} object holding one rewrite per style). For a prompt of the dataset (matched exactly
 * after {@link String#strip()}), the style is the one whose dataset rewrite shares the most
 * lower-cased word tokens with the given rewrite (token-set Jaccard similarity); below {@value
 * #MIN_SIMILARITY} the style is unknown. For other prompts it falls back to surface cues: a "(1)"
 * enumeration is {@link RewriteStyle#STRUCTURED}, a "You are" / "As a" / "As an" opener is {@link
 * RewriteStyle#EXPERT}, a single sentence of fewer than {@value #CONCISE_MAX_WORDS} words is {@link
 * RewriteStyle#CONCISE}, and anything else is unknown.
 *
 * <p>Immutable and thread-safe.
 */
public final class StyleClassifier {

  /** The least token-set Jaccard similarity to a dataset rewrite that still names its style. */
  public static final double MIN_SIMILARITY = 0.2;

  /** A concise rewrite of an unknown prompt has fewer words than this. */
  public static final int CONCISE_MAX_WORDS = 25;

  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{Nd}]+");
  private static final Pattern EXPERT_OPENER =
      Pattern.compile("^(you are|as an?)\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private record Row(Map<RewriteStyle, String> rewrites, Map<RewriteStyle, Set<String>> tokens) {}

  private final List<String> prompts;
  private final Map<String, Row> rows;

  private StyleClassifier(List<String> prompts, Map<String, Row> rows) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("The prompt-rewrite dataset has no rows");
    }
    this.prompts = List.copyOf(prompts);
    this.rows = Collections.unmodifiableMap(rows);
  }

  /** A classifier built from the dataset bundled with the launcher ({@link DemoDataset}). */
  public static StyleClassifier bundled() {
    InputStream in = DemoDataset.class.getResourceAsStream(DemoDataset.BUNDLED_RESOURCE);
    if (in == null) {
      throw new IllegalStateException(
          "Bundled prompt-rewrite dataset " + DemoDataset.BUNDLED_RESOURCE + " is missing");
    }
    try (in) {
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the bundled prompt-rewrite dataset", e);
    }
  }

  /** A classifier built from a prompt-rewrite JSON-lines file. */
  public static StyleClassifier fromFile(Path file) {
    Objects.requireNonNull(file, "file");
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read prompt-rewrite dataset " + file, e);
    }
  }

  /**
   * A classifier built from a prompt-rewrite JSON-lines stream; the stream is read to its end and
   * left open.
   *
   * @throws IOException when the stream cannot be read, or a line lacks a text {@code prompt} or a
   *     text rewrite for one of the styles (the message names the line)
   */
  public static StyleClassifier parse(InputStream in) throws IOException {
    Objects.requireNonNull(in, "in");
    ObjectMapper json = new ObjectMapper();
    List<String> prompts = new ArrayList<>();
    Map<String, Row> rows = new LinkedHashMap<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    int lineNumber = 0;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode node = json.readTree(line);
      JsonNode prompt = node.get("prompt");
      if (prompt == null || !prompt.isTextual()) {
        throw new IOException("Line " + lineNumber + " has no text field 'prompt'");
      }
      JsonNode rewritesNode = node.get("rewrites");
      Map<RewriteStyle, String> rewrites = new EnumMap<>(RewriteStyle.class);
      Map<RewriteStyle, Set<String>> tokens = new EnumMap<>(RewriteStyle.class);
      for (RewriteStyle style : RewriteStyle.values()) {
        JsonNode rewrite = rewritesNode == null ? null : rewritesNode.get(style.key());
        if (rewrite == null || !rewrite.isTextual()) {
          throw new IOException(
              "Line " + lineNumber + " has no text field 'rewrites." + style.key() + "'");
        }
        rewrites.put(style, rewrite.asText());
        tokens.put(style, tokens(rewrite.asText()));
      }
      String key = prompt.asText().strip();
      // A prompt listed twice keeps its first rewrites.
      if (rows.putIfAbsent(key, new Row(rewrites, tokens)) == null) {
        prompts.add(prompt.asText());
      }
    }
    return new StyleClassifier(prompts, rows);
  }

  /**
   * The style a rewrite of the prompt is written in, or empty when it cannot be told: for a dataset
   * prompt, when no dataset rewrite has a similarity of at least {@value #MIN_SIMILARITY}; for
   * another prompt, when no surface cue matches.
   */
  public Optional<RewriteStyle> styleOf(String originalPrompt, String rewrite) {
    Objects.requireNonNull(originalPrompt, "originalPrompt");
    Objects.requireNonNull(rewrite, "rewrite");
    Row row = rows.get(originalPrompt.strip());
    return row == null ? styleByCues(rewrite) : mostSimilarStyle(row, tokens(rewrite));
  }

  /** The dataset's prompts, in file order (a prompt listed twice appears once). */
  public List<String> prompts() {
    return prompts;
  }

  /** The dataset's rewrite of the prompt in the style, or empty for a prompt not in the dataset. */
  public Optional<String> rewrite(String prompt, RewriteStyle style) {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(style, "style");
    Row row = rows.get(prompt.strip());
    return row == null ? Optional.empty() : Optional.of(row.rewrites().get(style));
  }

  /** The number of distinct prompts in the dataset. */
  public int size() {
    return rows.size();
  }

  private static Optional<RewriteStyle> mostSimilarStyle(Row row, Set<String> tokens) {
    RewriteStyle best = null;
    double bestSimilarity = -1;
    for (RewriteStyle style : RewriteStyle.values()) {
      double similarity = jaccard(tokens, row.tokens().get(style));
      if (similarity > bestSimilarity) {
        best = style;
        bestSimilarity = similarity;
      }
    }
    return bestSimilarity < MIN_SIMILARITY ? Optional.empty() : Optional.of(best);
  }

  private static Optional<RewriteStyle> styleByCues(String rewrite) {
    String text = rewrite.strip();
    if (text.contains("(1)")) {
      return Optional.of(RewriteStyle.STRUCTURED);
    }
    if (EXPERT_OPENER.matcher(text).find()) {
      return Optional.of(RewriteStyle.EXPERT);
    }
    if (!text.isEmpty()
        && SENTENCE_END.split(text).length == 1
        && WHITESPACE.split(text).length < CONCISE_MAX_WORDS) {
      return Optional.of(RewriteStyle.CONCISE);
    }
    return Optional.empty();
  }

  /** Token-set Jaccard similarity; 0 when both sets are empty. */
  static double jaccard(Set<String> a, Set<String> b) {
    if (a.isEmpty() && b.isEmpty()) {
      return 0;
    }
    int common = 0;
    for (String token : a) {
      if (b.contains(token)) {
        common++;
      }
    }
    return (double) common / (a.size() + b.size() - common);
  }

  /** The distinct lower-cased word tokens of a text. */
  static Set<String> tokens(String text) {
    Set<String> tokens = new HashSet<>();
    Arrays.stream(NON_WORD.split(text.toLowerCase(Locale.ROOT)))
        .filter(token -> !token.isEmpty())
        .forEach(tokens::add);
    return tokens;
  }
}

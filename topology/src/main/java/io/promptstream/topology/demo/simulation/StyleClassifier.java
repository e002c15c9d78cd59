package io.promptstream.topology.demo.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstream.runtime.training.data.RewriteStyle;
import io.promptstream.runtime.training.eval.StyleRules;
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
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A simulation aid: the prompt-rewrite dataset the simulated judges draw on, and which {@link
 * RewriteStyle} a rewrite is written in, so that the simulated judges of {@code demo --scenario
 * drift} can have a taste for one style. It stands in for no real component; a real judge LLM reads
 * the answers, not the style.
 *
 * <p>The style is told by {@link StyleRules#classify}, the rules that measure the style adherence
 * of the prompter's heads ({@code evaluate-prompter}): an enumeration is structured, a role opener
 * expert, a single sentence concise, anything else unknown.
 *
 * <p>Built from the prompt-rewrite dataset (JSON lines, each with a {@code prompt} and a {@code
 * rewrites} object holding one rewrite per style). Immutable and thread-safe.
 */
public final class StyleClassifier {

  private record Row(Map<RewriteStyle, String> rewrites) {}

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
      for (RewriteStyle style : RewriteStyle.values()) {
        JsonNode rewrite = rewritesNode == null ? null : rewritesNode.get(style.key());
        if (rewrite == null || !rewrite.isTextual()) {
          throw new IOException(
              "Line " + lineNumber + " has no text field 'rewrites." + style.key() + "'");
        }
        rewrites.put(style, rewrite.asText());
      }
      String key = prompt.asText().strip();
      // A prompt listed twice keeps its first rewrites.
      if (rows.putIfAbsent(key, new Row(rewrites)) == null) {
        prompts.add(prompt.asText());
      }
    }
    return new StyleClassifier(prompts, rows);
  }

  /** The style a rewrite is written in, or empty when it shows none; see {@link StyleRules}. */
  public Optional<RewriteStyle> styleOf(String rewrite) {
    Objects.requireNonNull(rewrite, "rewrite");
    return Optional.ofNullable(StyleRules.classify(rewrite.strip()));
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
}

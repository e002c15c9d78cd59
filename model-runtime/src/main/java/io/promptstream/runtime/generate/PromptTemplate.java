package io.promptstream.runtime.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a user prompt is wrapped before the prompter sees it, and the stop strings that end a
 * rewrite. The text must contain {@value #PLACEHOLDER} exactly once.
 *
 * <p>A prompter directory may define its own in {@value #FILE_NAME}: {@code {"prompt_template":
 * "...{prompt}...", "stop_strings": ["..."]}}; otherwise {@link #DEFAULT} applies.
 *
 * @param text the template
 * @param stopStrings strings that end generation when they appear in the output
 */
public record PromptTemplate(String text, List<String> stopStrings) {

  /** The placeholder replaced by the user prompt. */
  public static final String PLACEHOLDER = "{prompt}";

  /** File in a prompter directory that defines its template. */
  public static final String FILE_NAME = "promptstream.json";

  /** An instruction-style template for prompters that define none. */
  public static final PromptTemplate DEFAULT =
      new PromptTemplate(
          "### Instruction:\nRewrite the prompt below so that it is clear, specific and complete."
              + " Keep its intent.\n\n### Prompt:\n{prompt}\n\n### Rewrite:\n",
          List.of("\n### "));

  /** The prompt as is, with no stop strings. */
  public static final PromptTemplate RAW = new PromptTemplate(PLACEHOLDER, List.of());

  /** Validates the template. */
  public PromptTemplate {
    Objects.requireNonNull(text, "text");
    int first = text.indexOf(PLACEHOLDER);
    if (first < 0 || text.indexOf(PLACEHOLDER, first + 1) >= 0) {
      throw new IllegalArgumentException("template must contain " + PLACEHOLDER + " exactly once");
    }
    stopStrings = List.copyOf(stopStrings);
    for (String s : stopStrings) {
      if (s.isEmpty()) {
        throw new IllegalArgumentException("stop strings must not be empty");
      }
    }
  }

  /** Wraps a prompt. */
  public String apply(String prompt) {
    return text.replace(PLACEHOLDER, prompt);
  }

  /**
   * The template a prompter directory defines in {@value #FILE_NAME}, or {@link #DEFAULT}.
   *
   * @throws IOException when the file exists but cannot be read or lacks {@code prompt_template}
   */
  public static PromptTemplate forModelDir(Path modelDir) throws IOException {
    Path file = modelDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return DEFAULT;
    }
    JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(file));
    JsonNode template = root == null ? null : root.get("prompt_template");
    if (template == null || !template.isTextual()) {
      throw new IOException(file + ": prompt_template missing or not a string");
    }
    List<String> stops = new ArrayList<>();
    JsonNode stopNode = root.get("stop_strings");
    if (stopNode != null && stopNode.isArray()) {
      stopNode.forEach(n -> stops.add(n.asText()));
    }
    return new PromptTemplate(template.asText(), stops);
  }
}
